package dashboard_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
)

// TestBackupDuringLoadRestoresEveryPage takes a backup while a load writes,
// restores it into a new folder and serves that: every route answers each
// user as the original did at the snapshot the backup holds — the same
// data, the same downloads, the same overrides — and the accounts sign in.
func TestBackupDuringLoadRestoresEveryPage(t *testing.T) {
	ts := newServer(t, fixtureRows)
	if err := ts.wh.AddOverride(2022, clusterscope.Override{ClusterID: "NX-YC-002", By: "ministry", Reason: "经复核达标"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.wh.MigrateOverrides(); err != nil { // as serve does: a review step now
		t.Fatal(err)
	}
	before := answers(t, ts)
	big := bigLoad(t, 30000)
	loaded := make(chan error, 1)
	go func() { _, _, err := ts.wh.Load(big); loaded <- err }()
	for deadline := time.Now().Add(20 * time.Second); !writing(ts.wh.Dir()); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the load never started writing")
		}
	}
	archive := filepath.Join(t.TempDir(), "backup.tar.gz")
	rep, err := ts.wh.Backup(archive)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-loaded; err != nil {
		t.Fatal(err)
	}
	after := answers(t, ts)
	want := map[int64]map[string]answer{1: before, 2: after}[rep.Version]
	if want == nil {
		t.Fatalf("backup of version %d; the load went from 1 to 2", rep.Version)
	}
	t.Logf("the backup holds version %d", rep.Version)

	dir := filepath.Join(t.TempDir(), "restored")
	if _, err := warehouse.Restore(archive, dir); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	got := answers(t, start(t, w))
	compared, override := 0, false
	for key, a := range want {
		if a.body != nil {
			compared++
			override = override || bytes.Contains(a.body, []byte("经复核达标"))
		}
		if g := got[key]; g.status != a.status || !bytes.Equal(g.body, a.body) {
			t.Errorf("%s: restored %d %.200q, original %d %.200q", key, g.status, g.body, a.status, a.body)
		}
	}
	if compared < 40 || !override {
		t.Errorf("compared %d bodies, the override among them: %v; the walk proves too little", compared, override)
	}
}

// answer is a route's status and, where it is the data alone, its body.
type answer struct {
	status int
	body   []byte
}

// answers walks every GET route (as the scope test does) as each user.
// Bodies are compared but for HTML pages (each carries its session's CSRF
// token), workbooks (stamped with the time they were made) and the admin
// page (the audit log has every sign-in since).
func answers(t *testing.T, ts *testServer) map[string]answer {
	t.Helper()
	out := map[string]answer{}
	for route, q := range routeQueries {
		if route == "/export/:file" || route == "/lang" {
			continue // Chromium; a redirect
		}
		for user := range ts.clients {
			status, _, body := getAs(t, ts, user, route+"?"+q)
			if !strings.HasPrefix(route, "/api/") || strings.HasSuffix(route, ".xlsx") || strings.HasPrefix(route, "/api/admin") {
				body = nil
			}
			out[user+" "+route] = answer{status, body}
		}
	}
	return out
}

// bigLoad is a load of n rows that takes a while to write.
func bigLoad(t *testing.T, n int) warehouse.Input {
	t.Helper()
	cat := clusterscope.DefaultCatalog()
	in := warehouse.Input{File: "big.csv", SHA256: "big", By: "test"}
	for i := range n {
		o, err := cat.Observe(fmt.Sprintf("ZJ-BIG-%05d", i/3), 2023, "output_total", 2020+i%3, "12.5")
		if err != nil {
			t.Fatal(err)
		}
		in.Observations = append(in.Observations, o)
	}
	return in
}

// writing reports whether a load has a file half-written in dir.
func writing(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*", "*.tmp"))
	return len(m) > 0
}
