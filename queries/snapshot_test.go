package queries_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"clusterscope"
	"clusterscope/queries"
	"clusterscope/warehouse/warehousetest"
)

// TestSnapshotFileAnswersAsInMemory: with a cache folder, the questions are
// answered from a DuckDB file exactly as from memory; a second process on
// the same folder reuses the file rather than building it again; a load
// makes a new file and retires the old one, with what was kept beside it;
// a damaged file is rebuilt.
func TestSnapshotFileAnswersAsInMemory(t *testing.T) {
	ctx := context.Background()
	w, mem := fixture(t)
	cache := filepath.Join(t.TempDir(), "cache")
	open := func() *queries.DB { return openOn(t, w, queries.Options{CacheDir: cache, MemoryLimit: "64MB"}) }
	files := func() []string {
		t.Helper()
		m, _ := filepath.Glob(filepath.Join(cache, "snapshot-*"))
		return m
	}
	same := func(db *queries.DB, n int) {
		t.Helper()
		f := queries.Filter{Batch: 2022}
		want, err := mem.CompareHeadline(ctx, clusterscope.All, f, 2021)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.CompareHeadline(ctx, clusterscope.All, f, 2021)
		if err != nil || !reflect.DeepEqual(got, want) || len(got) != n {
			t.Fatalf("from the file: %+v, %v; from memory: %+v", got, err, want)
		}
		if db.Version() != mem.Version() {
			t.Errorf("version %d, want %d", db.Version(), mem.Version())
		}
	}

	first := open()
	same(first, 2)
	built := files()
	if len(built) != 1 {
		t.Fatalf("cache holds %v, want one snapshot file", built)
	}
	st, _ := os.Stat(built[0])
	second := open()
	same(second, 2)
	if st2, _ := os.Stat(built[0]); len(files()) != 1 || !st2.ModTime().Equal(st.ModTime()) {
		t.Errorf("the second DB built again: %v", files())
	}
	if second.SnapshotFile() != built[0] {
		t.Errorf("SnapshotFile is %q, want %q", second.SnapshotFile(), built[0])
	}
	beside := second.SnapshotFile() + ".judged.gob" // as the dashboard keeps its judgments
	if err := os.WriteFile(beside, []byte("kept"), 0o644); err != nil {
		t.Fatal(err)
	}

	warehousetest.Load(t, w, "c.csv", false, "NX-ZW-002,2022,cluster_name,,中卫市第二集群")
	s, _ := w.Snapshot()
	for _, db := range []*queries.DB{mem, first} {
		if err := db.Use(s); err != nil {
			t.Fatal(err)
		}
	}
	same(first, 3)
	if now := files(); len(now) != 1 || now[0] == built[0] || now[0] != first.SnapshotFile() {
		t.Errorf("after a load the cache holds %v, want only the new snapshot (%s)", now, first.SnapshotFile())
	}
	if got, _ := second.CompareHeadline(ctx, clusterscope.All, queries.Filter{Batch: 2022}, 2021); len(got) != 2 {
		t.Errorf("a DB still on the old file, now removed, answers %d rows, want its 2", len(got))
	}

	if err := os.WriteFile(files()[0], []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	same(open(), 3)
}

// TestSnapshotFileFallsBackToMemory: when the cache folder cannot be used
// (a warehouse the server may only read), the tables are built in memory
// and the questions answered all the same — also by a DB that was reading
// a snapshot file until then.
func TestSnapshotFileFallsBackToMemory(t *testing.T) {
	ctx := context.Background()
	w, mem := fixture(t)
	cache := filepath.Join(t.TempDir(), "cache")
	db := openOn(t, w, queries.Options{CacheDir: cache})
	same := func(n int) {
		t.Helper()
		f := queries.Filter{Batch: 2022}
		want, _ := mem.CompareHeadline(ctx, clusterscope.All, f, 2021)
		got, err := db.CompareHeadline(ctx, clusterscope.All, f, 2021)
		if err != nil || !reflect.DeepEqual(got, want) || len(got) != n {
			t.Fatalf("%+v, %v; want %+v", got, err, want)
		}
	}
	same(2)
	// the folder becomes a file: nothing can be built there any more
	if err := os.RemoveAll(cache); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cache, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	warehousetest.Load(t, w, "c.csv", false, "NX-ZW-002,2022,cluster_name,,中卫市第二集群")
	s, _ := w.Snapshot()
	for _, d := range []*queries.DB{mem, db} {
		if err := d.Use(s); err != nil {
			t.Fatalf("use: %v", err)
		}
	}
	same(3)
}

// TestNumbersKeepTheirText: the tables keep no text beside a number, yet
// every observation reads back with the text it was stored with.
func TestNumbersKeepTheirText(t *testing.T) {
	w := warehousetest.New(t)
	rows := `NX-ZW-009,2022,cluster_name,,数字集群
NX-ZW-009,2022,output_total,2019,1234.50
NX-ZW-009,2022,output_total,2020,0.000001
NX-ZW-009,2022,output_total,2021,1e15
NX-ZW-009,2022,rd_intensity,2021,2.50
NX-ZW-009,2022,cloud_adoption,,-0`
	warehousetest.Load(t, w, "n.csv", false, rows)
	cat := clusterscope.DefaultCatalog()
	want := map[string]string{}
	for _, r := range [][4]string{{"cluster_name", "", "数字集群"}, {"output_total", "2019", "1234.50"},
		{"output_total", "2020", "0.000001"}, {"output_total", "2021", "1e15"}, {"rd_intensity", "2021", "2.50"},
		{"cloud_adoption", "", "-0"}} {
		year := 0
		if r[1] != "" {
			year, _ = strconv.Atoi(r[1])
		}
		o, err := cat.Observe("NX-ZW-009", 2022, r[0], year, r[2])
		if err != nil {
			t.Fatal(err)
		}
		want[fmt.Sprint(o.Field, o.AsOf)] = o.Text
	}
	for _, opt := range []queries.Options{{}, {CacheDir: filepath.Join(t.TempDir(), "cache")}} {
		db := openOn(t, w, opt)
		got, err := db.ClusterObservations(context.Background(), clusterscope.All, 2022, "NX-ZW-009")
		if err != nil || len(got) != len(want) {
			t.Fatalf("%d observations, %v; want %d", len(got), err, len(want))
		}
		for _, o := range got {
			if k := fmt.Sprint(o.Field, o.AsOf); o.Text != want[k] {
				t.Errorf("%s: text %q, stored %q", k, o.Text, want[k])
			}
		}
	}
}
