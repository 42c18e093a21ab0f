package dashboard_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
)

// Reviewers besides the test accounts: 宁夏's province, a read-only 中卫 user.
var (
	ningxiaUser  = clusterscope.User{Name: "ningxia", Role: clusterscope.RoleProvince, Scope: clusterscope.Scope{Province: "宁夏回族自治区"}}
	zhongweiView = clusterscope.User{Name: "zwview", Role: clusterscope.RoleViewer, Scope: zhongwei.Scope}
)

// reviewServer is the demo's 宁夏 candidates with the test accounts, 宁夏's
// province and a read-only 中卫 user.
func reviewServer(t *testing.T) *testServer {
	t.Helper()
	ts, _ := newDemoServer(t, demo.Options{Recognised: -1})
	for _, u := range []clusterscope.User{ningxiaUser, zhongweiView} {
		if err := ts.wh.AddUser(u, testPassword); err != nil {
			t.Fatal(err)
		}
		ts.clients[u.Name] = ts.login(t, u.Name)
	}
	return ts
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// postAs posts the form as the user, with the CSRF token of their session
// taken from a page's meta tag, as app.js sends it (token false: without).
func postAs(t *testing.T, ts *testServer, user, path string, form url.Values, token bool) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if token {
		_, _, page := getAs(t, ts, user, "/assess")
		m := csrfMeta.FindSubmatch(page)
		if m == nil {
			t.Fatal("page without CSRF meta tag")
		}
		req.Header.Set("X-CSRF-Token", string(m[1]))
	}
	res, err := ts.clients[user].Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// step is the form of one review step on applications at their versions.
func step(name string, fields map[string]string, idVersions ...string) url.Values {
	form := url.Values{"batch": {"2022"}, "step": {name}}
	for k, v := range fields {
		form.Set(k, v)
	}
	for i := 0; i+1 < len(idVersions); i += 2 {
		form.Add("id", idVersions[i])
		form.Add("version", idVersions[i+1])
	}
	return form
}

var receipt = map[string]string{"f_received_on": "2022-10-10", "why": "材料齐全"}

// history is an application's timeline as the desk reads it.
type history struct {
	State   string `json:"state"`
	Version int64  `json:"version"`
	Events  []struct {
		Who, Step, State, Why, At string
		Facts                     []struct{ Label, Value string }
	} `json:"events"`
	Error string `json:"error"`
}

func historyOf(t *testing.T, ts *testServer, user, id string) (int, history) {
	t.Helper()
	status, _, body := getAs(t, ts, user, "/api/review/history?batch=2022&id="+id)
	var h history
	if err := json.Unmarshal(body, &h); err != nil {
		t.Fatalf("history: %v: %s", err, body)
	}
	return status, h
}

// TestReviewStepIsScopedAndAudited: a 市级 user receives its city's
// application: the step is on the timeline with who, when, the date and the
// reason, and in the audit log. Without the CSRF token nothing happens; a
// 市级 user acting on another city's application, or a 省级 user of another
// province, gets the 404 of an unknown one; read-only users and
// administrators act on nothing; the second of two officials acting on the
// same version is told who came first.
func TestReviewStepIsScopedAndAudited(t *testing.T) {
	ts := reviewServer(t)
	form := step("receive", receipt, "NX-ZW-001", "0")
	if status, _ := postAs(t, ts, "zhongwei", "/api/review/step", form, false); status != http.StatusForbidden {
		t.Errorf("without the CSRF token: %d, want 403", status)
	}
	if _, h := historyOf(t, ts, "zhongwei", "NX-ZW-001"); len(h.Events) != 0 {
		t.Fatalf("a refused post left a step: %+v", h)
	}
	for _, c := range []struct {
		user, id string
		want     int
	}{
		{"zhongwei", "NX-YC-001", http.StatusNotFound},  // another city
		{"guangdong", "NX-ZW-001", http.StatusNotFound}, // another province
		{"zhongwei", "NX-XX-999", http.StatusNotFound},  // no such application
		{"zwview", "NX-ZW-001", http.StatusForbidden},   // read-only
		{"admin", "NX-ZW-001", http.StatusForbidden},    // administrators do not review
		{"ningxia", "NX-ZW-001", http.StatusForbidden},  // the city's step
	} {
		status, body := postAs(t, ts, c.user, "/api/review/step", step("receive", receipt, c.id, "0"), true)
		if status != c.want {
			t.Errorf("%s receiving %s: %d %s, want %d", c.user, c.id, status, body, c.want)
		}
		if c.want == http.StatusNotFound && strings.Contains(string(body), "银川") {
			t.Errorf("%s is told of the other region: %s", c.user, body)
		}
	}
	status, body := postAs(t, ts, "zhongwei", "/api/review/step", form, true)
	if status != http.StatusOK {
		t.Fatalf("receipt: %d %s", status, body)
	}
	status, h := historyOf(t, ts, "zhongwei", "NX-ZW-001")
	if status != http.StatusOK || h.State != "已受理" || h.Version != 1 || len(h.Events) != 1 {
		t.Fatalf("history after the receipt: %d %+v", status, h)
	}
	ev := h.Events[0]
	if today := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02"); !strings.HasPrefix(ev.At, today) {
		t.Errorf("the step is dated %q, not today %s", ev.At, today)
	}
	if ev.Who != "zhongwei" || ev.Step != "受理" || ev.Why != "材料齐全" || len(ev.Facts) != 1 || ev.Facts[0].Value != "2022-10-10" {
		t.Errorf("the timeline's step: %+v", ev)
	}
	if status, _ := historyOf(t, ts, "guangdong", "NX-ZW-001"); status != http.StatusNotFound {
		t.Errorf("another province reads the timeline: %d", status)
	}
	log, _ := ts.wh.AuditLog(1)
	if len(log) != 1 || log[0].Action != clusterscope.AuditReview || log[0].Target != "2022/NX-ZW-001" ||
		!strings.Contains(log[0].Detail, "受理：已受理；受理日期：2022-10-10；理由：材料齐全") {
		t.Errorf("not audited: %+v", log)
	}
	// Someone else acted on version 0 meanwhile: the second is refused.
	status, body = postAs(t, ts, "zhongwei", "/api/review/step", step("cancel",
		map[string]string{"f_ground": "false_declaration", "f_finding": "企业数虚报", "why": "经查实"}, "NX-ZW-001", "0"), true)
	if status != http.StatusConflict || !strings.Contains(string(body), "已被 zhongwei 于") {
		t.Errorf("acting on a stale version: %d %s", status, body)
	}
}

// TestBulkReview: 受理 and 推荐 may be taken for many applications at once,
// and are recorded for all or none; other steps one at a time.
func TestBulkReview(t *testing.T) {
	ts := reviewServer(t)
	// The second names a version that is not there: the first is not recorded either.
	status, body := postAs(t, ts, "zhongwei", "/api/review/step", step("receive", receipt, "NX-ZW-002", "0", "NX-ZW-003", "3"), true)
	if status != http.StatusBadRequest {
		t.Errorf("bulk receipt with a wrong version: %d %s", status, body)
	}
	if _, h := historyOf(t, ts, "zhongwei", "NX-ZW-002"); h.Version != 0 {
		t.Fatalf("half a bulk step recorded: NX-ZW-002 at version %d", h.Version)
	}
	status, body = postAs(t, ts, "zhongwei", "/api/review/step", step("receive", receipt, "NX-ZW-002", "0", "NX-ZW-003", "0"), true)
	if status != http.StatusOK {
		t.Fatalf("bulk receipt: %d %s", status, body)
	}
	status, body = postAs(t, ts, "zhongwei", "/api/review/step",
		step("precheck", map[string]string{"outcome": "pass", "why": "符合"}, "NX-ZW-002", "1", "NX-ZW-003", "1"), true)
	if status != http.StatusBadRequest {
		t.Errorf("bulk 初审: %d %s, want 400", status, body)
	}
	// NX-ZW-001 is not received: the receipt of the others is refused too.
	status, body = postAs(t, ts, "zhongwei", "/api/review/step",
		step("return", map[string]string{"f_problems": "x", "why": "y"}, "NX-ZW-001", "0"), true)
	if status != http.StatusConflict || !strings.Contains(string(body), "当前状态为「待受理」，不能退回修改") {
		t.Errorf("return before receipt: %d %s", status, body)
	}
	for _, id := range []string{"NX-ZW-002", "NX-ZW-003"} {
		if _, h := historyOf(t, ts, "zhongwei", id); h.Version != 1 {
			t.Errorf("%s at version %d after refused steps", id, h.Version)
		}
	}
}
