package warehouse_test

import (
	"testing"

	"github.com/parquet-go/parquet-go"

	"clusterscope/warehouse"
)

// TestLoadAllStoresInOrderOnce: several files become one load each, in
// order, under one new snapshot and one Parquet file whose rows carry their
// own load; a file already stored, or repeated in the batch, is not stored
// again and reports the earlier load.
func TestLoadAllStoresInOrderOnce(t *testing.T) {
	w, err := warehouse.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.Load(warehouse.Input{File: "old.csv", SHA256: "00", Observations: observations(1, "1")}); err != nil {
		t.Fatal(err)
	}
	out, err := w.LoadAll([]warehouse.Input{
		{File: "a.csv", SHA256: "aa", Observations: observations(2, "2")},
		{File: "old-again.csv", SHA256: "00", Observations: observations(1, "1")},
		{File: "b.csv", SHA256: "bb", Observations: observations(3, "3")},
		{File: "a-copy.csv", SHA256: "aa", Observations: observations(2, "2")},
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	var fresh []bool
	for _, st := range out {
		ids, fresh = append(ids, st.Load.ID), append(fresh, st.Fresh)
	}
	if len(out) != 4 || ids[0] != 2 || ids[1] != 1 || ids[2] != 3 || ids[3] != 2 {
		t.Fatalf("load ids %v, want [2 1 3 2]", ids)
	}
	if !fresh[0] || fresh[1] || !fresh[2] || fresh[3] {
		t.Errorf("fresh %v, want [true false true false]", fresh)
	}
	s, err := w.Snapshot()
	if err != nil || s.Version != 2 || len(s.Observations) != 2 {
		t.Fatalf("snapshot %+v, %v: want version 2 with 2 files", s, err)
	}
	type row struct {
		LoadID int64  `parquet:"load_id"`
		Value  string `parquet:"value"`
	}
	rows, err := parquet.ReadFile[row](s.Observations[1])
	if err != nil {
		t.Fatal(err)
	}
	byLoad := map[int64][]string{}
	for _, r := range rows {
		byLoad[r.LoadID] = append(byLoad[r.LoadID], r.Value)
	}
	if len(rows) != 5 || len(byLoad[2]) != 2 || len(byLoad[3]) != 3 || byLoad[2][0] != "2" || byLoad[3][0] != "3" {
		t.Errorf("rows of the batch file by load: %v", byLoad)
	}
}
