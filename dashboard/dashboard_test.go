package dashboard_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/dashboard"
	"clusterscope/etl"
	"clusterscope/queries"
	"clusterscope/warehouse"
	"clusterscope/warehouse/warehousetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixtureRows: three clusters of batch 2022, one of 2023, and a follow-up.
const fixtureRows = `
NX-ZW-001,2022,cluster_name,,中卫市沙坡头区枸杞中小企业特色产业集群（枸杞产业）
NX-ZW-001,2022,province,,宁夏回族自治区
NX-ZW-001,2022,city,,中卫市
NX-ZW-001,2022,leading_industry,,枸杞
NX-ZW-001,2022,output_total,2019,45.2
NX-ZW-001,2022,output_total,2020,48.9
NX-ZW-001,2022,output_total,2021,52.1
NX-ZW-001,2022,rd_intensity,2021,2.35
NX-ZW-001,2022,cloud_adoption,,38.5
NX-ZW-001,2022,co2_per_output,2021,0.82
NX-ZW-001,2022,output_total,2022,57.3
NX-YC-002,2022,cluster_name,,银川市永宁县葡萄酒中小企业特色产业集群（葡萄酒产业）
NX-YC-002,2022,province,,宁夏回族自治区
NX-YC-002,2022,city,,银川市
NX-YC-002,2022,leading_industry,,葡萄酒
NX-YC-002,2022,output_total,2021,88.4
NX-YC-002,2022,rd_intensity,2021,3.1
NX-YC-002,2022,cloud_adoption,,51
GD-2022-0001,2022,cluster_name,,<img src=x onerror=alert(1)>集群
GD-2022-0001,2022,province,,广东省
GD-2022-0001,2022,output_total,2021,310
ZJ-2023-0001,2023,cluster_name,,宁波市余姚市模具中小企业特色产业集群（模具产业）
ZJ-2023-0001,2023,province,,浙江省
ZJ-2023-0001,2023,output_total,2022,120`

const testPassword = "correct-horse-battery"

// Test accounts: the ministry sees everything, 中卫 only its city, 广东 its province.
var (
	ministry  = clusterscope.User{Name: "ministry", Role: clusterscope.RoleMinistry}
	zhongwei  = clusterscope.User{Name: "zhongwei", Role: clusterscope.RoleCity, Scope: clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市"}}
	guangdong = clusterscope.User{Name: "guangdong", Role: clusterscope.RoleProvince, Scope: clusterscope.Scope{Province: "广东省"}}
	admin     = clusterscope.User{Name: "admin", Role: clusterscope.RoleAdmin}
	// shapotou is the 县级 applicant of 沙坡头区, a county of 中卫.
	shapotou = clusterscope.User{Name: "shapotou", Role: clusterscope.RoleCounty,
		Scope: clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市", County: "沙坡头区"}}
)

// testServer is a dashboard on a fixture warehouse, with a signed-in
// client per test account.
type testServer struct {
	*httptest.Server
	srv     *dashboard.Server
	wh      *warehouse.Warehouse
	clients map[string]*http.Client
}

func newServer(t *testing.T, rows string) *testServer {
	t.Helper()
	w := warehousetest.New(t)
	if rows != "" {
		warehousetest.Load(t, w, "fixture.csv", true, rows)
	}
	return start(t, w)
}

// newDemoServer serves a synthetic data set of the given size, loaded
// through the ETL as `clusterscope demo` does; it returns the CSV too.
func newDemoServer(t *testing.T, opt demo.Options) (*testServer, []byte) {
	t.Helper()
	var csv bytes.Buffer
	if err := demo.Write(&csv, opt); err != nil {
		t.Fatal(err)
	}
	return newServerFromCSV(t, csv.Bytes()), csv.Bytes()
}

// newServerFromCSV serves a long CSV of synthetic data loaded through the ETL.
func newServerFromCSV(t *testing.T, data []byte) *testServer {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	w := warehousetest.New(t)
	if _, err := etl.LoadFile(w, path, "test", clusterscope.All, true); err != nil {
		t.Fatal(err)
	}
	return start(t, w)
}

func start(t *testing.T, w *warehouse.Warehouse) *testServer {
	t.Helper()
	return startOn(t, w, queries.Options{})
}

// startOn serves w with the questions opened with o.
func startOn(t *testing.T, w *warehouse.Warehouse, o queries.Options) *testServer {
	t.Helper()
	db, err := queries.OpenWith(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := dashboard.New(w, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := &testServer{Server: httptest.NewServer(s.Echo), srv: s, wh: w, clients: map[string]*http.Client{}}
	t.Cleanup(ts.Close)
	for _, u := range []clusterscope.User{ministry, zhongwei, guangdong, admin, shapotou} {
		if _, err := w.User(u.Name); err == nil {
			// there already, in a restored warehouse
		} else if err := w.AddUser(u, testPassword); err != nil {
			t.Fatal(err)
		}
		ts.clients[u.Name] = ts.login(t, u.Name)
	}
	return ts
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login signs in through the login form, as a browser does.
func (ts *testServer) login(t *testing.T, name string) *http.Client {
	t.Helper()
	c, ok := ts.loginWith(t, name, testPassword)
	if !ok {
		t.Fatalf("login as %s failed", name)
	}
	return c
}

// loginWith signs in with password; ok is false when the form refuses it.
func (ts *testServer) loginWith(t *testing.T, name, password string) (c *http.Client, ok bool) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c = &http.Client{Jar: jar}
	res, err := c.Get(ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindSubmatch(page)
	if m == nil {
		t.Fatal("login page without CSRF token")
	}
	res, err = c.PostForm(ts.URL+"/login", url.Values{"csrf": {string(m[1])}, "username": {name}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return c, res.Request.URL.Path != "/login"
}

// get fetches as the ministry user.
func get(t *testing.T, ts *testServer, path string) (int, http.Header, []byte) {
	t.Helper()
	return getAs(t, ts, "ministry", path)
}

func getAs(t *testing.T, ts *testServer, user, path string) (int, http.Header, []byte) {
	t.Helper()
	res, err := ts.clients[user].Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

type compareBody struct {
	Demo    bool   `json:"demo"`
	Summary string `json:"summary"`
	Error   string `json:"error"`
	Filters map[string]struct {
		Value any `json:"value"`
	} `json:"filters"`
	Charts []struct {
		ID     string         `json:"id"`
		Title  string         `json:"title"`
		Option map[string]any `json:"option"`
	} `json:"charts"`
	Tables []struct {
		Rows   []map[string]any `json:"rows"`
		Footer []map[string]any `json:"footer"`
	} `json:"tables"`
}

func TestCompareAPI(t *testing.T) {
	ts := newServer(t, fixtureRows)
	cases := []struct {
		name, query string
		status      int
		clusters    int
		want        string // in summary or error
	}{
		{"Defaults", "", 200, 3, "2022 年度批次 · 全国 · 2021 年 · 3 个集群"},
		{"Province", "province=宁夏回族自治区", 200, 2, "宁夏回族自治区 · 2021 年 · 2 个集群"},
		{"FollowUpYear", "year=2022&province=宁夏回族自治区", 200, 2, "2022 年"},
		{"OtherBatch", "batch=2023", 200, 1, "2023 年度批次 · 全国 · 2022 年"},
		{"UnknownParam", "batch=2022&colour=red", 400, 0, "未知参数「colour」"},
		{"BadBatch", "batch=abc", 400, 0, "批次「abc」不是整数"},
		{"MissingBatch", "batch=2030", 404, 0, "没有 2030 年度批次的数据"},
		{"YearOutOfRange", "year=2010", 400, 0, "没有 2010 年"},
		{"UnknownProvince", "province=火星", 400, 0, "没有省份为「火星」的集群"},
		{"UnknownIndicator", "field=cluster_name", 400, 0, "不是申报表中的数值字段"},
		{"BadStatus", "status=maybe", 400, 0, "状态「maybe」无效"},
		{"RepeatedParam", "batch=2022&batch=2023", 400, 0, "只能给一次"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, hdr, body := get(t, ts, "/api/compare?"+c.query)
			if status != c.status {
				t.Fatalf("status %d, want %d: %s", status, c.status, body)
			}
			if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("content type %q", ct)
			}
			var r compareBody
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Summary+r.Error, c.want) {
				t.Errorf("got summary %q error %q, want %q", r.Summary, r.Error, c.want)
			}
			if c.status != 200 {
				return
			}
			if len(r.Tables[len(r.Tables)-1].Rows) != c.clusters {
				t.Errorf("%d rows, want %d", len(r.Tables[len(r.Tables)-1].Rows), c.clusters)
			}
			if len(r.Charts) < 4 || r.Charts[0].ID != "output_total" || !r.Demo {
				t.Errorf("%d charts, demo=%v; want the headline charts of demo data", len(r.Charts), r.Demo)
			}
		})
	}
}

// TestMissingIsNotZero: a cluster that did not report a metric shows a gap.
func TestMissingIsNotZero(t *testing.T) {
	ts := newServer(t, fixtureRows)
	_, _, body := get(t, ts, "/api/compare")
	var r compareBody
	json.Unmarshal(body, &r)
	for _, row := range r.Tables[len(r.Tables)-1].Rows {
		if strings.Contains(row["name"].(string), "onerror") && row["rd_intensity"] != nil {
			t.Errorf("unreported R&D intensity served as %v", row["rd_intensity"])
		}
	}
	data := r.Charts[1].Option["series"].([]any)[0].(map[string]any)["data"].([]any)
	if got := data[0].(map[string]any)["value"]; got != "-" {
		t.Errorf("first bar (largest output, no R&D figure) is %v, want \"-\"", got)
	}
}

func TestEmptyWarehouse(t *testing.T) {
	ts := newServer(t, "")
	status, _, body := get(t, ts, "/api/compare")
	var r compareBody
	json.Unmarshal(body, &r)
	if status != 200 || len(r.Charts) != 0 || !strings.Contains(r.Summary, "还没有数据") {
		t.Errorf("empty warehouse: %d %s", status, body)
	}
	for _, p := range []string{"overview", "monitor", "cluster"} {
		status, _, body := get(t, ts, "/api/"+p)
		if status != 200 || !strings.Contains(string(body), "还没有数据") {
			t.Errorf("empty warehouse, %s: %d %s", p, status, body)
		}
	}
}

func TestPagesAndHeaders(t *testing.T) {
	ts := newServer(t, fixtureRows)
	status, hdr, body := get(t, ts, "/compare?batch=2022")
	if status != 200 {
		t.Fatalf("compare page: %d", status)
	}
	// Scripts and <style> elements only from here; inline style attributes
	// (ECharts' tooltips) are the one exception.
	csp := map[string]string{}
	for _, d := range strings.Split(hdr.Get("Content-Security-Policy"), ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		csp[name] = value
	}
	for name, want := range map[string]string{"script-src": "'self'", "style-src": "'self'", "style-src-elem": "'self'",
		"style-src-attr": "'unsafe-inline'", "object-src": "'none'"} {
		if csp[name] != want {
			t.Errorf("CSP %s %q, want %q", name, csp[name], want)
		}
	}
	page := string(body)
	if strings.Contains(page, "<script>") || strings.Contains(page, "cdn") {
		t.Error("page has an inline script or a CDN reference")
	}
	for _, want := range []string{`lang="zh-CN"`, "/static/vendor/echarts.min.js", "演示数据"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	status, _, body = get(t, ts, "/static/vendor/echarts.min.js")
	if status != 200 || !strings.Contains(string(body[:2000]), "echarts") {
		t.Errorf("embedded ECharts: %d", status)
	}
	if status, _, _ := get(t, ts, "/compare?x=1"); status != 400 {
		t.Errorf("page with unknown parameter: %d", status)
	}
	if status, _, body := get(t, ts, "/nope"); status != 404 || !strings.Contains(string(body), "页面不存在") {
		t.Errorf("unknown page: %d %s", status, body)
	}
}

// TestSeesNewLoads: the server picks up a load made while it runs.
func TestSeesNewLoads(t *testing.T) {
	w := warehousetest.New(t)
	ts := start(t, w)
	warehousetest.Load(t, w, "late.csv", false, fixtureRows)
	_, _, body := get(t, ts, "/api/compare")
	var r compareBody
	json.Unmarshal(body, &r)
	if len(r.Tables[len(r.Tables)-1].Rows) != 3 || r.Demo {
		t.Errorf("after a load: %d rows, demo=%v", len(r.Tables[len(r.Tables)-1].Rows), r.Demo)
	}
}

// TestCorruptFileServesTheRest: a damaged Parquet file does not stop the
// server: it answers from the other files and says something is missing.
func TestCorruptFileServesTheRest(t *testing.T) {
	w := warehousetest.New(t)
	warehousetest.Load(t, w, "nx.csv", false, strings.Join(strings.Split(fixtureRows, "\n")[:19], "\n"))
	warehousetest.Load(t, w, "gd.csv", false, strings.Join(strings.Split(fixtureRows, "\n")[19:], "\n"))
	s, _ := w.Snapshot()
	b, _ := os.ReadFile(s.Observations[1])
	os.WriteFile(s.Observations[1], b[:len(b)/2], 0o644)
	ts := start(t, w)
	status, _, body := get(t, ts, "/api/compare")
	var r compareBody
	json.Unmarshal(body, &r)
	if status != 200 || len(r.Tables) == 0 || len(r.Tables[0].Rows) != 2 {
		t.Fatalf("with a damaged file: %d %s", status, body)
	}
	if !strings.Contains(string(body), "已损坏") {
		t.Error("the damage is not reported")
	}
}

// TestAdminPage: administrators see who signed in and every load; others
// get a 403, on the page and on its data.
func TestAdminPage(t *testing.T) {
	ts := newServer(t, fixtureRows)
	status, _, body := getAs(t, ts, "admin", "/api/admin")
	if status != 200 {
		t.Fatalf("admin: %d %s", status, body)
	}
	for _, want := range []string{"登录", "zhongwei", "fixture.csv", "national-2022"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("admin page lacks %q", want)
		}
	}
	for _, user := range []string{"ministry", "zhongwei"} {
		for _, path := range []string{"/admin", "/api/admin", "/api/admin.csv"} {
			if status, _, _ := getAs(t, ts, user, path); status != 403 {
				t.Errorf("%s at %s: %d, want 403", user, path, status)
			}
		}
	}
}

// TestDownloadsDefuseFormulas: a name that a spreadsheet would run as a
// formula is written as text in CSV and XLSX downloads.
func TestDownloadsDefuseFormulas(t *testing.T) {
	rows := strings.Replace(fixtureRows, "<img src=x onerror=alert(1)>集群", `=HYPERLINK("http://evil.example","点击")`, 1)
	ts := newServer(t, rows)
	status, hdr, body := get(t, ts, "/api/compare.csv?batch=2022")
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") || !bytes.HasPrefix(body, []byte("\ufeff")) {
		t.Fatalf("csv: %d %s", status, hdr)
	}
	if !strings.Contains(string(body), `'=HYPERLINK(`) || strings.Contains(string(body), "\n=HYPERLINK") || strings.Contains(string(body), `,=HYPERLINK`) {
		t.Errorf("formula not defused in CSV:\n%s", body)
	}
	if !strings.Contains(string(body), "演示数据") {
		t.Error("CSV of demo data does not say so")
	}
	status, _, body = get(t, ts, "/api/compare.xlsx?batch=2022")
	if status != 200 {
		t.Fatalf("xlsx: %d", status)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rowsX, _ := f.GetRows("Sheet1")
	found := false
	for _, r := range rowsX {
		for _, c := range r {
			if strings.Contains(c, "HYPERLINK") {
				found = true
				if !strings.HasPrefix(c, "'") {
					t.Errorf("xlsx cell %q is not defused", c)
				}
			}
		}
	}
	if !found {
		t.Error("the cluster is missing from the xlsx")
	}
	for r := 1; r <= len(rowsX); r++ {
		for col := 1; col <= 9; col++ {
			ref, _ := excelize.CoordinatesToCellName(col, r)
			if formula, _ := f.GetCellFormula("Sheet1", ref); formula != "" {
				t.Errorf("cell %s holds a formula: %s", ref, formula)
			}
		}
	}
}
