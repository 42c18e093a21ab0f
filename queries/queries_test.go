package queries_test

import (
	"context"
	"database/sql"
	"regexp"
	"slices"
	"strings"
	"testing"

	"clusterscope"
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
	return w, openOn(t, w, queries.Options{})
}

// openOn opens a DB with opt on the warehouse's current snapshot.
func openOn(t testing.TB, w *warehouse.Warehouse, opt queries.Options) *queries.DB {
	t.Helper()
	db, err := queries.OpenWith(opt)
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
	return db
}

// TestEverySQLFile runs each embedded question against the fixture, so a
// file that does not parse or bind fails here, not in a user's browser.
func TestEverySQLFile(t *testing.T) {
	_, db := fixture(t)
	f := queries.Filter{Batch: 2022}
	named := func(kv ...any) []any {
		out := f.ArgsForTest()
		for i := 0; i < len(kv); i += 2 {
			out = append(out, sql.Named(kv[i].(string), kv[i+1]))
		}
		return out
	}
	args := map[string][]any{
		"compare.Headline":     named("year", 2021),
		"batch.List":           nil,
		"filter.Options":       named(),
		"indicator.Values":     named("field", "output_total", "year", 2021),
		"indicator.Series":     named("field", "output_total"),
		"cluster.Observations": {sql.Named("batch", 2022), sql.Named("cluster_id", "NX-ZW-001")},
		"cluster.List":         named(),
		"cluster.Picker":       named("limit", 200),
		"overview.Counts":      named(),
		"target.Progress":      named(),
		"assess.Applications":  named("long_answers", true),
		"assess.Figures":       named(),
		"assess.Copies":        {sql.Named("batch", 2022), sql.Named("cluster_id", "NX-ZW-001")},
		"review.Loads":         named(),
		"load.History":         nil,
		"engine.Memory":        nil,
		"report.Received":      named(),
		"report.Figures":       named(),
		"report.Observations":  named(),
		"report.Contacts":      named("ids", []string{"NX-ZW-001"}, "batches", []int32{2022}),
	}
	for _, name := range queries.Names() {
		t.Run(name, func(t *testing.T) {
			if strings.HasPrefix(name, "view.") {
				return // executed by Use in fixture
			}
			a, ok := args[name]
			if !ok {
				t.Fatalf("no arguments for %s.sql: add them to this test", name)
			}
			if err := db.Exec(context.Background(), name, clusterscope.All, a...); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestEveryQuestionIsScoped: a question about clusters must read them
// through selected(), which applies the user's scope. A new .sql file that
// reads clusters or observations directly fails here.
func TestEveryQuestionIsScoped(t *testing.T) {
	// loads, not region data: administrators only; the engine's memory: metrics
	unscoped := map[string]bool{"load.History": true, "engine.Memory": true}
	for _, name := range queries.Names() {
		q := queries.SQL(name)
		if strings.HasPrefix(name, "view.") || unscoped[name] {
			continue
		}
		if !strings.Contains(q, "selected(") || !strings.Contains(q, "$scope_province, $scope_city, $scope_county)") {
			t.Errorf("%s.sql does not read clusters through selected(…, $scope_province, $scope_city, $scope_county)", name)
		}
	}
}

// TestQuestionsReadTheWideLayout: the questions read the snapshot's wide
// tables (figures, targets, texts, clusters) and no longer pivot the long
// observations table, which only the lineage questions read: a profile's
// every row with its load, the review's loads, and the yearly reports row by
// row (field by field, for the 复核 and the changes between reports).
func TestQuestionsReadTheWideLayout(t *testing.T) {
	lineage := map[string]bool{"cluster.Observations": true, "review.Loads": true}
	comment := regexp.MustCompile(`--[^\n]*`)
	long := regexp.MustCompile(`(?i)\b(FROM|JOIN)\s+observations\b`)
	for _, name := range queries.Names() {
		if strings.HasPrefix(name, "view.") || lineage[name] {
			continue
		}
		if long.MatchString(comment.ReplaceAllString(queries.SQL(name), "")) {
			t.Errorf("%s.sql reads the long observations table", name)
		}
	}
}

func TestScopeLimitsEveryAnswer(t *testing.T) {
	_, db := fixture(t)
	ctx := context.Background()
	nx := clusterscope.Scope{Province: "宁夏回族自治区"}
	rows, err := db.CompareHeadline(ctx, nx, queries.Filter{Batch: 2022}, 2021)
	if err != nil || len(rows) != 1 || rows[0].ClusterID != "NX-ZW-001" {
		t.Errorf("宁夏 user sees %+v (%v)", rows, err)
	}
	// Asking for another province's cluster by name gives nothing.
	rows, _ = db.CompareHeadline(ctx, nx, queries.Filter{Batch: 2022, Province: "广东省"}, 2021)
	if len(rows) != 0 {
		t.Errorf("宁夏 user sees 广东 rows: %+v", rows)
	}
	obs, _ := db.ClusterObservations(ctx, nx, 2022, "GD-2022-0001")
	if len(obs) != 0 {
		t.Errorf("宁夏 user reads a 广东 cluster's profile: %d rows", len(obs))
	}
	obs, _ = db.ClusterObservations(ctx, clusterscope.All, 2022, "GD-2022-0001")
	if len(obs) == 0 {
		t.Error("ministry user cannot read the 广东 cluster")
	}
	city := clusterscope.Scope{Province: "宁夏回族自治区", City: "银川市"}
	if b, _ := db.BatchList(ctx, city); len(b) != 0 {
		t.Errorf("银川 user sees batches %+v of clusters not in 银川", b)
	}
}

func TestHeadline(t *testing.T) {
	_, db := fixture(t)
	ctx := context.Background()
	rows, err := db.CompareHeadline(ctx, clusterscope.All, queries.Filter{Batch: 2022}, 2021)
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
	got, err := db.CompareHeadline(ctx, clusterscope.All, queries.Filter{Batch: 2022, Province: "宁夏回族自治区"}, 2023)
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
	rows, err := db.CompareHeadline(context.Background(), clusterscope.All, queries.Filter{}, 2021)
	if err != nil || len(rows) != 0 {
		t.Fatalf("empty warehouse: %v, %v", rows, err)
	}
	b, err := db.BatchList(context.Background(), clusterscope.All)
	if err != nil || len(b) != 0 {
		t.Fatalf("empty warehouse batches: %v, %v", b, err)
	}
}

// TestClusterPicker: the picker lists the first clusters in the list's
// order and says how many there are in all, within the user's scope and
// the search.
func TestClusterPicker(t *testing.T) {
	_, db := fixture(t)
	ctx := context.Background()
	all, err := db.ClusterList(ctx, clusterscope.All, queries.Filter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("list %+v (%v)", all, err)
	}
	cases := []struct {
		name  string
		scope clusterscope.Scope
		f     queries.Filter
		limit int
		ids   []string
		total int
	}{
		{"FirstOfAll", clusterscope.All, queries.Filter{}, 1, []string{all[0].ID}, 2},
		{"Every", clusterscope.All, queries.Filter{}, 10, []string{all[0].ID, all[1].ID}, 2},
		{"Scoped", clusterscope.Scope{Province: "广东省"}, queries.Filter{}, 10, []string{"GD-2022-0001"}, 1},
		{"ByName", clusterscope.All, queries.Filter{Q: "枸杞"}, 10, []string{"NX-ZW-001"}, 1},
		{"ById", clusterscope.All, queries.Filter{Q: "GD-2022-0001"}, 10, []string{"GD-2022-0001"}, 1},
		{"OutOfScope", clusterscope.Scope{Province: "宁夏回族自治区"}, queries.Filter{Q: "GD-2022-0001"}, 10, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, total, err := db.ClusterPicker(ctx, c.scope, c.f, c.limit)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, g := range got {
				ids = append(ids, g.ID)
				if g.Name == "" || g.Batch != 2022 {
					t.Errorf("cluster without its name or batch: %+v", g)
				}
			}
			if !slices.Equal(ids, c.ids) || total != c.total {
				t.Errorf("picker %v of %d, want %v of %d", ids, total, c.ids, c.total)
			}
		})
	}
}
