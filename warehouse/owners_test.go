package warehouse_test

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"clusterscope"
	"clusterscope/warehouse"
)

var (
	zhongweiScope = clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市"}
	shanghaiScope = clusterscope.Scope{Province: "上海市", City: "上海市"}
)

// placedAt is an application of cluster id placed in scope's province and city.
func placedAt(t *testing.T, id string, scope clusterscope.Scope) []clusterscope.Observation {
	t.Helper()
	cat := clusterscope.DefaultCatalog()
	var out []clusterscope.Observation
	for _, f := range [][2]string{{"province", scope.Province}, {"city", scope.City}, {"output_total", "50"}} {
		year := 0
		if f[0] == "output_total" {
			year = 2021
		}
		o, err := cat.Observe(id, 2022, f[0], year, f[1])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, o)
	}
	return out
}

// refusedAsTaken reports whether err refuses a load because another region
// holds the cluster.
func refusedAsTaken(err error) bool {
	var ve *clusterscope.ValidationError
	return errors.As(err, &ve) && strings.Contains(ve.Error(), "已由其他地区登记")
}

// TestLoadAllChecksOwnersOfEarlierFilesInTheCall: the owner check and the
// write happen under one lock, so a file is checked against the files
// stored before it in the same call, not only against the last snapshot.
func TestLoadAllChecksOwnersOfEarlierFilesInTheCall(t *testing.T) {
	w := open(t, t.TempDir())
	out, err := w.LoadAll([]warehouse.Input{
		{File: "zw.csv", SHA256: "zw", Scope: zhongweiScope, Observations: placedAt(t, "C-1", zhongweiScope)},
		{File: "sh.csv", SHA256: "sh", Scope: shanghaiScope, Observations: placedAt(t, "C-1", shanghaiScope)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !out[0].Fresh || out[1].Fresh || len(out[1].Refused) != 1 || out[1].Refused[0].File != "sh.csv" {
		t.Fatalf("stored %+v", out)
	}
	if loads, _ := w.Loads(); len(loads) != 1 || loads[0].File != "zw.csv" {
		t.Errorf("loads %+v, want zw.csv alone", loads)
	}
}

// TestOwnersOfAnOlderWarehouse: a warehouse written before the owners index
// existed, or whose index is damaged, still knows who holds each cluster —
// from its observations — and refuses a takeover.
func TestOwnersOfAnOlderWarehouse(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, dir, index string)
	}{
		{"no_index", func(t *testing.T, dir, index string) {
			b, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			delete(m, "owners_file")
			b, _ = json.Marshal(m)
			os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644)
			os.Remove(filepath.Join(dir, index))
		}},
		{"damaged_index", func(t *testing.T, dir, index string) {
			os.WriteFile(filepath.Join(dir, index), []byte("PAR1 not a parquet file PAR1"), 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			w := open(t, dir)
			zw := placedAt(t, "C-1", zhongweiScope)
			if _, _, err := w.Load(warehouse.Input{File: "zw.csv", SHA256: "zw", Scope: zhongweiScope, Observations: zw}); err != nil {
				t.Fatal(err)
			}
			// A later load of another cluster: the live application of C-1 is
			// in the first observations file, not the last.
			if _, _, err := w.Load(warehouse.Input{File: "other.csv", SHA256: "other", Observations: observations(1, "2")}); err != nil {
				t.Fatal(err)
			}
			tc.spoil(t, dir, "loads/owners-v000002.parquet")
			_, _, err := w.Load(warehouse.Input{File: "sh.csv", SHA256: "sh", Scope: shanghaiScope, Observations: placedAt(t, "C-1", shanghaiScope)})
			if !refusedAsTaken(err) {
				t.Fatalf("takeover: %v", err)
			}
			// The owner still loads its correction.
			zw[2].Text = "51"
			if _, fresh, err := w.Load(warehouse.Input{File: "zw2.csv", SHA256: "zw2", Scope: zhongweiScope, Observations: zw}); err != nil || !fresh {
				t.Fatalf("owner's correction: %v", err)
			}
		})
	}
}

// TestOwnersIndexMatchesObservations: the index each load writes says what
// the observations say — resubmissions, moves, follow-ups without an
// application, several loads in one file — so the check never judges by a
// stale owner.
func TestOwnersIndexMatchesObservations(t *testing.T) {
	w := open(t, t.TempDir())
	yinchuan := clusterscope.Scope{Province: "宁夏回族自治区", City: "银川市"}
	followup := func(id string) []clusterscope.Observation {
		o, err := clusterscope.DefaultCatalog().Observe(id, 2022, "output_total", 2023, "60")
		if err != nil {
			t.Fatal(err)
		}
		return []clusterscope.Observation{o}
	}
	steps := [][]warehouse.Input{
		{{File: "a", SHA256: "a", Observations: append(placedAt(t, "C-1", zhongweiScope), placedAt(t, "C-2", zhongweiScope)...)}},
		{{File: "b", SHA256: "b", Observations: placedAt(t, "C-1", yinchuan)}},
		{{File: "c", SHA256: "c", Observations: append(followup("C-3"), followup("C-1")...)}},
		{
			{File: "d", SHA256: "d", Observations: placedAt(t, "C-4", shanghaiScope)},
			{File: "e", SHA256: "e", Observations: placedAt(t, "C-4", zhongweiScope)},
		},
	}
	for _, ins := range steps {
		if _, err := w.LoadAll(ins); err != nil {
			t.Fatal(err)
		}
	}
	at := func(s clusterscope.Scope) clusterscope.Owner {
		return clusterscope.Owner{Place: clusterscope.Place{Province: s.Province, City: s.City}, Application: true}
	}
	want := map[clusterscope.ClusterKey]clusterscope.Owner{
		{ID: "C-1", Batch: 2022}: at(yinchuan),
		{ID: "C-2", Batch: 2022}: at(zhongweiScope),
		{ID: "C-3", Batch: 2022}: {},
		{ID: "C-4", Batch: 2022}: at(zhongweiScope),
	}
	index, scanned, err := warehouse.OwnersForTest(w)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]map[clusterscope.ClusterKey]clusterscope.Owner{"index": index, "observations": scanned} {
		if !maps.Equal(got, want) {
			t.Errorf("owners by the %s: %v, want %v", name, got, want)
		}
	}
}

// TestOwnersIndexWithoutCounties: an index written before counties were
// scopes has no county column; read as it is, every stored cluster would be
// of no county, refused to its own 县级 applicant. It is rebuilt from the
// observations instead.
func TestOwnersIndexWithoutCounties(t *testing.T) {
	dir := t.TempDir()
	w, _ := warehouse.Open(dir)
	spt := clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市", County: "沙坡头区"}
	obs := append(placedAt(t, "C-1", spt), countyOf(t, "C-1", spt.County))
	if _, _, err := w.Load(warehouse.Input{File: "a.csv", SHA256: "a", Observations: obs}); err != nil {
		t.Fatal(err)
	}
	type oldRow struct { // the index's schema before counties
		ClusterID   string `parquet:"cluster_id"`
		Batch       int32  `parquet:"batch"`
		Province    string `parquet:"province"`
		City        string `parquet:"city"`
		Application bool   `parquet:"application"`
	}
	old := []oldRow{{ClusterID: "C-1", Batch: 2022, Province: spt.Province, City: spt.City, Application: true}}
	if err := parquet.WriteFile(filepath.Join(dir, "loads/owners-v000001.parquet"), old); err != nil {
		t.Fatal(err)
	}
	obs[2].Text = "51"
	out, err := w.LoadAll([]warehouse.Input{{File: "b.csv", SHA256: "b", Scope: spt, Observations: obs}})
	if err != nil || out[0].Refused != nil || !out[0].Fresh || len(out[0].Moves) != 0 {
		t.Fatalf("the county's own correction: %+v, %v", out, err)
	}
}

// countyOf is the county of cluster id's application.
func countyOf(t *testing.T, id, county string) clusterscope.Observation {
	t.Helper()
	o, err := clusterscope.DefaultCatalog().Observe(id, 2022, "county", 0, county)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
