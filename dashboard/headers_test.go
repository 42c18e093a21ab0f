package dashboard_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestStaticServesFilesNotDirectories: the static files are cacheable, and
// a directory is a 404, not a listing of what is there.
func TestStaticServesFilesNotDirectories(t *testing.T) {
	ts := newServer(t, "")
	for _, c := range []struct {
		path   string
		status int
		cache  string
	}{
		{"/static/app.css", http.StatusOK, "public, max-age=3600"},
		{"/static/vendor/echarts.min.js", http.StatusOK, "public, max-age=3600"},
		{"/static/", http.StatusNotFound, ""},
		{"/static/vendor/", http.StatusNotFound, ""},
		{"/static/vendor", http.StatusNotFound, ""},
		{"/static/nope.js", http.StatusNotFound, ""},
	} {
		res, err := http.Get(ts.URL + c.path) // no account: static files are public
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.status {
			t.Errorf("%s: %d, want %d", c.path, res.StatusCode, c.status)
		}
		if cc := res.Header.Get("Cache-Control"); c.cache != "" && cc != c.cache {
			t.Errorf("%s: Cache-Control %q, want %q", c.path, cc, c.cache)
		}
	}
}

// TestUnreadableQueriesAreRefused: a query that Go's url.ParseQuery reads
// only in part — past 10,000 parameters it drops them all — is a clear 400,
// not the default view as if nothing had been asked.
func TestUnreadableQueriesAreRefused(t *testing.T) {
	ts := newServer(t, fixtureRows)
	many := func(n int) string { return "batch=2023" + strings.Repeat("&batch=2023", n-1) }
	for _, c := range []struct {
		name, path string
		status     int
		want       string
	}{
		{"10,001 parameters", "/api/compare?" + many(10001), 400, "网址的参数过多（10001 个，最多 10000 个）"},
		{"10,001 on a page", "/compare?" + many(10001), 400, "网址的参数过多"},
		{"10,000 is the limit", "/healthz?" + many(10000), 200, "ok"},
		{"a bad escape", "/api/compare?batch=2023&q=%zz", 400, "无效的转义「%zz」"},
		{"a semicolon", "/api/compare?batch=2023;q=x", 400, "分号"},
		{"well formed", "/api/compare?batch=2023", 200, "2023 年度批次"},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, _, body := get(t, ts, c.path)
			if status != c.status || !strings.Contains(string(body), c.want) {
				t.Errorf("%d, want %d with %q: %.300s", status, c.status, c.want, body)
			}
			var v struct{ Error string }
			if strings.HasPrefix(c.path, "/api/") && c.status == 400 && (json.Unmarshal(body, &v) != nil || v.Error == "") {
				t.Errorf("not a JSON error: %.300s", body)
			}
		})
	}
}
