package dashboard_test

import (
	"strings"
	"testing"
	"time"

	"clusterscope"
)

// secondTermRows: a 广东 cluster of 2022 whose report on 2023 came late;
// in its second term (2026–2028) the report on 2025 came on time, on 2026
// late, on 2027 not at all.
const secondTermRows = `
GD-2022-0001,2022,cluster_name,,佛山市顺德区家电集群
GD-2022-0001,2022,province,,广东省
GD-2022-0001,2022,city,,佛山市
GD-2022-0001,2022,output_total,2021,300
GD-2022-0001,2022,target.output_total,2021,300
GD-2022-0001,2022,target.output_total,2024,350
GD-2022-0001,2022,output_total,2022,320
GD-2022-0001,2022,reported_on,2022,2023-04-01
GD-2022-0001,2022,output_total,2023,330
GD-2022-0001,2022,reported_on,2023,2024-05-06
GD-2022-0001,2022,output_total,2024,352
GD-2022-0001,2022,reported_on,2024,2025-03-20
GD-2022-0001,2022,output_total,2025,360
GD-2022-0001,2022,reported_on,2025,2026-04-10
GD-2022-0001,2022,output_total,2026,371
GD-2022-0001,2022,reported_on,2026,2027-05-10`

// TestSecondTermRecheck: renewed in 2025, the cluster is due for 复核 again
// in 2028; the desk weighs that term's reports only (the late report on
// 2023 was the first 复核's) and says that the plan judged is still the
// application's, and why.
func TestSecondTermRecheck(t *testing.T) {
	ts := newServer(t, secondTermRows)
	for _, d := range []clusterscope.Decision{
		{Subject: "GD-2022-0001", State: clusterscope.StateProvincePass, Who: "guangdong", Facts: map[string]string{"date": "2025-06-20"}},
		{Subject: "GD-2022-0001", State: clusterscope.StateRenewed, Who: "ministry", Facts: map[string]string{"date": "2025-11-20"}},
	} {
		d.Kind, d.Batch, d.Why = clusterscope.DecisionCluster, 2022, "测试"
		cur, _ := ts.wh.Decision(d.Kind, d.Subject, d.Batch)
		if _, err := ts.wh.Decide(d, cur.Version); err != nil {
			t.Fatal(err)
		}
	}
	ts.srv.SetAsOf(time.Date(2028, 6, 30, 0, 0, 0, 0, time.UTC))
	body := pageAs(t, ts, "ministry", "/api/recheck?term_end=2028&id=GD-2022-0001")
	due := body.rows(t, "due")
	if len(due) != 1 || due[0]["late"] != "2026 年逾期、2027 年缺报" || due[0]["term"] != "2023–2028 年" {
		t.Errorf("the 2028 复核: %v", due)
	}
	if r := body.rows(t, "term-reports"); len(r) != 3 || r[0]["year"] != "2025" {
		t.Errorf("the term's reports: %v", r)
	}
	caption := ""
	for _, tb := range body.Tables {
		if tb.ID == "completion" {
			caption = tb.Caption
		}
	}
	if !strings.Contains(caption, "本次复核的是 2026–2028 年有效期") || !strings.Contains(caption, "仍按申报时的 2022–2024 年三年规划核算") {
		t.Errorf("the plan's caption does not say whose plan it is and why: %s", caption)
	}
}
