package clusterscope_test

import (
	"fmt"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse"
)

// recheckSet is a small rule set: 产值 ≥ 40 each of three years, and the
// answer on incidents 是.
const recheckSet = `
id = "recheck-test"
name = "复核测试"
version = "1"
source = "测试"
[settings]
about_share = 0.9
at_risk_share = 0.8
[[criterion]]
id = "output_3y"
wording = "近三年产值均在40亿元以上"
label = "集群总产值"
field = "output_total"
comparison = ">="
threshold = 40
years = "each_of_3"
[[criterion]]
id = "no_major_incidents"
wording = "近三年未发生较大及以上事故"
field = "no_major_incidents"
comparison = "all_yes"
`

// recheckApp is cluster A of 2022: 产值 52 in 2021 with a final target of
// 70 in 2024 alone (the stages follow the constant-growth path), and
// 优质中小企业 10 → 11, 12, 13 year by year.
var recheckApp = []string{"output_total,2019,45", "output_total,2020,48", "output_total,2021,52", "no_major_incidents,,是",
	"operator,,枸杞产业园管委会", "target.output_total,2021,52", "target.output_total,2024,70",
	"target.quality_smes,2021,10", "target.quality_smes,2022,11", "target.quality_smes,2023,12", "target.quality_smes,2024,13"}

// onPlan are the three reports of a cluster that did as it planned.
var onPlan = []string{"output_total,2022,57.4", "output_total,2023,63.4", "output_total,2024,71", "quality_smes,2022,11",
	"quality_smes,2023,12", "quality_smes,2024,14", "no_major_incidents,2022,是", "no_major_incidents,2023,是", "no_major_incidents,2024,是"}

// replaced is rows with those of the same field and year replaced by with.
func replaced(rows []string, with ...string) []string {
	out := append([]string(nil), rows...)
	for _, w := range with {
		key := w[:strings.LastIndex(w, ",")]
		found := false
		for i, r := range out {
			if r[:strings.LastIndex(r, ",")] == key {
				out[i], found = w, true
			}
		}
		if !found {
			out = append(out, w)
		}
	}
	return out
}

func TestRecheckSuggests(t *testing.T) {
	rs, err := warehouse.ParseRuleSet("recheck.toml", []byte(recheckSet))
	if err != nil {
		t.Fatal(err)
	}
	received := func(years ...int) []clusterscope.ReportCheck {
		var out []clusterscope.ReportCheck
		for _, y := range []int{2022, 2023, 2024} {
			c := clusterscope.ReportCheck{Year: y, Due: day("2023-04-30").AddDate(y-2022, 0, 0), Status: clusterscope.ReportMissing, DaysLate: 61}
			for _, g := range years {
				if g == y {
					d := c.Due
					c.Received, c.Status, c.DaysLate = &d, clusterscope.ReportOnTime, 0
				}
			}
			out = append(out, c)
		}
		return out
	}
	all := received(2022, 2023, 2024)
	late := func(checks []clusterscope.ReportCheck, year, days int) []clusterscope.ReportCheck {
		out := append([]clusterscope.ReportCheck(nil), checks...)
		for i := range out {
			if out[i].Year == year {
				out[i].Status, out[i].DaysLate = clusterscope.ReportLate, days
			}
		}
		return out
	}
	cases := []struct {
		name    string
		reports []string
		checks  []clusterscope.ReportCheck
		want    clusterscope.Suggestion
		cause   clusterscope.WithdrawCause
		says    string // in the reasons
	}{
		{"AllTargetsMet", onPlan, all, clusterscope.SuggestPass, "", "2024 年仍符合认定标准，2024 年 2 项目标均已完成"},
		// the final value reached, but 优质中小企业 did not grow in 2023: rule b is missed
		{"OneRuleMissed", replaced(onPlan, "quality_smes,2023,11"), all, clusterscope.SuggestFail, clusterscope.CauseRecheckFailed,
			"「优质中小企业数量」未达到b. 优质中小企业数量逐年增加：以实绩代入：2023 年目标值 11 个 未高于 2022 年的 11 个"},
		{"CriteriaNoLongerMet", replaced(onPlan, "output_total,2022,39.5"), all, clusterscope.SuggestFail, clusterscope.CauseRecheckFailed,
			"2024 年不再符合认定标准「近三年产值均在40亿元以上」：2022 年集群总产值 39.50 亿元，低于 40 亿元"},
		{"WithdrawalCause", replaced(onPlan, "no_major_incidents,2024,否"), all, clusterscope.SuggestFail, clusterscope.CauseAccident,
			"2024 年不再符合认定标准「近三年未发生较大及以上事故」"},
		{"OperatorChangedUnreported", replaced(onPlan, "operator,2024,中卫枸杞发展有限公司"), all, clusterscope.SuggestFail, clusterscope.CauseUnreportedChange,
			"重大变化未报告：2024 年度报告：集群运营管理机构由「枸杞产业园管委会」变为「中卫枸杞发展有限公司」"},
		{"OperatorChangeDeclared", replaced(onPlan, "operator,2024,中卫枸杞发展有限公司", "change_declared,2024,是"), all, clusterscope.SuggestPass, "", "均已完成"},
		{"BehindThePlan", replaced(onPlan, "output_total,2024,58"), all, clusterscope.SuggestFail, clusterscope.CauseRecheckFailed,
			"「集群产值（用于计算集群产值年均增速）」2024 年实绩 58.00 亿元，规划 70.00 亿元，仅完成计划变化的 33.33%（落后）"},
		// the report on the final year is not in: nothing can be said of the plan
		{"FinalReportMissing", onPlan, received(2022, 2023), clusterscope.SuggestCheck, "", "缺少 2024 年实绩"},
		// a late report counts, and is said; a missing one leaves its figures missing
		{"LateReportIsSaidNotCounted", onPlan, late(all, 2022, 20), clusterscope.SuggestPass, "", "2022 年度报告逾期 20 天"},
		{"MissingReportLeavesItsYear", onPlan, received(2023, 2024), clusterscope.SuggestCheck, "", "缺少 2022 年集群总产值数据"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := clusterscope.NewClusterData(clusterscope.Cluster{}, observed(t, recheckApp...))
			r := clusterscope.RecheckCluster(rs, app, clusterscope.ReportsOf(observed(t, c.reports...)), c.checks, firstTerm)
			says := zh(r.Reasons)
			if r.Suggest != c.want || r.Cause != c.cause || !strings.Contains(says, c.says) {
				t.Errorf("%s (cause %q): %s\nwant %s (cause %q), saying %q", r.Suggest.Label(), r.Cause, says, c.want.Label(), c.cause, c.says)
			}
		})
	}
}

// TestTargetCompletionPath: a plan that gave only the final value is
// judged on the constant-growth path, and says so.
func TestTargetCompletionPath(t *testing.T) {
	rs, _ := warehouse.ParseRuleSet("recheck.toml", []byte(recheckSet))
	app := clusterscope.NewClusterData(clusterscope.Cluster{}, observed(t, recheckApp...))
	at := day("2023-04-30")
	checks := []clusterscope.ReportCheck{{Year: 2022, Received: &at}, {Year: 2023, Received: &at}, {Year: 2024, Received: &at}}
	r := clusterscope.RecheckCluster(rs, app, clusterscope.ReportsOf(observed(t, onPlan...)), checks, firstTerm)
	if len(r.Targets) != 2 {
		t.Fatalf("targets %+v", r.Targets)
	}
	out := r.Targets[0]
	if out.Code != "output_total" || out.Given || out.Status != clusterscope.OnTrack || out.Rule != clusterscope.Pass ||
		int(out.Path[2022]*100) != 5741 || out.Path[2024] != 70 {
		t.Errorf("output_total: %+v", out)
	}
	if q := r.Targets[1]; !q.Given || q.Path[2023] != 12 {
		t.Errorf("quality_smes: %+v", q)
	}
}

// firstTerm is the 2022 batch's term, reviewed in 2025.
var firstTerm = clusterscope.Term{Start: 2023, End: 2025}

// TestRecheckSecondTerm: the 复核 of 2028, after the term was extended to
// 2026–2028, weighs that term's reports (on 2025–2027) and the changes
// they show, not the first term's, which its own 复核 weighed; the
// criteria are judged on 2027; the plan stays the application's
// (2022–2024), and the reasons say so and why. The first term's 复核
// says nothing of it.
func TestRecheckSecondTerm(t *testing.T) {
	rs, _ := warehouse.ParseRuleSet("recheck.toml", []byte(recheckSet))
	app := clusterscope.NewClusterData(clusterscope.Cluster{}, observed(t, recheckApp...))
	var checks []clusterscope.ReportCheck
	for y := 2022; y <= 2027; y++ {
		due := day("2023-04-30").AddDate(y-2022, 0, 0)
		c := clusterscope.ReportCheck{Year: y, Due: due, Received: &due, Status: clusterscope.ReportOnTime}
		if y == 2023 || y == 2026 {
			late := due.AddDate(0, 0, 9)
			c.Received, c.Status, c.DaysLate = &late, clusterscope.ReportLate, 9
		}
		checks = append(checks, c)
	}
	later := []string{"output_total,2025,75", "output_total,2026,80", "no_major_incidents,2025,是", "no_major_incidents,2026,是"}
	// the operator changed unreported in 2024: weighed at the 复核 of 2025
	reports := observed(t, append(replaced(onPlan, "operator,2024,中卫枸杞发展有限公司"), later...)...)
	// the report on 2027, typed by hand: the loader accepts reports up to
	// batch+FollowUpYears (2026) only
	out := 86.0
	reports = append(reports, clusterscope.Observation{ClusterID: "A", Batch: 2022, Field: "output_total", Year: 2027, AsOf: 2027, Report: 2027, Text: "86", Num: &out},
		clusterscope.Observation{ClusterID: "A", Batch: 2022, Field: "no_major_incidents", Year: 2027, AsOf: 2027, Report: 2027, Text: "是"})
	r := clusterscope.RecheckCluster(rs, app, clusterscope.ReportsOf(reports), checks, clusterscope.Term{Start: 2026, End: 2028})
	says := zh(r.Reasons)
	if r.Latest != 2027 || len(r.Reports) != 3 || r.Reports[0].Year != 2025 || len(r.Changes) != 0 || r.Suggest != clusterscope.SuggestPass {
		t.Errorf("2028: latest %d, reports %+v, changes %+v, %s: %s", r.Latest, r.Reports, r.Changes, r.Suggest.Label(), says)
	}
	for _, want := range []string{"2026 年度报告逾期 9 天", "本次复核的是 2026–2028 年有效期", "仍按申报时的 2022–2024 年三年规划核算"} {
		if !strings.Contains(says, want) {
			t.Errorf("2028 reasons do not say %q: %s", want, says)
		}
	}
	if strings.Contains(says, "2023 年度报告逾期") {
		t.Errorf("2028 weighs the first term's late report: %s", says)
	}
	first := clusterscope.RecheckCluster(rs, app, clusterscope.ReportsOf(reports), checks[:3], firstTerm)
	if s := zh(first.Reasons); first.Suggest != clusterscope.SuggestFail || strings.Contains(s, "申报时的") || !strings.Contains(s, "2023 年度报告逾期 9 天") {
		t.Errorf("2025: %s: %s", first.Suggest.Label(), s)
	}
}

// TestRecheckFiguresKeep: what the figures judge is the same on any as-of
// day that has received the same reports, so it may be kept: a later day,
// on which a missing report is more days late, changes only the notes
// WithReports adds, and adding them leaves the kept judgment as it was.
func TestRecheckFiguresKeep(t *testing.T) {
	rs, _ := warehouse.ParseRuleSet("recheck.toml", []byte(recheckSet))
	app := clusterscope.NewClusterData(clusterscope.Cluster{}, observed(t, recheckApp...))
	reports := clusterscope.ReportsOf(observed(t, onPlan...))
	at := day("2023-04-30")
	on := func(missingDays int) []clusterscope.ReportCheck {
		return []clusterscope.ReportCheck{{Year: 2022, Received: &at, Status: clusterscope.ReportOnTime},
			{Year: 2023, Received: &at, Status: clusterscope.ReportOnTime},
			{Year: 2024, Status: clusterscope.ReportMissing, DaysLate: missingDays}}
	}
	kept := clusterscope.RecheckFigures(rs, app, reports, clusterscope.ReceivedYears(on(10)), firstTerm)
	before := zh(kept.Reasons)
	for _, days := range []int{10, 40} {
		got := kept.WithReports(on(days))
		want := clusterscope.RecheckCluster(rs, app, reports, on(days), firstTerm)
		if zh(got.Reasons) != zh(want.Reasons) || got.Suggest != want.Suggest || len(got.Reports) != len(want.Reports) {
			t.Errorf("%d days: kept gives %s: %s; judged afresh %s: %s", days, got.Suggest, zh(got.Reasons), want.Suggest, zh(want.Reasons))
		}
		if w := fmt.Sprintf("2024 年度报告缺报（已过截止日 %d 天）", days); !strings.Contains(zh(got.Reasons), w) {
			t.Errorf("%d days: reasons do not say %q: %s", days, w, zh(got.Reasons))
		}
	}
	if zh(kept.Reasons) != before || kept.Reports != nil {
		t.Errorf("WithReports changed the kept judgment: %s, reports %+v", zh(kept.Reasons), kept.Reports)
	}
}
