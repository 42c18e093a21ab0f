package dashboard_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/queries"
)

// TestJudgmentsKept: a server restarted on the same snapshot answers the
// 复核 and 动态管理 byte for byte as one that judged every cluster afresh,
// from the judgments kept beside the snapshot file; a damaged file is
// judged again, never read wrong; another build's file is removed.
func TestJudgmentsKept(t *testing.T) {
	fresh, _ := newDemoServer(t, demo.Options{}) // in memory: keeps nothing
	paths := []string{"/api/recheck?rows=all", "/api/portfolio?rows=all", "/api/recheck?term_end=2026&rows=all"}
	want := map[string][]byte{}
	for _, p := range paths {
		_, _, want[p] = get(t, fresh, p)
	}
	cache := t.TempDir()
	same := func(ts *testServer, when string) {
		t.Helper()
		for _, p := range paths {
			if code, _, got := get(t, ts, p); code != 200 || !bytes.Equal(got, want[p]) {
				t.Errorf("%s, %s: %d, %d bytes, want the %d bytes judged afresh", when, p, code, len(got), len(want[p]))
			}
		}
	}
	same(startOn(t, fresh.wh, queries.Options{CacheDir: cache}), "judged and kept")
	kept, _ := filepath.Glob(filepath.Join(cache, "snapshot-*.judged-*.gob"))
	if len(kept) != 1 {
		t.Fatalf("the cache holds %v, want one file of judgments", kept)
	}
	if st, err := os.Stat(kept[0]); err != nil || st.Size() < 1000 {
		t.Fatalf("judgments kept: %v, %v", st, err)
	}
	other := strings.Replace(kept[0], ".judged-", ".judged-0", 1) // as another build would name its own
	if err := os.WriteFile(other, []byte("another build's"), 0o644); err != nil {
		t.Fatal(err)
	}
	same(startOn(t, fresh.wh, queries.Options{CacheDir: cache}), "restarted")
	if _, err := os.Stat(other); err == nil {
		t.Errorf("another build's judgments are kept beside this one's")
	}
	if err := os.WriteFile(kept[0], []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	same(startOn(t, fresh.wh, queries.Options{CacheDir: cache}), "the kept file damaged")
}
