package dashboard_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/warehouse"
	"clusterscope/warehouse/warehousetest"
)

// TestCachedPagesFollowLoadsAndScope: a page served from the page cache is
// the same as a freshly built one, is per user scope, and is rebuilt after a load.
func TestCachedPagesFollowLoadsAndScope(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(fixtureRows), "\n")
	w := warehousetest.New(t)
	warehousetest.Load(t, w, "nx.csv", false, strings.Join(lines[:18], "\n"))
	ts := start(t, w)
	rows := func(user string) (int, string) {
		t.Helper()
		status, _, body := getAs(t, ts, user, "/api/compare?batch=2022")
		var r compareBody
		if err := json.Unmarshal(body, &r); err != nil || status != 200 || len(r.Tables) == 0 {
			t.Fatalf("%s: %d %s", user, status, body)
		}
		return len(r.Tables[len(r.Tables)-1].Rows), string(body)
	}
	n1, first := rows("ministry")
	n2, again := rows("ministry")
	if n1 != 2 || n2 != 2 || first != again {
		t.Fatalf("before the load: %d then %d rows; same body: %v", n1, n2, first == again)
	}
	if n, _ := rows("zhongwei"); n != 1 {
		t.Errorf("中卫 sees %d rows of the cached national page, want its 1", n)
	}
	warehousetest.Load(t, w, "more.csv", false, strings.Join(lines[18:], "\n"))
	if n, _ := rows("ministry"); n != 3 {
		t.Errorf("after a load: %d rows, want 3", n)
	}
}

// TestCachedAssessmentFollowsRuleSets: the assessment page is cached, yet a
// rule set added while the server runs judges the next request at once.
func TestCachedAssessmentFollowsRuleSets(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{Recognised: -1})
	const path = "/api/assess?batch=2022&province=宁夏回族自治区"
	_, _, before := get(t, ts, path)
	_, _, again := get(t, ts, path)
	if string(before) != string(again) || strings.Contains(string(before), "west-2022") {
		t.Fatalf("the same page twice should be identical and judged by the national set")
	}
	dir := filepath.Join(ts.wh.Dir(), warehouse.RuleSetDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "west.toml"), []byte(warehousetest.WestRuleSet), 0o644); err != nil {
		t.Fatal(err)
	}
	status, _, after := get(t, ts, path)
	if status != 200 || !strings.Contains(string(after), "west-2022") {
		t.Errorf("after adding a rule set: %d, judged by west-2022: %v", status, strings.Contains(string(after), "west-2022"))
	}
}

// TestCachedPagesGzip: a cached page goes out gzipped to a client that
// accepts it and as plain JSON to one that does not, with the same content.
func TestCachedPagesGzip(t *testing.T) {
	ts := newServer(t, fixtureRows)
	fetch := func(enc string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/compare?batch=2022", nil)
		req.Header.Set("Accept-Encoding", enc) // set by hand: the client leaves the body as sent
		res, err := ts.clients["ministry"].Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	plain, want := fetch("identity")
	if plain.Header.Get("Content-Encoding") != "" || !json.Valid(want) {
		t.Fatalf("without gzip: encoding %q, valid JSON %v", plain.Header.Get("Content-Encoding"), json.Valid(want))
	}
	zipped, body := fetch("gzip, deflate")
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil || zipped.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("with gzip: encoding %q, %v", zipped.Header.Get("Content-Encoding"), err)
	}
	got, _ := io.ReadAll(zr)
	if !bytes.Equal(got, want) || !strings.Contains(strings.Join(zipped.Header.Values("Vary"), ","), "Accept-Encoding") {
		t.Errorf("gzipped page differs from the plain one, or Vary is missing (%q)", zipped.Header.Values("Vary"))
	}
}
