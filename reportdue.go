package clusterscope

import "time"

// ReportStatus is how a cluster's yearly report stands against its due
// day, judged on a day.
type ReportStatus string

// The statuses of a yearly report.
const (
	ReportOnTime  ReportStatus = "on_time" // 按时: received by the due day
	ReportLate    ReportStatus = "late"    // 逾期: received after it
	ReportMissing ReportStatus = "missing" // 缺报: not received, the due day past
	ReportNotDue  ReportStatus = "not_due" // 未到期: not received, still in time
)

// ReportStatuses in the order the pages count them.
var ReportStatuses = []ReportStatus{ReportOnTime, ReportLate, ReportMissing, ReportNotDue}

// Label is the status in Chinese.
func (s ReportStatus) Label() string {
	switch s {
	case ReportOnTime:
		return "按时"
	case ReportLate:
		return "逾期"
	case ReportMissing:
		return "缺报"
	case ReportNotDue:
		return "未到期"
	}
	return string(s)
}

// JudgeReport judges a report due on the day due, received on the day
// received (nil: not at all), on the day asOf: a report received after
// asOf is not yet received then. The due day itself is still in time.
func JudgeReport(due time.Time, received *time.Time, asOf time.Time) ReportStatus {
	due, asOf = Day(due), Day(asOf)
	switch {
	case received != nil && !Day(*received).After(asOf):
		if Day(*received).After(due) {
			return ReportLate
		}
		return ReportOnTime
	case asOf.After(due):
		return ReportMissing
	}
	return ReportNotDue
}

// Receipt is what the warehouse knows of when a report came: the time of
// the first load that carried it, and the date the report itself states
// (its 报送日期, "" when it has none).
type Receipt struct {
	Loaded time.Time
	Stated string
}

// Received is the day the report was received: the date it states when
// that is a whole day, else the day (in Beijing) of its first load. stated
// is false when the load time was used.
func (r Receipt) Received() (day time.Time, stated bool) {
	if t, err := time.Parse(time.DateOnly, r.Stated); err == nil {
		return t, true
	}
	return Day(r.Loaded), false
}

// ReportCheck is one year's report of one cluster, judged.
type ReportCheck struct {
	Year     int          `json:"year"` // the year reported on
	Due      time.Time    `json:"due"`
	Received *time.Time   `json:"received,omitempty"` // by the as-of day
	Stated   bool         `json:"stated"`             // the day is the report's own, not its load's
	Status   ReportStatus `json:"status"`
	DaysLate int          `json:"days_late,omitempty"` // after the due day: received, or still missing on the as-of day
}

// ReportsDue lists the years whose reports the cluster owes: the year
// before each of its terms' years (a term 2023–2025 owes the reports on
// 2022–2024), up to its withdrawal: a report due after it is not owed.
func (l *Life) ReportsDue(n *ListNotice) []int {
	if l.Status == TermPending {
		return nil
	}
	var out []int
	for _, t := range l.Terms {
		for y := t.Start - 1; y < t.End; y++ {
			if l.Withdrawal != nil && n.DueDate(y).After(l.Withdrawal.Date) {
				return out
			}
			out = append(out, y)
		}
	}
	return out
}

// CheckReports judges each report the cluster owes against its due day on
// the life's as-of day; receipts are by the year reported on.
func CheckReports(n *ListNotice, l *Life, receipts map[int]Receipt) []ReportCheck {
	var out []ReportCheck
	for _, y := range l.ReportsDue(n) {
		c := ReportCheck{Year: y, Due: n.DueDate(y)}
		if r, ok := receipts[y]; ok {
			day, stated := r.Received()
			if !day.After(l.AsOf) {
				c.Received, c.Stated = &day, stated
			}
		}
		c.Status = JudgeReport(c.Due, c.Received, l.AsOf)
		switch c.Status {
		case ReportLate:
			c.DaysLate = int(c.Received.Sub(c.Due).Hours() / 24)
		case ReportMissing:
			c.DaysLate = int(l.AsOf.Sub(c.Due).Hours() / 24)
		}
		out = append(out, c)
	}
	return out
}
