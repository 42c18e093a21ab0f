package dashboard_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"clusterscope"
)

// decision is the form the desk posts.
func decision(id string, version int, state, date, why string, more ...string) url.Values {
	f := url.Values{"batch": {"2022"}, "cluster_id": {id}, "version": {strconv.Itoa(version)}, "state": {state}, "date": {date}, "why": {why}}
	for i := 0; i+1 < len(more); i += 2 {
		f.Set(more[i], more[i+1])
	}
	return f
}

// TestDecisionFlowAndScope: a 省级 user records the 初审 of its own
// province's cluster only; neither the ministry nor a 市级 user records a
// 初审; only the ministry decides, and only after a 初审 passed; two
// officials on the same version: the second is told who came first;
// without the CSRF token nothing is recorded; each decision is audited and
// the desk shows it.
func TestDecisionFlowAndScope(t *testing.T) {
	ts := newServer(t, lifeRows)
	ts.srv.SetAsOf(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC))
	const decide = "/api/recheck/decide"
	// seen before the decisions, so that a page kept from then would show
	if rows := pageAs(t, ts, "guangdong", "/api/cluster?batch=2022&id=GD-2022-0001").rows(t, "timeline"); len(rows) != 2 {
		t.Fatalf("timeline before any decision: %v", rows)
	}
	pass := func(id string, v int) url.Values {
		return decision(id, v, clusterscope.StateProvincePass, "2025-06-20", "经省级初审，指标达标")
	}
	for _, c := range []struct {
		user, id string
		form     url.Values
		status   int
		says     string
	}{
		{"guangdong", "NX-ZW-001", pass("NX-ZW-001", 0), http.StatusNotFound, "或不在您的权限范围内"},
		{"ministry", "GD-2022-0001", pass("GD-2022-0001", 0), http.StatusForbidden, "初审由省级中小企业主管部门记录"},
		{"zhongwei", "NX-ZW-001", pass("NX-ZW-001", 0), http.StatusForbidden, "初审由省级"},
		{"ministry", "GD-2022-0001", decision("GD-2022-0001", 0, clusterscope.StateRenewed, "2025-06-25", "复核通过"), http.StatusConflict, "须先有省级初审通过"},
		{"guangdong", "GD-2022-0001", decision("GD-2022-0001", 0, clusterscope.StateProvinceFail, "2025-06-20", ""), http.StatusBadRequest, "请写明理由"},
		{"guangdong", "GD-2022-0001", decision("GD-2022-0001", 0, clusterscope.StateProvincePass, "2025-07-01", "x"), http.StatusBadRequest, "晚于当前判定日"},
		{"guangdong", "GD-2022-0001", pass("GD-2022-0001", 0), http.StatusOK, "已记录"},
		// the same page, posted again by another official: the first one stands
		{"guangdong", "GD-2022-0001", pass("GD-2022-0001", 0), http.StatusConflict, "已被 guangdong 于"},
		{"guangdong", "GD-2022-0001", decision("GD-2022-0001", 1, clusterscope.StateRenewed, "2025-06-25", "x"), http.StatusForbidden, "复核结果由工业和信息化部"},
		{"ministry", "GD-2022-0001", decision("GD-2022-0001", 1, clusterscope.StateRenewed, "2025-06-25", "复核通过：认定标准与规划目标均达到"), http.StatusOK, "已记录"},
		{"ministry", "NX-ZW-001", decision("NX-ZW-001", 0, clusterscope.StateWithdrawn, "2025-06-26", "年度报告缺报，未申请复核", "cause", "no_application"), http.StatusOK, "已记录"},
		{"ministry", "NX-ZW-001", decision("NX-ZW-001", 1, clusterscope.StateWithdrawn, "2025-06-27", "x", "cause", "accident", "evidence", "y"), http.StatusConflict, "已于 2025-06-26 撤销认定"},
	} {
		status, b := postAs(t, ts, c.user, decide, c.form, true)
		body := string(b)
		if status != c.status || !strings.Contains(body, c.says) {
			t.Errorf("%s %s %s: %d %s; want %d saying %q", c.user, c.form.Get("state"), c.id, status, body, c.status, c.says)
		}
	}
	res, _ := ts.clients["ministry"].PostForm(ts.URL+decide, decision("GD-2022-0001", 2, clusterscope.StateWithdrawn, "2025-06-28", "x", "cause", "accident", "evidence", "y"))
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("without the CSRF token: %d", res.StatusCode)
	}
	// the desk: GD extended from its review, NX withdrawn for not applying
	p := pageAs(t, ts, "ministry", "/api/recheck?term_end=2025")
	for _, r := range p.rows(t, "due") {
		switch r["id"] {
		case "GD-2022-0001":
			if r["status"] != "延长" || !strings.Contains(r["province_review"].(string), "初审通过（guangdong，2025-06-20）") ||
				!strings.Contains(r["decision"].(string), "复核通过，有效期延长（ministry，2025-06-25）") {
				t.Errorf("GD on the desk: %v", r)
			}
		case "NX-ZW-001":
			if r["status"] != "撤销" || !strings.Contains(r["decision"].(string), "撤销认定：未申请复核") {
				t.Errorf("NX on the desk: %v", r)
			}
		}
	}
	log, _ := ts.wh.AuditLog(0)
	var lifecycle []string
	for _, e := range log {
		if e.Action == clusterscope.AuditLifecycle {
			lifecycle = append(lifecycle, e.Who+" "+e.Target+" "+e.Detail)
		}
	}
	if len(lifecycle) != 3 || !strings.Contains(strings.Join(lifecycle, "\n"), "ministry 2022/NX-ZW-001 撤销认定（第 1 版，2025-06-26）：年度报告缺报，未申请复核；原因：未申请复核") {
		t.Errorf("audited: %q", lifecycle)
	}
	// the profile's timeline has each step, who took it and why
	var events []string
	for _, r := range pageAs(t, ts, "guangdong", "/api/cluster?batch=2022&id=GD-2022-0001").rows(t, "timeline") {
		events = append(events, r["date"].(string)+" "+r["event"].(string)+" "+r["who"].(string))
	}
	if want := "2023-01-11 列入2022年度中小企业特色产业集群名单通告（工信部企业函〔2023〕3号），有效期 2023–2025 年 |" +
		"2025-06-20 省级初审通过（有效期至 2025 年的复核） guangdong|2025-06-25 复核通过，有效期延长为 2026–2028 年 ministry|" +
		"2025-06-30 2025-06-30：延长，有效期至 2028 年 "; strings.Join(events, "|") != want {
		t.Errorf("timeline:\n%s\nwant\n%s", strings.Join(events, "|"), want)
	}
	// an extended cluster has nothing left for the province to decide
	var v struct {
		Decide struct {
			States []struct{ Value string } `json:"states"`
		} `json:"decide"`
	}
	ts.srv.SetAsOf(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC))
	_, _, body := getAs(t, ts, "guangdong", "/api/recheck?term_end=2025&id=GD-2022-0001")
	json.Unmarshal(body, &v)
	if len(v.Decide.States) != 0 {
		t.Errorf("a form for an extended cluster to the province: %+v", v.Decide)
	}
}
