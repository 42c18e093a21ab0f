package dashboard_test

import (
	"net/http"
	"regexp"
	"testing"

	"clusterscope/dashboard"
)

// urlAttrs are the local URLs a page names.
var urlAttrs = regexp.MustCompile(`\s(?:href|src|action|data-[a-z-]+)="(/[^"]*)"`)

// TestBasePath: under a base path every page, asset, form and redirect
// names URLs under it, and every route answers there; the JSON keeps its
// links at the root (app.js puts the base before them).
func TestBasePath(t *testing.T) {
	ts := newServer(t, fixtureRows)
	ts.srv.Configure(dashboard.Options{BasePath: "/clusterscope"})
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{
		"/clusterscope/compare?batch=2022": "/clusterscope/login?next=%2Fcompare%3Fbatch%3D2022",
		"/clusterscope/":                   "/clusterscope/login?next=%2F",
	} {
		res, err := anon.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusFound || loc != want {
			t.Errorf("%s without an account: %d to %q, want 302 to %s", path, res.StatusCode, loc, want)
		}
	}

	pages := map[string]int{"/clusterscope/login": http.StatusOK, "/clusterscope/compare?batch=2022": http.StatusOK,
		"/clusterscope/admin": http.StatusForbidden, "/clusterscope/no/such/page": http.StatusNotFound}
	for path, status := range pages {
		got, _, body := get(t, ts, path)
		if got != status {
			t.Errorf("%s: %d, want %d", path, got, status)
		}
		urls := urlAttrs.FindAllStringSubmatch(string(body), -1)
		if len(urls) == 0 {
			t.Errorf("%s names no local URL: %s", path, body)
		}
		for _, m := range urls {
			if !regexp.MustCompile(`^/clusterscope/`).MatchString(m[1]) {
				t.Errorf("%s names %s, outside the base path", path, m[1])
			}
		}
	}
	for _, path := range []string{"/clusterscope/static/app.js", "/clusterscope/api/compare?batch=2022", "/clusterscope/api/compare.csv?batch=2022"} {
		if status, _, _ := get(t, ts, path); status != http.StatusOK {
			t.Errorf("%s: %d", path, status)
		}
	}
	_, _, body := get(t, ts, "/clusterscope/api/overview?batch=2022")
	if regexp.MustCompile(`/clusterscope`).Match(body) {
		t.Error("the JSON names the base path: app.js would put it twice")
	}

	// The language switch returns under the base path too.
	res, err := ts.clients["ministry"].Get(ts.URL + "/clusterscope/lang?to=en&next=/compare")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/clusterscope/compare" {
		t.Errorf("the language switch returned to %s, want /clusterscope/compare", res.Request.URL.Path)
	}
}
