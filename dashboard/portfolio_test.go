package dashboard_test

import (
	"testing"
	"time"

	"clusterscope"
)

// TestPortfolioCounts: on the as-of day both 2022 clusters are under
// review; once one is extended and the other withdrawn, the counts say so,
// the withdrawn one leaves the portfolio but is listed with its cause, and
// a status filter keeps only its clusters.
func TestPortfolioCounts(t *testing.T) {
	ts := newServer(t, lifeRows)
	ts.srv.SetAsOf(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC))
	count := func(query string) map[string]any {
		p := pageAs(t, ts, "ministry", "/api/portfolio?"+query)
		rows := p.rows(t, "by-batch")
		if len(rows) != 1 {
			t.Fatalf("by batch: %v", rows)
		}
		return rows[0]
	}
	if got := count("batch=0"); got["review"] != 2.0 || got["active"] != 2.0 {
		t.Errorf("before any decision: %v", got)
	}
	for _, d := range []clusterscope.Decision{
		{Subject: "GD-2022-0001", State: clusterscope.StateProvincePass, Who: "guangdong", Facts: map[string]string{"date": "2025-06-20"}},
		{Subject: "GD-2022-0001", State: clusterscope.StateRenewed, Who: "ministry", Facts: map[string]string{"date": "2025-06-25"}},
		{Subject: "NX-ZW-001", State: clusterscope.StateWithdrawn, Who: "ministry",
			Facts: map[string]string{"date": "2025-06-26", "cause": "tax_credit", "evidence": "税务稽查通报"}},
	} {
		d.Kind, d.Batch, d.Why = clusterscope.DecisionCluster, 2022, "测试"
		cur, _ := ts.wh.Decision(d.Kind, d.Subject, d.Batch)
		if _, err := ts.wh.Decide(d, cur.Version); err != nil {
			t.Fatal(err)
		}
	}
	got := count("batch=0")
	if got["review"] != 0.0 || got["extended"] != 1.0 || got["withdrawn"] != 1.0 || got["active"] != 1.0 || got["total"] != 2.0 {
		t.Errorf("after the decisions: %v", got)
	}
	w := pageAs(t, ts, "ministry", "/api/portfolio?batch=0").rows(t, "withdrawals")
	if len(w) != 1 || w[0]["id"] != "NX-ZW-001" || w[0]["cause"] != "存在偷税漏税、违法违规、严重失信等行为" || w[0]["evidence"] != "税务稽查通报" {
		t.Errorf("withdrawals: %v", w)
	}
	list := pageAs(t, ts, "ministry", "/api/portfolio?batch=0&life=extended").rows(t, "clusters")
	if len(list) != 1 || list[0]["id"] != "GD-2022-0001" || list[0]["term"] != "2023–2028 年" {
		t.Errorf("extended clusters: %v", list)
	}
	if rows := pageAs(t, ts, "guangdong", "/api/portfolio?batch=0").rows(t, "withdrawals"); len(rows) != 0 {
		t.Errorf("广东 sees 宁夏's withdrawal: %v", rows)
	}
}
