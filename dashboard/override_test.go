package dashboard_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/etl/demo"
)

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// TestOverrideIsRecorded: an official admits a candidate that failed the
// criteria, with a reason; the list shows it with their name and reason,
// and the audit log has it. Without the CSRF token nothing happens.
func TestOverrideIsRecorded(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{Recognised: -1})
	w := ts.wh
	_, _, body := get(t, ts, "/api/assess?batch=2022")
	var v struct {
		Override struct {
			Clusters []struct {
				Value string `json:"value"`
			} `json:"clusters"`
		} `json:"override"`
	}
	json.Unmarshal(body, &v)
	if len(v.Override.Clusters) == 0 {
		t.Fatal("no failing candidate offered for an override")
	}
	id := v.Override.Clusters[0].Value
	form := url.Values{"batch": {"2022"}, "cluster_id": {id}, "reason": {"经实地审查，产值统计口径调整后达标"}}
	client := ts.clients["ministry"]
	res, _ := client.PostForm(ts.URL+"/api/assess/override", form)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("override without CSRF token: %d, want 403", res.StatusCode)
	}
	_, _, page := get(t, ts, "/assess")
	token := csrfMeta.FindSubmatch(page)
	if token == nil {
		t.Fatal("page without CSRF meta tag")
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/assess/override", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", string(token[1]))
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("override: %d %s", res.StatusCode, b)
	}
	_, _, body = get(t, ts, "/api/assess?batch=2022")
	if !strings.Contains(string(body), "破格推荐（ministry：经实地审查，产值统计口径调整后达标）") {
		t.Error("the override is not shown with who and why")
	}
	log, _ := w.AuditLog(5)
	if len(log) == 0 || log[0].Action != clusterscope.AuditOverride || log[0].Target != "2022/"+id {
		t.Errorf("override not audited: %+v", log)
	}
	// A 市级 user of 中卫 cannot record one for a cluster outside 中卫.
	other := ""
	for _, c := range v.Override.Clusters {
		if !strings.HasPrefix(c.Value, "NX-ZW") {
			other = c.Value
		}
	}
	if other != "" {
		_, _, page := getAs(t, ts, "zhongwei", "/assess")
		token := csrfMeta.FindSubmatch(page)
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/assess/override",
			strings.NewReader(url.Values{"batch": {"2022"}, "cluster_id": {other}, "reason": {"x"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-CSRF-Token", string(token[1]))
		res, _ := ts.clients["zhongwei"].Do(req)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("中卫 user overriding %s: %d, want 404", other, res.StatusCode)
		}
	}
}
