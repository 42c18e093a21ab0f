package queries

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
)

// benchSizes are the data sets the query benchmarks run on, in clusters;
// CLUSTERSCOPE_BENCH_SIZES (e.g. "10000") narrows them.
func benchSizes() []int {
	s := os.Getenv("CLUSTERSCOPE_BENCH_SIZES")
	if s == "" {
		s = "10000,100000"
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// benchDir holds the generated warehouses of one run: CLUSTERSCOPE_BENCH_DIR
// (make bench sets it, so every package reads the same ones), else a folder
// in the temporary directory that later runs reuse.
func benchDir() string {
	if d := os.Getenv("CLUSTERSCOPE_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "clusterscope-bench")
}

var benchDBs = struct {
	sync.Mutex
	m map[int]*DB
}{m: map[int]*DB{}}

// benchDB returns a DB over a warehouse of n generated clusters, generating
// it (with `clusterscope-bench data`, the one generator) when the run has none yet.
func benchDB(b *testing.B, n int) *DB {
	b.Helper()
	benchDBs.Lock()
	defer benchDBs.Unlock()
	if d := benchDBs.m[n]; d != nil {
		return d
	}
	dir := filepath.Join(benchDir(), "w"+strconv.Itoa(n))
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		os.RemoveAll(dir)
		b.Logf("generating %d clusters into %s", n, dir)
		cmd := exec.Command("go", "run", "clusterscope/cmd/clusterscope-bench", "data", "--clusters", strconv.Itoa(n), "--data", dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("benchdata: %v\n%s", err, out)
		}
	}
	w, err := warehouse.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	snap, err := w.Snapshot()
	if err != nil {
		b.Fatal(err)
	}
	d, err := Open()
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	if err := d.Use(snap); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d clusters: snapshot in memory in %.1f s", n, time.Since(t0).Seconds())
	benchDBs.m[n] = d
	return d
}

// benchProvinces are the provinces of a batch, most clusters first.
func benchProvinces(b *testing.B, d *DB, batch int) []string {
	opts, err := d.FilterOptions(context.Background(), clusterscope.All, Filter{Batch: batch})
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, o := range opts["province"] {
		out = append(out, o.Value)
	}
	if len(out) == 0 {
		b.Fatal("no provinces")
	}
	return out
}
