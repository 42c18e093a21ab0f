package warehouse_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"clusterscope"
	"clusterscope/warehouse"
)

// observations returns n clusters' 2021 output, all of the value.
func observations(n int, value string) []clusterscope.Observation {
	cat := clusterscope.DefaultCatalog()
	var out []clusterscope.Observation
	for i := 0; i < n; i++ {
		o, err := cat.Observe(fmt.Sprintf("C-%05d", i), 2022, "output_total", 2021, value)
		if err != nil {
			panic(err) // the arguments are ours
		}
		out = append(out, o)
	}
	return out
}

func TestLoadWritesParquetAndManifest(t *testing.T) {
	w, err := warehouse.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	l, fresh, err := w.Load(warehouse.Input{File: "/x/a.csv", SHA256: "aa", By: "张三", Observations: observations(3, "41.5")})
	if err != nil || !fresh || l.ID != 1 || l.Rows != 3 || l.Clusters != 3 || l.File != "a.csv" || l.By != "张三" {
		t.Fatalf("load: %+v fresh=%v err=%v", l, fresh, err)
	}
	s, err := w.Snapshot()
	if err != nil || s.Version != 1 || len(s.Observations) != 1 || s.Loads == "" {
		t.Fatalf("snapshot: %+v %v", s, err)
	}
	f, err := os.Open(s.Observations[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	if pf.NumRows() != 3 {
		t.Errorf("parquet rows: %d", pf.NumRows())
	}
	for _, col := range pf.Metadata().RowGroups[0].Columns {
		if col.MetaData.Codec.String() != "ZSTD" {
			t.Errorf("column %v compressed with %s, want ZSTD", col.MetaData.PathInSchema, col.MetaData.Codec)
		}
	}
	// Same SHA-256 again: nothing changes.
	l2, fresh, err := w.Load(warehouse.Input{File: "a.csv", SHA256: "aa", Observations: observations(5, "1")})
	if err != nil || fresh || l2.ID != 1 {
		t.Errorf("repeat load: %+v fresh=%v err=%v", l2, fresh, err)
	}
	if s2, _ := w.Snapshot(); s2.Version != 1 {
		t.Errorf("repeat load made version %d", s2.Version)
	}
}

func TestSecondLoadAtOnceIsRefused(t *testing.T) {
	dir := t.TempDir()
	w := open(t, dir)
	// Another process's lock, as flock sees it: a second open file description.
	other := open(t, dir)
	release, err := warehouse.LockForTest(other)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	_, _, err = w.Load(warehouse.Input{File: "a.csv", SHA256: "aa", Observations: observations(1, "1")})
	if clusterscope.ErrorCode(err) != clusterscope.ECONFLICT || !strings.Contains(clusterscope.ErrorMessage(err), "另一个载入正在进行") {
		t.Fatalf("concurrent load: %v", err)
	}
}

func TestRecoverRemovesDebris(t *testing.T) {
	dir := t.TempDir()
	w := open(t, dir)
	if _, _, err := w.Load(warehouse.Input{File: "a.csv", SHA256: "aa", Observations: observations(2, "1")}); err != nil {
		t.Fatal(err)
	}
	debris := []string{"observations/000002-bb.parquet", "observations/000002-bb.parquet.tmp", "manifest.json.tmp"}
	for _, d := range debris {
		os.WriteFile(filepath.Join(dir, d), []byte("half"), 0o644)
	}
	removed, err := w.Recover()
	if err != nil || len(removed.Interrupted) != len(debris) || len(removed.Superseded) != 0 {
		t.Fatalf("recover removed %+v, err %v", removed, err)
	}
	s, _ := w.Snapshot()
	for _, f := range s.Observations {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("live file removed: %v", err)
		}
	}
}

// TestRecoverTellsSupersededFromInterrupted: the loads list a later load
// replaced is swept as superseded, not reported as an interrupted load.
func TestRecoverTellsSupersededFromInterrupted(t *testing.T) {
	dir := t.TempDir()
	w, _ := warehouse.Open(dir)
	for _, f := range []string{"a.csv", "b.csv"} {
		if _, _, err := w.Load(warehouse.Input{File: f, SHA256: f, Observations: observations(2, "1")}); err != nil {
			t.Fatal(err)
		}
	}
	swept, err := w.Recover()
	if err != nil {
		t.Fatal(err)
	}
	if len(swept.Interrupted) != 0 || len(swept.Superseded) == 0 {
		t.Errorf("after two complete loads: %+v, want only superseded loads lists", swept)
	}
	for _, f := range swept.Superseded {
		if !strings.HasPrefix(f, "loads/") {
			t.Errorf("swept %s as a superseded loads list", f)
		}
	}
}

// TestRecoverReportsALockItCannotTake: only a running load excuses Recover;
// a lock file it cannot open is an error, not a quiet success.
func TestRecoverReportsALockItCannotTake(t *testing.T) {
	dir := t.TempDir()
	w, _ := warehouse.Open(dir)
	if _, _, err := w.Load(warehouse.Input{File: "a.csv", SHA256: "aa", Observations: observations(2, "1")}); err != nil {
		t.Fatal(err)
	}
	// a folder where the lock file should be: not openable, even by root
	lock := filepath.Join(dir, ".lock")
	if err := os.Remove(lock); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(lock, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Recover(); err == nil {
		t.Error("recover with an unreadable lock file succeeded")
	}
}

func TestCorruptManifestIsAnError(t *testing.T) {
	dir := t.TempDir()
	w := open(t, dir)
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte("{"), 0o644)
	if _, err := w.Snapshot(); err == nil || errors.Is(err, os.ErrNotExist) {
		t.Fatalf("corrupt manifest: %v", err)
	}
}

// TestCorruptFileIsLeftOut: a damaged Parquet file is reported and left out
// of the snapshot; the rest stays readable.
func TestCorruptFileIsLeftOut(t *testing.T) {
	dir := t.TempDir()
	w := open(t, dir)
	for _, sha := range []string{"aa", "bb"} {
		if _, _, err := w.Load(warehouse.Input{File: sha + ".csv", SHA256: sha, Observations: observations(3, "1")}); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := w.Snapshot()
	if len(s.Observations) != 2 || len(s.Corrupt) != 0 {
		t.Fatalf("before: %+v", s)
	}
	// Damage the first file's footer, as a bad disk or a copy cut short would.
	b, _ := os.ReadFile(s.Observations[0])
	os.WriteFile(s.Observations[0], b[:len(b)-5], 0o644)
	s, err := w.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Observations) != 1 || len(s.Corrupt) != 1 || !strings.Contains(s.Corrupt[0], "已损坏") {
		t.Errorf("after: observations %v, corrupt %v", s.Observations, s.Corrupt)
	}
}

// TestDiskFull: a load that runs out of disk says so, changes nothing and
// leaves no debris; the next load, with space, works.
func TestDiskFull(t *testing.T) {
	dir := t.TempDir()
	w := open(t, dir)
	if _, _, err := w.Load(warehouse.Input{File: "a.csv", SHA256: "aa", Observations: observations(3, "1")}); err != nil {
		t.Fatal(err)
	}
	before := files(t, dir)
	manifest, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	for _, limit := range []int{10, 2000} { // fails in the data file; in a later file
		warehouse.SetWriteLimitForTest(w, limit)
		_, _, err := w.Load(warehouse.Input{File: "big.csv", SHA256: fmt.Sprint("bb", limit), Observations: observations(5000, "2")})
		if clusterscope.ErrorCode(err) != clusterscope.ECONFLICT || !strings.Contains(clusterscope.ErrorMessage(err), "磁盘空间不足：big.csv 未载入") {
			t.Fatalf("limit %d: %v", limit, err)
		}
		after, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
		if string(after) != string(manifest) || fmt.Sprint(files(t, dir)) != fmt.Sprint(before) {
			t.Errorf("limit %d: the warehouse changed: %v", limit, files(t, dir))
		}
	}
	warehouse.SetWriteLimitForTest(w, 0)
	if _, fresh, err := w.Load(warehouse.Input{File: "big.csv", SHA256: "cc", Observations: observations(5000, "2")}); err != nil || !fresh {
		t.Errorf("after space is freed: %v", err)
	}
}
