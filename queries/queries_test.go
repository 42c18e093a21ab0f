package queries_test

import (
	"context"
	"strings"
	"testing"

	"clusterscope/queries"
	"clusterscope/warehouse"
	"clusterscope/warehouse/warehousetest"
)

// fixture is a small warehouse: two clusters of batch 2022 in two provinces,
// and a resubmission that supersedes one of them.
func fixture(t testing.TB) (*warehouse.Warehouse, *queries.DB) {
	t.Helper()
	w := warehousetest.New(t)
	warehousetest.Load(t, w, "a.csv", false, `
NX-ZW-001,2022,cluster_name,,中卫市枸杞集群
NX-ZW-001,2022,province,,宁夏回族自治区
NX-ZW-001,2022,city,,中卫市
NX-ZW-001,2022,output_total,2021,52.1
NX-ZW-001,2022,rd_intensity,2021,2.5
NX-ZW-001,2022,cloud_adoption,,40
NX-ZW-001,2022,co2_per_output,2021,0.8
NX-ZW-001,2022,output_total,2023,63.85
GD-2022-0001,2022,cluster_name,,佛山市家电集群
GD-2022-0001,2022,province,,广东省
GD-2022-0001,2022,output_total,2021,300`)
	warehousetest.Load(t, w, "b.csv", false, `
NX-ZW-001,2022,cluster_name,,中卫市沙坡头区枸杞集群
NX-ZW-001,2022,province,,宁夏回族自治区
NX-ZW-001,2022,output_total,2021,55`)
	db, err := queries.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := w.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Use(s); err != nil {
		t.Fatal(err)
	}
	return w, db
}

// TestEverySQLFile runs each embedded question against the fixture, so a
// file that does not parse or bind fails here, not in a user's browser.
func TestEverySQLFile(t *testing.T) {
	_, db := fixture(t)
	args := map[string][]any{
		"compare.Headline": {2022, 2021, ""},
		"batch.List":       nil,
		"province.List":    {2022},
		"load.History":     nil,
	}
	for _, name := range queries.Names() {
		t.Run(name, func(t *testing.T) {
			if strings.HasPrefix(name, "view.") {
				return // executed by Use in fixture
			}
			a, ok := args[name]
			if !ok && !strings.HasPrefix(name, "view.") {
				t.Fatalf("no arguments for %s.sql: add them to this test", name)
			}
			if err := db.Exec(context.Background(), name, a...); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestHeadline(t *testing.T) {
	_, db := fixture(t)
	ctx := context.Background()
	rows, err := db.Headline(ctx, 2022, 2021, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("got %d clusters, want 2: %+v", len(rows), rows)
	}
	if rows[0].ClusterID != "GD-2022-0001" || *rows[0].OutputTotal != 300 {
		t.Errorf("largest output first: got %+v", rows[0])
	}
	nx := rows[1]
	// The resubmission (b.csv) superseded a.csv for NX-ZW-001: its name and
	// output, and no rd_intensity, since b.csv does not report one.
	if nx.Name != "中卫市沙坡头区枸杞集群" || *nx.OutputTotal != 55 || nx.RDIntensity != nil {
		t.Errorf("resubmission not applied: %+v", nx)
	}
	// Actuals (follow-up) are a separate report and survive the resubmission.
	got, err := db.Headline(ctx, 2022, 2023, "宁夏回族自治区")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].OutputTotal == nil || *got[0].OutputTotal != 63.85 || !got[0].Recognised {
		t.Errorf("2023 actuals in 宁夏: got %+v", got)
	}
}

func TestEmptyWarehouse(t *testing.T) {
	db, err := queries.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Headline(context.Background(), 2022, 2021, "")
	if err != nil || len(rows) != 0 {
		t.Fatalf("empty warehouse: %v, %v", rows, err)
	}
	b, err := db.Batches(context.Background())
	if err != nil || len(b) != 0 {
		t.Fatalf("empty warehouse batches: %v, %v", b, err)
	}
}
