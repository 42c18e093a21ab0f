package dashboard_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse/warehousetest"
)

// postRuleSet sends a rule-set file as the page does.
func postRuleSet(t *testing.T, ts *testServer, user, action, name, toml string, csrf bool) (int, changeAnswer) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if name != "" {
		w, _ := mw.CreateFormFile("file", name)
		io.WriteString(w, toml)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/rulesets/"+action, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if csrf {
		req.Header.Set("X-CSRF-Token", token(t, ts, user))
	}
	return answerJSON[changeAnswer](t, ts, user, req)
}

// TestRuleSetsInTheBrowser: an administrator has a rule set checked as
// `ruleset check` checks it, with what is wrong and where; a sound one is
// put in force, listed, and its change audited. Nothing else is let in.
func TestRuleSetsInTheBrowser(t *testing.T) {
	ts := newServer(t, fixtureRows)
	west := warehousetest.WestRuleSet
	for _, c := range []struct {
		name, user, action, file, toml string
		csrf                           bool
		status                         int
		want                           string
	}{
		{"not_admin", "ministry", "add", "west.toml", west, true, http.StatusForbidden, "只有管理员"},
		{"no_csrf", "admin", "add", "west.toml", west, false, http.StatusForbidden, "CSRF"},
		{"no_file", "admin", "check", "", "", true, http.StatusBadRequest, "请选择认定标准文件"},
		{"not_toml", "admin", "check", "west.toml", "id = \n[[criterion]", true, http.StatusBadRequest, "不是有效的 TOML"},
		{"bad_comparison", "admin", "check", "west.toml", strings.Replace(west, `comparison = ">="`, `comparison = "about"`, 1),
			true, http.StatusBadRequest, "第 1 条标准"},
		{"not_dot_toml", "admin", "add", "west.txt", west, true, http.StatusBadRequest, "须以 .toml 结尾"},
		{"check_only", "admin", "check", "west.toml", west, true, 200, "无误"},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, a := postRuleSet(t, ts, c.user, c.action, c.file, c.toml, c.csrf)
			if status != c.status || !strings.Contains(a.Error+a.OK, c.want) {
				t.Errorf("%d %q, want %d with %q", status, a.Error+a.OK, c.status, c.want)
			}
		})
	}
	if _, _, body := getAs(t, ts, "admin", "/api/rulesets"); strings.Contains(string(body), "west-2022") {
		t.Fatal("a rule set only checked, or refused, is in force")
	}
	if status, a := postRuleSet(t, ts, "admin", "add", "west.toml", west, true); status != 200 || !strings.Contains(a.OK, "west-2022@1") {
		t.Fatalf("add: %d %+v", status, a)
	}
	_, _, body := getAs(t, ts, "admin", "/api/rulesets")
	if !strings.Contains(string(body), `"ref":"west-2022@1"`) || !strings.Contains(string(body), "网页 启用认定标准") {
		t.Errorf("the sets in force and their history: %s", body)
	}
	if _, _, admin := getAs(t, ts, "admin", "/api/admin"); !strings.Contains(string(admin), "west-2022@1") {
		t.Error("the administration page does not list the new set in force")
	}
	log, _ := ts.wh.AuditLog(1)
	if len(log) != 1 || log[0].Action != clusterscope.AuditRuleset || log[0].Who != "admin" || log[0].IP == "" {
		t.Errorf("audit: %+v", log)
	}
	if status, _, _ := getAs(t, ts, "zhongwei", "/api/rulesets"); status != http.StatusForbidden {
		t.Errorf("a city user reads the rule sets: %d", status)
	}
}
