package clusterscope_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"clusterscope"
)

func TestJudgeReport(t *testing.T) {
	due := day("2024-04-30")
	at := func(s string) *time.Time { d := day(s); return &d }
	cases := []struct {
		name     string
		received *time.Time
		asOf     string
		want     clusterscope.ReportStatus
	}{
		{"OnTheDueDayIsOnTime", at("2024-04-30"), "2024-06-30", clusterscope.ReportOnTime},
		{"TheDayAfterIsLate", at("2024-05-01"), "2024-06-30", clusterscope.ReportLate},
		{"EarlyIsOnTime", at("2024-03-02"), "2024-06-30", clusterscope.ReportOnTime},
		{"NothingYetOnTheDueDay", nil, "2024-04-30", clusterscope.ReportNotDue},
		{"NothingTheDayAfter", nil, "2024-05-01", clusterscope.ReportMissing},
		{"NothingBeforeTheDueDay", nil, "2024-01-15", clusterscope.ReportNotDue},
		// seen from before it arrived, a report is not there yet
		{"ReceivedAfterTheAsOfDayInTime", at("2024-04-20"), "2024-04-10", clusterscope.ReportNotDue},
		{"ReceivedAfterTheAsOfDayLate", at("2024-06-01"), "2024-05-10", clusterscope.ReportMissing},
		{"ReceivedOnTheAsOfDay", at("2024-05-10"), "2024-05-10", clusterscope.ReportLate},
	}
	for _, c := range cases {
		if got := clusterscope.JudgeReport(due, c.received, day(c.asOf)); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got.Label(), c.want.Label())
		}
	}
}

func TestReceiptDay(t *testing.T) {
	cases := []struct {
		name   string
		r      clusterscope.Receipt
		want   string
		stated bool
	}{
		{"StatedDateWins", clusterscope.Receipt{Loaded: day("2024-06-01"), Stated: "2024-04-28"}, "2024-04-28", true},
		// loaded at 01:00 on 1 May in Beijing, which is still 30 April in UTC: late
		{"LoadTimeInBeijing", clusterscope.Receipt{Loaded: time.Date(2024, 4, 30, 17, 0, 0, 0, time.UTC)}, "2024-05-01", false},
		// a month is not a day: the load time decides, never a guess
		{"MonthOnlyFallsBackToTheLoad", clusterscope.Receipt{Loaded: day("2024-05-03"), Stated: "2024-04"}, "2024-05-03", false},
	}
	for _, c := range cases {
		got, stated := c.r.Received()
		if got.Format(time.DateOnly) != c.want || stated != c.stated {
			t.Errorf("%s: %s (stated %v), want %s (%v)", c.name, got.Format(time.DateOnly), stated, c.want, c.stated)
		}
	}
}

func TestCheckReports(t *testing.T) {
	n := notice2022(t)
	l := clusterscope.LifeOf(n, "A", nil, day("2025-05-10"))
	got := clusterscope.CheckReports(n, &l, map[int]clusterscope.Receipt{
		2022: {Stated: "2023-04-30"},
		2023: {Loaded: day("2024-05-08")},
		// 2024: nothing ten days after its due day
	})
	want := []struct {
		year   int
		status clusterscope.ReportStatus
		late   int
	}{{2022, clusterscope.ReportOnTime, 0}, {2023, clusterscope.ReportLate, 8}, {2024, clusterscope.ReportMissing, 10}}
	if len(got) != len(want) {
		t.Fatalf("%d reports judged, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if g := got[i]; g.Year != w.year || g.Status != w.status || g.DaysLate != w.late {
			t.Errorf("report on %d: %s, %d days; want %s, %d days", g.Year, g.Status.Label(), g.DaysLate, w.status.Label(), w.late)
		}
	}
}

func TestReportsDue(t *testing.T) {
	n := notice2022(t)
	pass := decided(1, clusterscope.StateProvincePass, "2025-06-01")
	renew := decided(2, clusterscope.StateRenewed, "2025-11-20")
	cases := []struct {
		name    string
		history []clusterscope.Decision
		asOf    string
		want    []int
	}{
		{"FirstTerm", nil, "2025-06-30", []int{2022, 2023, 2024}},
		{"Extended", []clusterscope.Decision{pass, renew}, "2026-06-30", []int{2022, 2023, 2024, 2025, 2026, 2027}},
		// withdrawn on 2024-04-30: the report due that day is still owed, the next not
		{"Withdrawn", []clusterscope.Decision{decided(1, clusterscope.StateWithdrawn, "2024-04-30", clusterscope.FactCause, "accident", clusterscope.FactEvidence, "x")},
			"2025-06-30", []int{2022, 2023}},
	}
	for _, c := range cases {
		l := clusterscope.LifeOf(n, "A", c.history, day(c.asOf))
		if got := l.ReportsDue(n); !slices.Equal(got, c.want) {
			t.Errorf("%s: reports owed %v, want %v", c.name, got, c.want)
		}
	}
}

// TestReportFieldsOnlyInReports: the report's own fields are taken from a
// yearly report, never from an application.
func TestReportFieldsOnlyInReports(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	if _, err := cat.Observe("A", 2022, "change_declared", 2023, "是"); err != nil {
		t.Errorf("in the report on 2023: %v", err)
	}
	if _, err := cat.Observe("A", 2022, "reported_on", 0, "2023-04-30"); err == nil || !strings.Contains(zh(clusterscope.Messages{clusterscope.AsEntryError(err).Says}), "只在年度跟踪报告中填报") {
		t.Errorf("in the application: %v", err)
	}
	for _, f := range cat.Fields {
		if f.ReportOnly {
			t.Errorf("%s is among the application's fields", f.Code)
		}
	}
}
