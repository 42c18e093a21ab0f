package dashboard_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"clusterscope"
)

// TestWithdrawnBeforeItsReview: NX-ZW-001, withdrawn for tax violations in
// 2024, is not due for the 复核 of 2025 and is no longer chased for its
// missing report, while the portfolio keeps it among the withdrawals; the
// other cluster's 初审 is audited with the round it belongs to.
func TestWithdrawnBeforeItsReview(t *testing.T) {
	ts := newServer(t, lifeRows)
	ts.srv.SetAsOf(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC))
	status, body := postAs(t, ts, "ministry", "/api/recheck/decide", decision("NX-ZW-001", 0, clusterscope.StateWithdrawn, "2024-06-01",
		"税务部门认定存在重大税收违法行为", "cause", "tax_credit", "evidence", "省税务局重大税收违法失信案件公告"), true)
	if status != http.StatusOK {
		t.Fatalf("withdrawal: %d %s", status, body)
	}
	if due := pageAs(t, ts, "ministry", "/api/recheck?term_end=2025").rows(t, "due"); len(due) != 1 || due[0]["id"] != "GD-2022-0001" {
		t.Errorf("the 2025 复核 lists a cluster withdrawn in 2024: %v", due)
	}
	for _, r := range pageAs(t, ts, "ministry", "/api/monitor?batch=2022").rows(t, "reports") {
		if r["id"] == "NX-ZW-001" {
			t.Errorf("a withdrawn cluster is chased: %v", r)
		}
	}
	if w := pageAs(t, ts, "ministry", "/api/portfolio?batch=2022").rows(t, "withdrawals"); len(w) != 1 || w[0]["id"] != "NX-ZW-001" {
		t.Errorf("withdrawals: %v", w)
	}
	if status, body := postAs(t, ts, "guangdong", "/api/recheck/decide", decision("GD-2022-0001", 0, clusterscope.StateProvincePass, "2025-06-20",
		"经省级初审，指标达标"), true); status != http.StatusOK {
		t.Fatalf("初审: %d %s", status, body)
	}
	log, _ := ts.wh.AuditLog(0)
	var last clusterscope.AuditEntry
	for _, e := range log {
		if e.Action == clusterscope.AuditLifecycle && e.Target == "2022/GD-2022-0001" {
			last = e
		}
	}
	if last.Who != "guangdong" || last.At.IsZero() ||
		!strings.Contains(last.Detail, "初审通过（第 1 版，2025-06-20）：经省级初审，指标达标；所属复核：有效期至 2025 年") {
		t.Errorf("the 初审's audit entry: %+v", last)
	}
}
