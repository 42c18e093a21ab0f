package clusterscope_test

import (
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
)

// notice2022 is the embedded 2022 list notice: term 2023–2025, dated
// 2023-01-11, reports due 30 April.
func notice2022(t *testing.T) *clusterscope.ListNotice {
	t.Helper()
	n := clusterscope.SelectListNotice(warehouse.DefaultListNotices(), 2022)
	if n == nil || n.FirstTerm() != (clusterscope.Term{Start: 2023, End: 2025}) || n.ReportDue.String() != "04-30" {
		t.Fatalf("2022 list notice: %+v", n)
	}
	return n
}

// decided is a lifecycle decision taking effect on date.
func decided(version int64, state, date string, facts ...string) clusterscope.Decision {
	d := clusterscope.Decision{Kind: clusterscope.DecisionCluster, Subject: "A", Batch: 2022, Version: version, State: state,
		Who: "x", Why: "理由", At: day(date).Add(2 * time.Hour), Facts: map[string]string{clusterscope.FactEffective: date}}
	for i := 0; i+1 < len(facts); i += 2 {
		d.Facts[facts[i]] = facts[i+1]
	}
	return d
}

func TestLifeOf(t *testing.T) {
	n := notice2022(t)
	pass := decided(1, clusterscope.StateProvincePass, "2025-06-01")
	renew := decided(2, clusterscope.StateRenewed, "2025-11-20")
	withdraw := decided(3, clusterscope.StateWithdrawn, "2026-03-01", clusterscope.FactCause, "accident", clusterscope.FactEvidence, "事故通报")
	cases := []struct {
		name    string
		history []clusterscope.Decision
		asOf    string
		status  clusterscope.TermStatus
		term    clusterscope.Term
	}{
		{"BeforeTheNotice", nil, "2023-01-10", clusterscope.TermPending, clusterscope.Term{Start: 2023, End: 2025}},
		{"OnTheNoticeDay", nil, "2023-01-11", clusterscope.TermValid, clusterscope.Term{Start: 2023, End: 2025}},
		{"LastDayBeforeTheReviewYear", nil, "2024-12-31", clusterscope.TermValid, clusterscope.Term{Start: 2023, End: 2025}},
		{"ReviewYear", nil, "2025-01-01", clusterscope.TermReview, clusterscope.Term{Start: 2023, End: 2025}},
		{"PastTheTermUndecided", nil, "2026-02-01", clusterscope.TermReview, clusterscope.Term{Start: 2023, End: 2025}},
		{"ProvincePassedStillInReview", []clusterscope.Decision{pass}, "2025-07-01", clusterscope.TermReview, clusterscope.Term{Start: 2023, End: 2025}},
		{"RenewedExtends", []clusterscope.Decision{pass, renew}, "2025-11-20", clusterscope.TermExtended, clusterscope.Term{Start: 2026, End: 2028}},
		{"RenewalNotYetInForce", []clusterscope.Decision{pass, renew}, "2025-11-19", clusterscope.TermReview, clusterscope.Term{Start: 2023, End: 2025}},
		{"SecondReviewYear", []clusterscope.Decision{pass, renew}, "2028-01-01", clusterscope.TermReview, clusterscope.Term{Start: 2026, End: 2028}},
		{"Withdrawn", []clusterscope.Decision{pass, renew, withdraw}, "2026-03-01", clusterscope.TermWithdrawn, clusterscope.Term{Start: 2026, End: 2028}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := clusterscope.LifeOf(n, "A", c.history, day(c.asOf))
			if l.Status != c.status || l.Term() != c.term {
				t.Errorf("as of %s: %s, term %v; want %s, term %v", c.asOf, l.Status.Label(), l.Term(), c.status.Label(), c.term)
			}
			if l.Version != int64(len(c.history)) {
				t.Errorf("version %d, want %d: the next decision is taken on the latest, in force or not", l.Version, len(c.history))
			}
		})
	}
	l := clusterscope.LifeOf(n, "A", []clusterscope.Decision{pass, renew, withdraw}, day("2027-01-01"))
	if w := l.Withdrawal; w == nil || w.Cause != clusterscope.CauseAccident || w.Evidence != "事故通报" || !w.Date.Equal(day("2026-03-01")) {
		t.Errorf("withdrawal: %+v", l.Withdrawal)
	}
	if r := l.Rounds; len(r) != 1 || r[0].TermEnd != 2025 || r[0].Province.State != clusterscope.StateProvincePass || r[0].Decision.State != clusterscope.StateRenewed {
		t.Errorf("the 复核 of 2025: %+v", r)
	}
	if len(l.Events) != 4 { // recognised, 初审, 复核, 撤销
		t.Errorf("timeline has %d events, want 4: %+v", len(l.Events), l.Events)
	}
}

func TestCheckDecision(t *testing.T) {
	n := notice2022(t)
	pass := decided(1, clusterscope.StateProvincePass, "2025-06-01")
	fail := decided(1, clusterscope.StateProvinceFail, "2025-06-01")
	cases := []struct {
		name    string
		history []clusterscope.Decision
		asOf    string
		role    clusterscope.Role
		dec     clusterscope.Decision
		code    string // "" when allowed
	}{
		{"ProvinceRecordsFirstReview", nil, "2025-06-30", clusterscope.RoleProvince, decided(0, clusterscope.StateProvincePass, "2025-06-30"), ""},
		{"MinistryCannotRecordFirstReview", nil, "2025-06-30", clusterscope.RoleMinistry, decided(0, clusterscope.StateProvincePass, "2025-06-30"), clusterscope.EFORBIDDEN},
		{"AdminCannotDecide", []clusterscope.Decision{pass}, "2025-06-30", clusterscope.RoleAdmin, decided(0, clusterscope.StateRenewed, "2025-06-30"), clusterscope.EFORBIDDEN},
		{"NoFirstReviewBeforeTheReviewYear", nil, "2024-06-30", clusterscope.RoleProvince, decided(0, clusterscope.StateProvincePass, "2024-06-30"), clusterscope.ECONFLICT},
		{"MinistryRenewsAfterProvincePass", []clusterscope.Decision{pass}, "2025-06-30", clusterscope.RoleMinistry, decided(0, clusterscope.StateRenewed, "2025-06-30"), ""},
		{"ProvinceCannotRenew", []clusterscope.Decision{pass}, "2025-06-30", clusterscope.RoleProvince, decided(0, clusterscope.StateRenewed, "2025-06-30"), clusterscope.EFORBIDDEN},
		{"NoRenewalWithoutFirstReview", nil, "2025-06-30", clusterscope.RoleMinistry, decided(0, clusterscope.StateRenewed, "2025-06-30"), clusterscope.ECONFLICT},
		{"NoRenewalAfterProvinceFail", []clusterscope.Decision{fail}, "2025-06-30", clusterscope.RoleMinistry, decided(0, clusterscope.StateRenewed, "2025-06-30"), clusterscope.ECONFLICT},
		{"ReviewFailedWithdraws", []clusterscope.Decision{fail}, "2025-06-30", clusterscope.RoleMinistry,
			decided(0, clusterscope.StateWithdrawn, "2025-06-30", clusterscope.FactCause, "recheck_failed"), ""},
		{"NoApplicationAfterFirstReview", []clusterscope.Decision{pass}, "2025-06-30", clusterscope.RoleMinistry,
			decided(0, clusterscope.StateWithdrawn, "2025-06-30", clusterscope.FactCause, "no_application"), clusterscope.ECONFLICT},
		{"ReviewCauseOutsideTheReviewYear", nil, "2024-06-30", clusterscope.RoleMinistry,
			decided(0, clusterscope.StateWithdrawn, "2024-06-30", clusterscope.FactCause, "recheck_failed"), clusterscope.ECONFLICT},
		{"AccidentAnyTimeWithEvidence", nil, "2024-06-30", clusterscope.RoleMinistry,
			decided(0, clusterscope.StateWithdrawn, "2024-06-30", clusterscope.FactCause, "accident", clusterscope.FactEvidence, "应急管理部门通报"), ""},
		{"AccidentNeedsEvidence", nil, "2024-06-30", clusterscope.RoleMinistry,
			decided(0, clusterscope.StateWithdrawn, "2024-06-30", clusterscope.FactCause, "accident"), clusterscope.EINVALID},
		{"UnknownCause", nil, "2024-06-30", clusterscope.RoleMinistry,
			decided(0, clusterscope.StateWithdrawn, "2024-06-30", clusterscope.FactCause, "dislike", clusterscope.FactEvidence, "x"), clusterscope.EINVALID},
		{"DateAfterTheAsOfDay", nil, "2025-06-30", clusterscope.RoleProvince, decided(0, clusterscope.StateProvincePass, "2025-07-01"), clusterscope.EINVALID},
		// the 复核 of the term ending in 2025 opens on 2025-01-01
		{"FirstReviewDatedBeforeTheReview", nil, "2025-06-30", clusterscope.RoleProvince, decided(0, clusterscope.StateProvincePass, "2024-12-31"), clusterscope.EINVALID},
		{"FirstReviewOnTheReviewsFirstDay", nil, "2025-06-30", clusterscope.RoleProvince, decided(0, clusterscope.StateProvincePass, "2025-01-01"), ""},
		{"NoApplicationDatedBeforeTheReview", nil, "2025-06-30", clusterscope.RoleMinistry,
			decided(0, clusterscope.StateWithdrawn, "2024-12-31", clusterscope.FactCause, "no_application"), clusterscope.EINVALID},
		{"AccidentBeforeTheReviewStillRecorded", nil, "2025-06-30", clusterscope.RoleMinistry,
			decided(0, clusterscope.StateWithdrawn, "2024-12-31", clusterscope.FactCause, "accident", clusterscope.FactEvidence, "通报"), ""},
		{"DateBeforeTheLastDecision", []clusterscope.Decision{pass}, "2025-06-30", clusterscope.RoleMinistry, decided(0, clusterscope.StateRenewed, "2025-05-31"), clusterscope.EINVALID},
		{"NothingAfterWithdrawal", []clusterscope.Decision{decided(1, clusterscope.StateWithdrawn, "2024-03-01", clusterscope.FactCause, "tax_credit", clusterscope.FactEvidence, "税务通报")},
			"2025-06-30", clusterscope.RoleProvince, decided(0, clusterscope.StateProvincePass, "2025-06-30"), clusterscope.ECONFLICT},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := clusterscope.LifeOf(n, "A", c.history, day(c.asOf))
			dec := c.dec
			err := l.CheckDecision(&dec, c.role)
			if got := clusterscope.ErrorCode(err); got != c.code {
				t.Fatalf("error %q (%v), want code %q", got, err, c.code)
			}
			if err == nil && dec.State != clusterscope.StateWithdrawn && dec.Facts[clusterscope.FactTermEnd] != "2025" {
				t.Errorf("a 复核 step records its term's end, got %q", dec.Facts[clusterscope.FactTermEnd])
			}
		})
	}
}

func TestListNoticeDueDays(t *testing.T) {
	ns := warehouse.DefaultListNotices()
	for batch, want := range map[int]string{2022: "2023-04-30", 2023: "2023-04-30", 2024: "2023-03-31"} {
		n := clusterscope.SelectListNotice(ns, batch)
		if got := n.DueDate(2022).Format(time.DateOnly); got != want {
			t.Errorf("batch %d: the report on 2022 is due %s, want %s", batch, got, want)
		}
	}
	if clusterscope.SelectListNotice(ns, 2025) != nil {
		t.Error("the 2025 list notice's figures are unverified: it is not among the defaults")
	}
	for _, s := range []string{"02-29", "04-31", "4-30", "13-01"} {
		if _, ok := clusterscope.ParseMonthDay(s); ok {
			t.Errorf("%q read as a day of every year", s)
		}
	}
}

// TestDueDayMoved: a notice that moves its due day from 2025 keeps the
// earlier years' (a report on 2023 was due on 30 April 2024), and the
// report on 2024 is due on 31 March 2025; the move is said.
func TestDueDayMoved(t *testing.T) {
	n := *notice2022(t)
	n.DueFrom = map[int]clusterscope.MonthDay{2025: {Month: time.March, Day: 31}}
	for year, want := range map[int]string{2022: "2023-04-30", 2023: "2024-04-30", 2024: "2025-03-31", 2027: "2028-03-31"} {
		if got := n.DueDate(year).Format(time.DateOnly); got != want {
			t.Errorf("the report on %d is due %s, want %s", year, got, want)
		}
	}
	if n.DueDays() != "04-30；2025 年起 03-31" {
		t.Errorf("due days said %q", n.DueDays())
	}
	n.DueFrom = map[int]clusterscope.MonthDay{2023: {Month: time.March, Day: 31}}
	if p := n.Validate(); p == nil || p.Key != "report_due_from" {
		t.Errorf("a move from the term's first year (the report_due's): %+v", p)
	}
}
