package clusterscope

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"time"
)

// ListNotice is a batch's list notice (名单通告): the ministry's notice that
// names the clusters recognised in a batch, the term of their recognition
// (动态管理, three years) and the day by which each year's report is due.
// It is read from a TOML file like a call (warehouse.ParseListNotice; the
// format is documented in the embedded warehouse/lists/list-2022.toml), so
// an administrator corrects a figure without rebuilding.
type ListNotice struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Version    string `json:"version"`
	Issuer     string `json:"issuer"`
	Batch      int    `json:"batch"`
	Document   string `json:"document"`  // 文号; "" when not known
	Dated      string `json:"dated"`     // 2023-01-11, or 2025-11 when only the month is known
	Publicity  string `json:"publicity"` // 公示 period as published, "" when not known
	Recognised int    `json:"recognised"`
	TermStart  int    `json:"term_start"` // the term's first year (2023 for the 2022 batch)
	TermYears  int    `json:"term_years"`
	// ReportDue is the day of each year by which the report on the year
	// before reaches the ministry, the day itself still in time.
	ReportDue MonthDay `json:"report_due"`
	// DueFrom changes the due day from a year on (the year the report is
	// sent: 2025 for the report on 2024), when the ministry moves it for
	// the clusters of this batch too; earlier years keep theirs.
	DueFrom map[int]MonthDay `json:"report_due_from,omitempty"`
	// Clusters are the ids (as this installation knows them) of the
	// clusters the notice recognised, when an administrator has entered
	// them; nil when not: recognition then rests on the reports (Lists).
	Clusters []string `json:"clusters,omitempty"`
}

// Lists tells whether the notice names the cluster among those it
// recognised; known is false when it names none, and recognition must
// rest on something else (a cluster that has sent a yearly report).
func (n *ListNotice) Lists(id string) (listed, known bool) {
	if n.Clusters == nil {
		return false, false
	}
	return slices.Contains(n.Clusters, id), true
}

// MonthDay is a day of every year: 04-30.
type MonthDay struct {
	Month time.Month `json:"month"`
	Day   int        `json:"day"`
}

func (m MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(m.Month), m.Day) }

// In is the day in the year y.
func (m MonthDay) In(y int) time.Time { return time.Date(y, m.Month, m.Day, 0, 0, 0, 0, time.UTC) }

var monthDayRe = regexp.MustCompile(`^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`)

// ParseMonthDay reads 04-30; a day no year has (02-30) or only some years
// have (02-29, which would move) is refused.
func ParseMonthDay(s string) (MonthDay, bool) {
	if !monthDayRe.MatchString(s) {
		return MonthDay{}, false
	}
	t, err := time.Parse("2006-01-02", "2001-"+s) // 2001: not a leap year
	if err != nil {
		return MonthDay{}, false
	}
	return MonthDay{t.Month(), t.Day()}, true
}

// Ref names the notice in results: ID@version.
func (n *ListNotice) Ref() string { return n.ID + "@" + n.Version }

// FirstTerm is the term the notice gives.
func (n *ListNotice) FirstTerm() Term {
	return Term{Start: n.TermStart, End: n.TermStart + n.TermYears - 1}
}

// RecognisedOn is the day the notice was dated: recognition holds from
// then; a notice known only by its month counts from the month's first day.
func (n *ListNotice) RecognisedOn() time.Time {
	if t, err := time.Parse(time.DateOnly, n.Dated); err == nil {
		return t
	}
	t, _ := time.Parse("2006-01", n.Dated)
	return t
}

// DueDate is the day the report on year is due, in the next year: its
// ReportDue, or the latest DueFrom in force by then.
func (n *ListNotice) DueDate(year int) time.Time { return n.dueIn(year + 1).In(year + 1) }

// dueIn is the due day of the reports sent in the year.
func (n *ListNotice) dueIn(sent int) MonthDay {
	due, from := n.ReportDue, 0
	for y, d := range n.DueFrom {
		if y <= sent && y > from {
			due, from = d, y
		}
	}
	return due
}

// DueDays says the due day and its changes: 04-30；2025 年起 03-31.
func (n *ListNotice) DueDays() string {
	out := n.ReportDue.String()
	years := slices.Sorted(maps.Keys(n.DueFrom))
	for _, y := range years {
		out += fmt.Sprintf("；%d 年起 %s", y, n.DueFrom[y])
	}
	return out
}

// SelectListNotice returns the batch's notice, the later in notices on a
// tie (an administrator's file after the embedded default), or nil.
func SelectListNotice(notices []*ListNotice, batch int) *ListNotice {
	var best *ListNotice
	for _, n := range notices {
		if n.Batch == batch {
			best = n
		}
	}
	return best
}

// Validate checks the notice; the problem names the key.
func (n *ListNotice) Validate() *CallProblem {
	if p := checkHead(n.ID, n.Name, n.Version, n.Issuer, n.Batch, "缺少通告名称"); p != nil {
		return p
	}
	switch {
	case !datedRe.MatchString(n.Dated):
		return keyProblem("dated", "「%s」不是日期（如 2023-01-11，只知月份时 2025-11）：认定自通告之日起生效，必须写明", n.Dated)
	case n.RecognisedOn().Year() < n.Batch:
		return keyProblem("dated", "通告日期 %s 早于批次 %d 年", n.Dated, n.Batch)
	case n.Recognised < 0:
		return keyProblem("recognised", "认定数量应为不小于 0 的整数，实为 %d", n.Recognised)
	case n.TermStart < n.Batch || n.TermStart > n.Batch+2:
		return keyProblem("term_start", "有效期首年「%d」应在 %d–%d 之间", n.TermStart, n.Batch, n.Batch+2)
	case n.TermYears < 1 || n.TermYears > 10:
		return keyProblem("term_years", "有效期年数应为 1–10，实为 %d", n.TermYears)
	case n.ReportDue.Month == 0:
		return keyProblem("report_due", "缺少年度报告截止日（如 \"04-30\"）")
	case n.badDueFrom() != 0:
		return keyProblem("report_due_from", "%d 年：应在有效期首年 %d 年之后（首年起的报告按 report_due）", n.badDueFrom(), n.TermStart)
	case n.Clusters != nil && len(n.Clusters) != n.Recognised:
		return keyProblem("clusters", "列出 %d 个集群编号，而通告认定 %d 个：应逐一列出全部认定的集群（或不填 clusters）", len(n.Clusters), n.Recognised)
	}
	seen := map[string]bool{}
	for i, id := range n.Clusters {
		switch {
		case !ValidClusterID(id):
			return keyProblem("clusters", "第 %d 个「%s」不是集群编号（1–64 个字母、数字、- 或 _）", i+1, id)
		case seen[id]:
			return keyProblem("clusters", "第 %d 个「%s」重复", i+1, id)
		}
		seen[id] = true
	}
	return nil
}

// badDueFrom is a year of DueFrom no later than the term's first (when
// the first reports are sent, under ReportDue), or 0.
func (n *ListNotice) badDueFrom() int {
	for y := range n.DueFrom {
		if y <= n.TermStart {
			return y
		}
	}
	return 0
}
