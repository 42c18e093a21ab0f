package dashboard_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"clusterscope/dashboard"
	"clusterscope/etl"
)

// routeQueries gives every GET route the query a user would send. A new
// route must be added here, so that it is walked by the scope test.
var routeQueries = map[string]string{
	"/":                           "",
	"/overview":                   "",
	"/compare":                    "headline.page=2&headline.sort=-output_total",
	"/monitor":                    "",
	"/assess":                     "",
	"/cluster":                    "",
	"/api/overview":               "batch=2022",
	"/api/overview.csv":           "batch=2022",
	"/api/overview.xlsx":          "batch=2022",
	"/api/compare":                "batch=2022&headline.sort=name&rows=all",
	"/api/compare.csv":            "batch=2022&headline.page=2&headline.sort=-output_total",
	"/api/compare.xlsx":           "batch=2022",
	"/api/monitor":                "batch=2022&tracks.sort=province&tracks.page=1",
	"/api/monitor.csv":            "batch=2022",
	"/api/monitor.xlsx":           "batch=2022",
	"/api/assess":                 "batch=2022&status=",
	"/api/assess.csv":             "batch=2022&status=",
	"/api/assess.xlsx":            "batch=2022&status=",
	"/api/assess.annex1.xlsx":     "batch=2022&status=",
	"/api/assess.annex1.csv":      "batch=2022&status=",
	"/api/review/history":         "batch=2022&id=NX-YC-002",
	"/api/cluster":                "",
	"/api/cluster.csv":            "",
	"/api/cluster.xlsx":           "",
	"/export/:file":               "batch=2022&headline.sort=name&headline.page=2",
	"/admin":                      "",
	"/api/admin":                  "",
	"/api/admin.csv":              "",
	"/api/admin.xlsx":             "",
	"/lang":                       "to=zh&next=/compare",
	"/upload":                     "",
	"/api/upload":                 "",
	"/api/upload/template.xlsx":   "kind=application&batch=2022",
	"/api/upload/problems.xlsx":   "id=20260101T000000Z-0000000000000000",
	"/uploads":                    "",
	"/api/uploads":                "",
	"/api/uploads.csv":            "",
	"/api/uploads.xlsx":           "",
	"/accounts":                   "",
	"/password":                   "",
	"/api/accounts":               "",
	"/rulesets":                   "",
	"/api/rulesets":               "",
	"/api/uploads/file":           "id=20260101T000000Z-0000000000000000&sha256=00",
	"/api/monitor.reminders.xlsx": "batch=0",
	"/recheck":                    "",
	"/api/recheck":                "term_end=2025",
	"/api/recheck.csv":            "term_end=2025",
	"/api/recheck.xlsx":           "term_end=2025",
	"/portfolio":                  "",
	"/api/portfolio":              "batch=0&clusters.sort=-batch&rows=all",
	"/api/portfolio.csv":          "batch=0",
	"/api/portfolio.xlsx":         "batch=0",
}

// public routes answer without an account.
var public = map[string]bool{"/login": true, "/healthz": true, "/static/*": true, "/readyz": true, "/metrics": true}

// countyRows put the fixture's 中卫 cluster in 沙坡头区 and add another
// county's cluster of the same city, which a 县级 user of 沙坡头区 must not see.
const countyRows = `
NX-ZW-001,2022,county,,沙坡头区
NX-ZW-003,2022,cluster_name,,中宁县硒砂瓜中小企业特色产业集群（硒砂瓜产业）
NX-ZW-003,2022,province,,宁夏回族自治区
NX-ZW-003,2022,city,,中卫市
NX-ZW-003,2022,county,,中宁县
NX-ZW-003,2022,leading_industry,,硒砂瓜
NX-ZW-003,2022,output_total,2021,41.5`

// TestEveryRouteKeepsToScope walks every GET route as a 市级 user of 中卫,
// a 省级 user of 广东 and a 县级 user of 沙坡头区: each answer holds none of
// another region's clusters (the county's, none of another county of its
// own city), and nothing is a 500. Without an account, nothing but the
// public routes answers. No answer, a user's or a refusal, may be stored by
// a browser or a proxy (Cache-Control: no-store): each is one user's.
func TestEveryRouteKeepsToScope(t *testing.T) {
	ts := newServer(t, fixtureRows+countyRows)
	ts.srv.SetIntake(&etl.Intake{W: ts.wh}, dashboard.UploadLimits{})
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	forbidden := map[string][]string{
		"zhongwei":  {"NX-YC-002", "银川", "葡萄酒", "GD-2022-0001", "广东", "onerror", "ZJ-2023-0001", "浙江", "模具"},
		"guangdong": {"NX-ZW-001", "NX-YC-002", "NX-ZW-003", "宁夏", "枸杞", "ZJ-2023-0001", "浙江"},
		"shapotou":  {"NX-ZW-003", "中宁", "硒砂瓜", "NX-YC-002", "银川", "葡萄酒", "GD-2022-0001", "广东", "onerror", "ZJ-2023-0001", "浙江", "模具"},
	}
	walked := 0
	for _, r := range ts.srv.Echo.Routes() {
		if r.Method != http.MethodGet || public[r.Path] {
			continue
		}
		q, ok := routeQueries[r.Path]
		if !ok {
			t.Errorf("route %s is not in routeQueries: add it so its scope is tested", r.Path)
			continue
		}
		path := strings.Replace(r.Path, ":file", "compare.pdf", 1) + "?" + q
		walked++
		t.Run(strings.ReplaceAll(strings.Trim(r.Path, "/"), "/", "_"), func(t *testing.T) {
			res, err := anon.Get(ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusFound {
				t.Errorf("without an account: %d", res.StatusCode)
			}
			if !noStore(res.Header) {
				t.Errorf("without an account: Cache-Control %q", res.Header.Values("Cache-Control"))
			}
			for user, words := range forbidden {
				status, hdr, body := getAs(t, ts, user, path)
				if !noStore(hdr) {
					t.Errorf("%s: Cache-Control %q", user, hdr.Values("Cache-Control"))
				}
				if status >= 500 && status != http.StatusConflict {
					t.Errorf("%s: status %d: %s", user, status, body)
				}
				for _, w := range words {
					if strings.Contains(string(body), w) {
						t.Errorf("%s sees %q at %s", user, w, path)
					}
				}
			}
		})
	}
	if walked < len(routeQueries)-2 {
		t.Errorf("walked %d routes; the route table lists %d", walked, len(routeQueries))
	}
}

// TestCountySeesItsOwn: the 县级 user's pages hold its county's cluster and
// say which county they are of (the walk above would pass on empty pages).
func TestCountySeesItsOwn(t *testing.T) {
	ts := newServer(t, fixtureRows+countyRows)
	status, _, body := getAs(t, ts, "shapotou", "/api/compare?batch=2022")
	if status != http.StatusOK || !strings.Contains(string(body), "NX-ZW-001") || !strings.Contains(string(body), "宁夏回族自治区中卫市沙坡头区") {
		t.Errorf("shapotou's comparison: %d %.400s", status, body)
	}
	if status, _, _ := getAs(t, ts, "shapotou", "/api/cluster?batch=2022&id=NX-ZW-003"); status != http.StatusNotFound {
		t.Errorf("another county's profile: %d, want 404", status)
	}
	if status, _, body := getAs(t, ts, "zhongwei", "/api/compare?batch=2022"); !strings.Contains(string(body), "NX-ZW-003") {
		t.Errorf("the city user misses its other county: %d", status)
	}
}

// noStore: the answer's Cache-Control lines (the session's adds one of its
// own) say no-store.
func noStore(h http.Header) bool {
	return slices.Contains(strings.Split(strings.ReplaceAll(strings.Join(h.Values("Cache-Control"), ","), " ", ""), ","), "no-store")
}

// TestProfileOutsideScopeIsNotFound: asking for another region's cluster
// by id gives the same 404 as an unknown one — its existence is not told.
func TestProfileOutsideScopeIsNotFound(t *testing.T) {
	ts := newServer(t, fixtureRows)
	other, _, body := getAs(t, ts, "zhongwei", "/api/cluster?batch=2022&id=GD-2022-0001")
	unknown, _, _ := getAs(t, ts, "zhongwei", "/api/cluster?batch=2022&id=XX-0000")
	if other != http.StatusNotFound || unknown != http.StatusNotFound {
		t.Errorf("other region's cluster: %d (%s); unknown: %d", other, body, unknown)
	}
	if status, _, body := getAs(t, ts, "ministry", "/api/cluster?batch=2022&id=GD-2022-0001"); status != 200 || !strings.Contains(string(body), "广东省") {
		t.Errorf("ministry reading the 广东 cluster: %d", status)
	}
}
