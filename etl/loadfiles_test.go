package etl_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
	"clusterscope/warehouse"
)

// TestLoadFilesReportsEachInOrder: a folder load refuses the bad file alone,
// stores the others under one new snapshot, reports every file in order,
// and a file already loaded is reported as such and not stored again.
func TestLoadFilesReportsEachInOrder(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) etl.File {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return etl.File{Path: p, Synthetic: true}
	}
	one := demoCSV(t, demo.Options{Candidates: 1, Recognised: -1})
	files := []etl.File{
		write("a.csv", one),
		write("bad.csv", one+"NX-ZW-002,2022,rd_intensity,2021,很高\n"),
		write("b.csv", demoCSV(t, demo.Options{Candidates: 2, Recognised: -1})),
		write("a-copy.csv", one),
	}
	w, err := warehouse.Open(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	reads := 0
	var got []etl.Result
	var errs []error
	etl.LoadFiles(w, files, "test", clusterscope.All, func() { reads++ }, func(r etl.Result, err error) {
		got, errs = append(got, r), append(errs, err)
	})
	if reads != 4 || len(got) != 4 {
		t.Fatalf("%d reads, %d results, want 4 each", reads, len(got))
	}
	for i, f := range files {
		if got[i].File != f.Path {
			t.Errorf("result %d is for %s, want %s", i, got[i].File, f.Path)
		}
	}
	var ve *clusterscope.ValidationError
	if errs[0] != nil || errs[2] != nil || errs[3] != nil || !errors.As(errs[1], &ve) {
		t.Fatalf("errors %v, want only bad.csv refused", errs)
	}
	if !got[0].Fresh || !got[2].Fresh || got[3].Fresh || got[3].Load.ID != got[0].Load.ID {
		t.Errorf("fresh/ids: %+v", got)
	}
	if s, err := w.Snapshot(); err != nil || s.Version != 1 {
		t.Errorf("snapshot %+v, %v: want the batch as version 1", s, err)
	}
}
