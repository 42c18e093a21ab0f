package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
	"clusterscope/etl/workbook"
	"clusterscope/queries"
	"clusterscope/warehouse"
	"clusterscope/warehouse/warehousetest"
)

// stored reads a cluster's live observations back through DuckDB.
func stored(t *testing.T, w *warehouse.Warehouse, batch int, id string) []clusterscope.Observation {
	t.Helper()
	return storedAs(t, w, clusterscope.All, batch, id)
}

// storedAs is what a user of scope finds of the cluster, as every page and
// download reads it: none of it outside the scope.
func storedAs(t *testing.T, w *warehouse.Warehouse, scope clusterscope.Scope, batch int, id string) []clusterscope.Observation {
	t.Helper()
	db, err := queries.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := w.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Use(s); err != nil {
		t.Fatal(err)
	}
	obs, err := db.ClusterObservations(context.Background(), scope, batch, id)
	if err != nil && clusterscope.ErrorCode(err) != clusterscope.ENOTFOUND {
		t.Fatal(err)
	}
	return obs
}

// obsKey names an observation by report, field and year.
func obsKey(o clusterscope.Observation) string {
	return fmt.Sprintf("%d|%s|%d", o.Report, o.Field, o.Year)
}

// compareObs compares every value: text, number, the year it describes and
// its report, by report, field and year.
func compareObs(t *testing.T, what string, got, want []clusterscope.Observation) {
	t.Helper()
	g := map[string]clusterscope.Observation{}
	for _, o := range got {
		g[obsKey(o)] = o
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d values stored, want %d", what, len(got), len(want))
	}
	for _, w := range want {
		o, ok := g[obsKey(w)]
		switch {
		case !ok:
			t.Errorf("%s: %s missing", what, obsKey(w))
		case o.Text != w.Text || o.AsOf != w.AsOf || o.ClusterID != w.ClusterID || o.Batch != w.Batch:
			t.Errorf("%s: %s is %q (as of %d), want %q (as of %d)", what, obsKey(w), o.Text, o.AsOf, w.Text, w.AsOf)
		case (o.Num == nil) != (w.Num == nil) || (o.Num != nil && *o.Num != *w.Num):
			t.Errorf("%s: %s number %v, want %v", what, obsKey(w), o.Num, w.Num)
		}
	}
}

// allActuals is a follow-up report on year with a value for every row of
// the report's sheet: each numeric field and each target that is no field.
func allActuals(t *testing.T, id string, batch, year int) []clusterscope.Observation {
	t.Helper()
	cat := clusterscope.DefaultCatalog()
	var codes []string
	for _, f := range cat.Fields {
		if f.Kind.Numeric() {
			codes = append(codes, f.Code)
		}
	}
	for _, tg := range cat.Targets {
		if cat.Field(tg.Code) == nil && tg.Rule != clusterscope.RuleQualitative {
			codes = append(codes, tg.Code)
		}
	}
	var obs []clusterscope.Observation
	for i, code := range codes {
		v := fmt.Sprintf("%d.%02d", 10+i%80, (7*i)%100)
		if code == "sme_enterprises" {
			v = "5"
		}
		o, err := cat.Observe(id, batch, code, year, v)
		if err != nil { // a count
			o, err = cat.Observe(id, batch, code, year, strconv.Itoa(10+i))
		}
		if err != nil {
			t.Fatal(err)
		}
		obs = append(obs, o)
	}
	return obs
}

// TestWorkbookRoundTrip: generate the template, fill every cell from a demo
// cluster (all five own-target rows too, and a follow-up report with every
// actual), load the workbooks and read the same values back through DuckDB.
func TestWorkbookRoundTrip(t *testing.T) {
	var csv bytes.Buffer
	if err := demo.Write(&csv, demo.Options{Candidates: 1, Recognised: -1}); err != nil {
		t.Fatal(err)
	}
	obs, problems := etl.ReadCSV(csv.Bytes(), "demo.csv")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	app := workbook.Split(obs)[0]
	app.Obs = addOwnTargets(t, app.Obs)
	id, batch := app.ClusterID, app.Batch
	report := workbook.Group{Kind: workbook.FollowUp, ClusterID: id, Batch: batch, Report: batch + 1,
		Obs: allActuals(t, id, batch, batch+1)}

	dir := t.TempDir()
	w := warehousetest.New(t)
	var want []clusterscope.Observation
	for _, g := range []workbook.Group{app, report} {
		path := filepath.Join(dir, g.Name())
		var b bytes.Buffer
		if err := workbook.Fill(&b, g.Kind, g.Batch, g.Obs); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := etl.LoadFile(w, path, "test", clusterscope.All, true)
		if err != nil {
			t.Fatalf("%s: %v", g.Name(), err)
		}
		if !res.Fresh || res.Load.Rows != len(g.Obs) {
			t.Errorf("%s: load %+v, want %d fresh rows", g.Name(), res.Load, len(g.Obs))
		}
		want = append(want, g.Obs...)
	}
	compareObs(t, "through DuckDB", stored(t, w, batch, id), want)
}

// addOwnTargets adds own targets until the target sheet's five blank rows
// are all used.
func addOwnTargets(t *testing.T, obs []clusterscope.Observation) []clusterscope.Observation {
	t.Helper()
	cat := clusterscope.DefaultCatalog()
	id, batch := obs[0].ClusterID, obs[0].Batch
	own := map[string]bool{}
	for _, o := range obs {
		if c, ok := strings.CutPrefix(o.Field, "target."); ok {
			if c, _, _ = strings.Cut(c, ":"); cat.Target(c) == nil {
				own[c] = true
			}
		}
	}
	for i := 1; len(own) < 5; i++ {
		code := fmt.Sprintf("own_target_%d", i)
		if own[code] {
			continue
		}
		own[code] = true
		add := func(field string, year int, v string) {
			o, err := cat.Observe(id, batch, field, year, v)
			if err != nil {
				t.Fatal(err)
			}
			obs = append(obs, o)
		}
		add("target."+code+":label", 0, fmt.Sprintf("自定考核指标%d", i))
		add("target."+code+":unit", 0, "家")
		add("target."+code+":direction", 0, map[bool]string{true: "up", false: "down"}[i%2 == 1])
		for k := range 4 {
			add("target."+code, batch-1+k, fmt.Sprintf("%d.%d", 20+k*i, k+1))
		}
	}
	return obs
}

// TestDemoWorkbooks: `demo` writes a filled application workbook per 宁夏
// candidate, `load` accepts them all, and loading them after the CSV leaves
// every value as it was.
func TestDemoWorkbooks(t *testing.T) {
	data := t.TempDir()
	out, err := run(t, "demo", "--data", data, "--recognised", "4")
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	books := filepath.Join(data, "demo", "workbooks")
	files, err := filepath.Glob(filepath.Join(books, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range files {
		name := filepath.Base(f)
		id, ok := strings.CutSuffix(strings.TrimPrefix(name, "演示数据-"), "-2022-申报表.xlsx")
		if !ok || !strings.HasPrefix(name, "演示数据-NX-") {
			t.Errorf("unexpected file %s", name)
			continue
		}
		ids = append(ids, id)
	}
	if len(ids) != 15 || !slices.Contains(ids, "NX-ZW-001") {
		t.Fatalf("workbooks for %v", ids)
	}
	if !strings.Contains(out, "工作簿（15 个）") {
		t.Errorf("demo does not mention the workbooks:\n%s", out)
	}
	w, err := warehouse.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string][]clusterscope.Observation{}
	for _, id := range ids {
		before[id] = stored(t, w, 2022, id)
	}
	loads, _ := w.Loads()

	out, err = run(t, "load", "--data", data, books)
	if err != nil {
		t.Fatalf("load workbooks: %v\n%s", err, out)
	}
	if n := strings.Count(out, "已载入：第"); n != 15 {
		t.Errorf("%d workbooks loaded, want 15:\n%s", n, out)
	}
	after, _ := w.Loads()
	if len(after) != len(loads)+15 {
		t.Errorf("%d loads after loading the workbooks, want %d", len(after), len(loads)+15)
	}
	for _, id := range ids {
		compareObs(t, id, stored(t, w, 2022, id), before[id])
	}

	// Writing them again replaces them; none for no candidates.
	if n, err := writeDemoWorkbooks(books, demo.Options{Candidates: -1}); err != nil || n != 0 {
		t.Errorf("no candidates: %d workbooks, %v", n, err)
	}
	if left, _ := filepath.Glob(filepath.Join(books, "*.xlsx")); len(left) != 0 {
		t.Errorf("old workbooks left: %v", left)
	}
}

// TestDemoWorkbooksFast: `make run` writes them on a first start.
func TestDemoWorkbooksFast(t *testing.T) {
	start := time.Now()
	n, err := writeDemoWorkbooks(t.TempDir(), demo.Options{Seed: 2022, Candidates: 15, Recognised: 300})
	took := time.Since(start)
	if err != nil || n != 15 {
		t.Fatalf("%d workbooks, %v", n, err)
	}
	t.Logf("%d demo workbooks in %v", n, took)
	if took > 10*time.Second {
		t.Errorf("demo workbooks took %v", took)
	}
}
