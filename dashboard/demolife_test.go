package dashboard_test

import (
	"strings"
	"testing"

	"clusterscope/cmd/clusterscope/demo"
)

// TestDemoReachesItsReview: judged on the demo's day (2025-06-30), the 100
// clusters of 2022 are at their 复核: most pass on the figures; two fail
// for missed targets, one for a major accident, one for an operator
// changed without a report; a few reports are late, a few missing; the
// 2023 cluster withdrawn in 2024 is listed with its cause and has left the
// portfolio.
func TestDemoReachesItsReview(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{})
	d, _ := demo.Withdrawal(demo.Options{})
	if _, err := ts.wh.Decide(d, 0); err != nil {
		t.Fatal(err)
	}
	rows := pageAs(t, ts, "ministry", "/api/recheck?term_end=2025&rows=all").rows(t, "due") // every row, not a page
	n := map[string]int{}
	var fails, late []string
	for _, r := range rows {
		n[r["suggest"].(string)]++
		if r["suggest"] == "建议不通过" {
			fails = append(fails, r["reasons"].(string))
		}
		if s := r["late"].(string); s != "" {
			late = append(late, s)
		}
	}
	if len(rows) != 100 || n["建议通过"] < 90 || n["建议不通过"] != 4 {
		t.Errorf("%d clusters at the 2025 review: %v", len(rows), n)
	}
	says := strings.Join(fails, "\n")
	for _, want := range []string{"（落后）", "「近三年未发生较大及以上事故和重大及以上网络、数据安全事件」填报「否」", "重大变化未报告：2024 年度报告：集群运营管理机构"} {
		if !strings.Contains(says, want) {
			t.Errorf("no failure saying %q among:\n%s", want, says)
		}
	}
	if l := strings.Join(late, " "); !strings.Contains(l, "逾期") || !strings.Contains(l, "缺报") {
		t.Errorf("late or missing reports at the review: %v", late)
	}
	p := pageAs(t, ts, "ministry", "/api/portfolio?batch=0")
	if w := p.rows(t, "withdrawals"); len(w) != 1 || w[0]["id"] != d.Subject || w[0]["date"] != "2024-11-20" {
		t.Errorf("withdrawals: %v", w)
	}
	if got := p.rows(t, "by-batch"); len(got) != 3 || got[1]["withdrawn"] != 1.0 || got[1]["total"] != got[1]["active"].(float64)+1 {
		t.Errorf("by batch: %v", got)
	}
}
