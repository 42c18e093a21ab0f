package dashboard_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/dashboard"
	"clusterscope/queries"
	"clusterscope/warehouse/warehousetest"
)

// fetch is a request without an account, with extra headers.
func fetch(t *testing.T, url string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestReadyz: ready once the snapshot is open and every check holds;
// otherwise 503 naming what is not, without an account.
func TestReadyz(t *testing.T) {
	empty := newServer(t, "")
	if status, body := fetch(t, empty.URL+"/readyz"); status != http.StatusOK {
		t.Errorf("empty warehouse: %d %q, want 200 (nothing to open)", status, body)
	}

	ts := bareServer(t, fixtureRows)
	if status, body := fetch(t, ts.URL+"/readyz"); status != http.StatusServiceUnavailable || !strings.Contains(body, "snapshot") {
		t.Errorf("before the snapshot is open: %d %q, want 503 naming the snapshot", status, body)
	}
	if err := ts.srv.Refresh(); err != nil {
		t.Fatal(err)
	}
	if status, body := fetch(t, ts.URL+"/readyz"); status != http.StatusOK {
		t.Errorf("snapshot open: %d %q, want 200", status, body)
	}

	stateDown := errors.New("database is locked")
	ts.srv.Configure(dashboard.Options{Ready: []dashboard.ReadyCheck{
		{Name: "state", Check: func(context.Context) error { return stateDown }}}})
	if status, body := fetch(t, ts.URL+"/readyz"); status != http.StatusServiceUnavailable || body != "not ready: state\n" {
		t.Errorf("state unreachable: %d %q, want 503 naming state only (the detail goes to the log)", status, body)
	}
	stateDown = nil
	if status, body := fetch(t, ts.URL+"/readyz"); status != http.StatusOK {
		t.Errorf("state back: %d %q", status, body)
	}
	if err := ts.srv.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if status, body := fetch(t, ts.URL+"/readyz"); status != http.StatusServiceUnavailable || !strings.Contains(body, "shutting down") {
		t.Errorf("draining: %d %q, want 503", status, body)
	}
}

// bareServer serves rows with nobody signed in yet, so no request has
// opened the snapshot.
func bareServer(t *testing.T, rows string) *testServer {
	w := warehousetest.New(t)
	warehousetest.Load(t, w, "fixture.csv", true, rows)
	db, err := queries.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := dashboard.New(w, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := &testServer{Server: httptest.NewServer(s.Echo), srv: s, wh: w}
	t.Cleanup(ts.Close)
	return ts
}

// metric is the value of the sample whose name and labels start as given
// (labels in the exposition's sorted order), and whether there is one.
func metric(text, prefix string) (float64, bool) {
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, prefix) {
			v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
			return v, err == nil
		}
	}
	return 0, false
}

// TestMetrics: latencies by route pattern (never the raw path), exports,
// the warehouse's loads and DuckDB's memory, readable from loopback.
func TestMetrics(t *testing.T) {
	ts := newServer(t, fixtureRows)
	for _, path := range []string{"/api/compare?batch=2022", "/api/compare?batch=2023", "/static/app.css", "/no/such/page", "/export/compare.pdf"} {
		get(t, ts, path)
	}
	status, text := fetch(t, ts.URL+"/metrics")
	if status != http.StatusOK {
		t.Fatalf("/metrics from loopback: %d\n%s", status, text)
	}
	for _, c := range []struct {
		sample string
		want   float64 // -1: any positive value
	}{
		{`clusterscope_http_request_duration_seconds_count{code="200",method="GET",route="/api/compare"}`, 2},
		{`clusterscope_http_request_duration_seconds_count{code="200",method="GET",route="/static/*"}`, 1},
		{`clusterscope_http_request_duration_seconds_count{code="404",method="GET",route="unmatched"}`, 1},
		{`clusterscope_exports_total{code="409",format="pdf"}`, 1}, // no Chromium in this test
		{`clusterscope_warehouse_loads `, 1},
		{`clusterscope_snapshot_version `, -1},
		{`clusterscope_duckdb_memory_bytes `, -1},
		{`clusterscope_exports_running `, 0},
		{`clusterscope_server_loads_running `, 0},
		{`go_goroutines `, -1},
	} {
		v, ok := metric(text, c.sample)
		if !ok || (c.want >= 0 && v != c.want) || (c.want < 0 && v <= 0) {
			t.Errorf("%s = %v (found %v), want %v", c.sample, v, ok, c.want)
		}
	}
	if strings.Contains(text, "batch=") || strings.Contains(text, "/no/such/page") || strings.Contains(text, "app.css") {
		t.Error("a raw path is a label: the metrics would grow with every URL")
	}
}

// TestMetricsOnlyFromConfiguredAddresses: another address is refused, and
// so is a request a proxy forwarded, which would otherwise look local.
func TestMetricsOnlyFromConfiguredAddresses(t *testing.T) {
	ts := newServer(t, "")
	if status, _ := fetch(t, ts.URL+"/metrics", "X-Forwarded-For", "203.0.113.9"); status != http.StatusForbidden {
		t.Errorf("forwarded through a proxy on loopback: %d, want 403", status)
	}
	ts.srv.Configure(dashboard.Options{MetricsAllow: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	if status, _ := fetch(t, ts.URL+"/metrics"); status != http.StatusForbidden {
		t.Errorf("loopback, not allowed: %d, want 403", status)
	}
	ts.srv.Configure(dashboard.Options{MetricsAllow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	if status, _ := fetch(t, ts.URL+"/metrics"); status != http.StatusOK {
		t.Errorf("loopback, allowed: %d, want 200", status)
	}
}

// TestShutdownWaitsForLoads: Drain returns only when the server's own load
// has ended, and refuses a load asked for afterwards; both are counted.
func TestShutdownWaitsForLoads(t *testing.T) {
	ts := newServer(t, "")
	release, started := make(chan struct{}), make(chan struct{})
	loaded := make(chan error, 1)
	go func() {
		loaded <- ts.srv.RunLoad(func() error { close(started); <-release; return nil })
	}()
	<-started
	drained := make(chan error, 1)
	go func() { drained <- ts.srv.Drain(context.Background()) }()
	select {
	case <-drained:
		t.Fatal("Drain returned while a load was running")
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if err := <-loaded; err != nil {
		t.Fatal(err)
	}
	if err := <-drained; err != nil {
		t.Fatal(err)
	}
	ran := false
	err := ts.srv.RunLoad(func() error { ran = true; return nil })
	if ran || clusterscope.ErrorCode(err) != clusterscope.EUNAVAILABLE {
		t.Errorf("a load after Drain: ran %v, err %v; want refused as unavailable", ran, err)
	}
	_, text := fetch(t, ts.URL+"/metrics")
	if v, _ := metric(text, `clusterscope_server_loads_total{result="ok"}`); v != 1 {
		t.Errorf("loads counted %v, want 1\n%s", v, bytes.TrimSpace([]byte(text))[:200])
	}
}
