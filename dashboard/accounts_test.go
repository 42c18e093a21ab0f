package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"clusterscope"
)

type changeAnswer struct {
	OK       string `json:"ok"`
	Password string `json:"password"`
	Error    string `json:"error"`
}

// postForm posts a form as user with their CSRF token (none when csrf is false).
func postForm(t *testing.T, ts *testServer, user, path string, form url.Values, csrf bool) (int, changeAnswer) {
	t.Helper()
	tok := ""
	if csrf {
		tok = token(t, ts, user)
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if tok != "" {
		req.Header.Set("X-CSRF-Token", tok)
	}
	return answerJSON[changeAnswer](t, ts, user, req)
}

// signsIn reports whether name signs in with password through the form.
func signsIn(t *testing.T, ts *testServer, name, password string) bool {
	t.Helper()
	_, ok := ts.loginWith(t, name, password)
	return ok
}

// TestAccountsInTheBrowser: an administrator adds a 县级 account, which
// signs in with its one-time password; disables it (its session ends),
// enables it and resets its password; every change is audited. The
// refusals are 4xx with what is wrong.
func TestAccountsInTheBrowser(t *testing.T) {
	ts := newServer(t, fixtureRows+countyRows)
	county := url.Values{"name": {"Spt2"}, "role": {"county"}, "province": {"宁夏回族自治区"}, "city": {"中卫市"}, "county": {"沙坡头区"}}
	for _, c := range []struct {
		name, user string
		form       url.Values
		csrf       bool
		status     int
		want       string
	}{
		{"not_admin", "zhongwei", county, true, http.StatusForbidden, "只有管理员"},
		{"no_csrf", "admin", county, false, http.StatusForbidden, "CSRF"},
		{"no_role", "admin", url.Values{"name": {"x1"}}, true, http.StatusBadRequest, "请选择角色"},
		{"county_without_county", "admin", url.Values{"name": {"x2"}, "role": {"county"}, "province": {"宁夏回族自治区"}, "city": {"中卫市"}},
			true, http.StatusBadRequest, "县级用户须同时指定"},
		{"county_elsewhere", "admin", url.Values{"name": {"x3"}, "role": {"county"}, "province": {"宁夏回族自治区"}, "city": {"中卫市"}, "county": {"永宁县"}},
			true, http.StatusBadRequest, "「永宁县」属于银川市"},
		{"bad_name", "admin", url.Values{"name": {"a b"}, "role": {"viewer"}}, true, http.StatusBadRequest, "用户名"},
		{"duplicate", "admin", url.Values{"name": {"zhongwei"}, "role": {"viewer"}}, true, http.StatusConflict, "已存在"},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, a := postForm(t, ts, c.user, "/api/accounts/add", c.form, c.csrf)
			if status != c.status || !strings.Contains(a.Error, c.want) {
				t.Errorf("%d %q, want %d with %q", status, a.Error, c.status, c.want)
			}
		})
	}
	status, a := postForm(t, ts, "admin", "/api/accounts/add", county, true)
	if status != 200 || len(a.Password) != 26 || !strings.Contains(a.OK, "spt2（县级，宁夏回族自治区中卫市沙坡头区）") {
		t.Fatalf("add: %d %+v", status, a)
	}
	if !signsIn(t, ts, "spt2", a.Password) {
		t.Fatal("the new account does not sign in with its one-time password")
	}
	ts.clients["spt2"], _ = ts.loginWith(t, "spt2", a.Password)
	// Someone else has seen a one-time password: it opens only the page
	// that sets one's own.
	if status, _, body := getAs(t, ts, "spt2", "/api/compare?batch=2022"); status != http.StatusForbidden || !strings.Contains(string(body), "一次性密码") {
		t.Errorf("the comparison before the county account sets its own password: %d %s", status, body)
	}
	noFollow := *ts.clients["spt2"]
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if res, err := noFollow.Get(ts.URL + "/compare"); err != nil || res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/password" {
		t.Errorf("a page before the county account sets its own password: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	if _, _, body := getAs(t, ts, "spt2", "/password"); !strings.Contains(string(body), "一次性密码") {
		t.Error("the password page does not say why it is shown")
	}
	same := url.Values{"current": {a.Password}, "new": {a.Password}, "repeat": {a.Password}}
	if status, p := postForm(t, ts, "spt2", "/api/password", same, true); status != http.StatusBadRequest || !strings.Contains(p.Error, "不能与当前密码相同") {
		t.Errorf("the one-time password kept as one's own: %d %+v", status, p)
	}
	own := url.Values{"current": {a.Password}, "new": {"spt2-own-password"}, "repeat": {"spt2-own-password"}}
	if status, p := postForm(t, ts, "spt2", "/api/password", own, true); status != 200 {
		t.Fatalf("the county account sets its own password: %d %+v", status, p)
	}
	if status, _, body := getAs(t, ts, "spt2", "/api/compare?batch=2022"); status != 200 || !strings.Contains(string(body), "NX-ZW-001") || strings.Contains(string(body), "NX-ZW-003") {
		t.Errorf("the county account's comparison: %d", status)
	}
	if status, _ := postForm(t, ts, "admin", "/api/accounts/disable", url.Values{"name": {"spt2"}}, true); status != 200 {
		t.Fatalf("disable: %d", status)
	}
	if status, _, _ := getAs(t, ts, "spt2", "/api/compare"); status != http.StatusUnauthorized {
		t.Errorf("a disabled account's session goes on: %d", status)
	}
	if signsIn(t, ts, "spt2", a.Password) {
		t.Error("a disabled account signs in")
	}
	postForm(t, ts, "admin", "/api/accounts/enable", url.Values{"name": {"spt2"}}, true)
	status, r := postForm(t, ts, "admin", "/api/accounts/reset", url.Values{"name": {"spt2"}}, true)
	if status != 200 || r.Password == "" || r.Password == a.Password || signsIn(t, ts, "spt2", "spt2-own-password") || !signsIn(t, ts, "spt2", r.Password) {
		t.Errorf("reset: %d %+v", status, r)
	}
	ts.clients["spt2"], _ = ts.loginWith(t, "spt2", r.Password)
	if status, _, _ := getAs(t, ts, "spt2", "/api/compare?batch=2022"); status != http.StatusForbidden {
		t.Errorf("the comparison after a reset, before the user sets their own password: %d", status)
	}
	if status, a := postForm(t, ts, "admin", "/api/accounts/disable", url.Values{"name": {"admin"}}, true); status != http.StatusConflict || !strings.Contains(a.Error, "最后一个管理员") {
		t.Errorf("disabling the last administrator: %d %+v", status, a)
	}
	if status, a := postForm(t, ts, "admin", "/api/accounts/reset", url.Values{"name": {"nobody"}}, true); status != http.StatusNotFound {
		t.Errorf("reset an unknown account: %d %+v", status, a)
	}
	log, _ := ts.wh.AuditLog(0)
	var got []string
	for _, e := range log {
		if e.Target == "spt2" && e.Who == "admin" && e.IP != "" {
			got = append(got, string(e.Action))
		}
	}
	if strings.Join(got, " ") != "user_passwd user_enable user_disable user_add" {
		t.Errorf("audited: %v", got)
	}
	for _, path := range []string{"/accounts", "/api/accounts"} {
		if status, _, _ := getAs(t, ts, "zhongwei", path); status != http.StatusForbidden {
			t.Errorf("a city user at %s: %d", path, status)
		}
	}
	if status, _, body := getAs(t, ts, "admin", "/api/accounts"); status != 200 || !strings.Contains(string(body), "spt2") {
		t.Errorf("the accounts' list: %d", status)
	}
}

// TestOwnPassword: a user sets their own password; their other sessions
// end, the one in hand goes on; a wrong current password, two different
// new ones or a short one change nothing.
func TestOwnPassword(t *testing.T) {
	ts := newServer(t, fixtureRows)
	other := ts.login(t, "shapotou")
	for _, c := range []struct {
		name string
		form url.Values
		want string
	}{
		{"wrong_current", url.Values{"current": {"not-the-password"}, "new": {"a-new-password-1"}, "repeat": {"a-new-password-1"}}, "当前密码不正确"},
		{"mismatch", url.Values{"current": {testPassword}, "new": {"a-new-password-1"}, "repeat": {"a-new-password-2"}}, "不一致"},
		{"short", url.Values{"current": {testPassword}, "new": {"short"}, "repeat": {"short"}}, "至少需要 10 个字符"},
	} {
		if status, a := postForm(t, ts, "shapotou", "/api/password", c.form, true); status != http.StatusBadRequest || !strings.Contains(a.Error, c.want) {
			t.Errorf("%s: %d %+v", c.name, status, a)
		}
	}
	if !signsIn(t, ts, "shapotou", testPassword) {
		t.Fatal("a refused change changed the password")
	}
	form := url.Values{"current": {testPassword}, "new": {"a-new-password-1"}, "repeat": {"a-new-password-1"}}
	if status, a := postForm(t, ts, "shapotou", "/api/password", form, true); status != 200 || a.OK == "" {
		t.Fatalf("change: %d %+v", status, a)
	}
	if status, _, _ := getAs(t, ts, "shapotou", "/api/compare"); status != 200 {
		t.Errorf("the session that changed the password ended: %d", status)
	}
	res, err := other.Get(ts.URL + "/api/compare")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("the user's other session goes on: %d", res.StatusCode)
	}
	if !signsIn(t, ts, "shapotou", "a-new-password-1") || signsIn(t, ts, "shapotou", testPassword) {
		t.Error("the new password is not the one in force")
	}
	log, _ := ts.wh.AuditLog(0)
	changes := 0
	for _, e := range log {
		if e.Action == clusterscope.AuditUserPasswd && e.Who == "shapotou" && e.Target == "shapotou" {
			changes++
		}
	}
	if changes != 1 {
		t.Errorf("%d password changes audited, want 1", changes)
	}
}
