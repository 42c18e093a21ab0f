package queries

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse/warehousetest"
)

// layoutDB is a snapshot of three clusters in two provinces and two
// cities, loaded out of region order, with history, a follow-up report
// (one actual missing), targets and an applicant's own target.
func layoutDB(t *testing.T, more ...string) *DB {
	w := warehousetest.New(t)
	warehousetest.Load(t, w, "a.csv", false, strings.Join(append([]string{`
NX-2022-002,2022,cluster_name,,中卫市枸杞集群
NX-2022-002,2022,province,,宁夏回族自治区
NX-2022-002,2022,city,,中卫市
NX-2022-002,2022,output_total,2020,40
NX-2022-002,2022,output_total,2021,52.1
NX-2022-002,2022,area_km2,,12.5
NX-2022-002,2022,target.output_total,2021,52.1
NX-2022-002,2022,target.output_total,2024,70
NX-2022-002,2022,target.brand_value,2024,9
NX-2022-002,2022,target.brand_value:label,,品牌价值
NX-2022-002,2022,output_total,2022,58
NX-2022-002,2022,rd_spend,2022,1.2
GD-2022-001,2022,cluster_name,,佛山市家电集群
GD-2022-001,2022,province,,广东省
GD-2022-001,2022,city,,佛山市
GD-2022-001,2022,output_total,2021,300
NX-2022-001,2022,cluster_name,,银川市葡萄酒集群
NX-2022-001,2022,province,,宁夏回族自治区
NX-2022-001,2022,city,,银川市
NX-2022-001,2022,output_total,2021,45`}, more...), "\n"))
	d, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	s, err := w.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Use(s); err != nil {
		t.Fatal(err)
	}
	return d
}

// rowsText reads a statement's rows as text, "NULL" for nulls.
func rowsText(t *testing.T, d *DB, q string) []string {
	t.Helper()
	rows, err := d.db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		s := make([]string, len(vals))
		for i, v := range vals {
			s[i] = fmt.Sprint(v)
			if v == nil {
				s[i] = "NULL"
			}
		}
		out = append(out, strings.Join(s, " "))
	}
	return out
}

// TestFiguresFollowTheCatalog: the wide table has the key columns (ord:
// the cluster's in clusters, which the questions join on) and one
// DOUBLE column per numeric code of the catalog, in the catalog's order, and
// one row per cluster, batch, report and year, stored in the order of
// batch, province, city and cluster.
func TestFiguresFollowTheCatalog(t *testing.T) {
	d := layoutDB(t)
	want := []string{"cluster_id VARCHAR", "batch INTEGER", "ord BIGINT", "report INTEGER", "year INTEGER"}
	for _, code := range clusterscope.DefaultCatalog().NumericCodes() {
		want = append(want, code+" DOUBLE")
	}
	if got := rowsText(t, d, "SELECT column_name, column_type FROM (DESCRIBE figures)"); !slices.Equal(got, want) {
		t.Errorf("figures has columns\n%v\nwant\n%v", got, want)
	}
	got := rowsText(t, d, "SELECT cluster_id, batch, report, year, output_total, area_km2, rd_spend FROM figures ORDER BY rowid")
	want = []string{ // 宁夏 before 广东 and 中卫 before 银川: DuckDB orders strings by code point
		"NX-2022-002 2022 0 2020 40 NULL NULL",
		"NX-2022-002 2022 0 2021 52.1 12.5 NULL",
		"NX-2022-002 2022 2022 2022 58 NULL 1.2",
		"NX-2022-001 2022 0 2021 45 NULL NULL",
		"GD-2022-001 2022 0 2021 300 NULL NULL",
	}
	if !slices.Equal(got, want) {
		t.Errorf("figures holds\n%v\nwant\n%v", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestTargetsBesideActuals: each numeric target is one row with its years
// as columns, the actual of each stage year beside them (also where only
// the final target is given), NULL where no report came; the texts hold
// no number, the long table keeps every row.
func TestTargetsBesideActuals(t *testing.T) {
	d := layoutDB(t)
	got := rowsText(t, d, "SELECT cluster_id, code, baseline, target1, target2, target3, actual1, actual2, actual3 FROM targets ORDER BY rowid")
	want := []string{
		"NX-2022-002 brand_value NULL NULL NULL 9 NULL NULL NULL",
		"NX-2022-002 output_total 52.1 NULL NULL 70 58 NULL NULL", // 2022 reported, 2023–2024 not
	}
	if !slices.Equal(got, want) {
		t.Errorf("targets holds\n%v\nwant\n%v", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := rowsText(t, d, "SELECT count(*) FROM texts WHERE TRY_CAST(value AS DOUBLE) IS NOT NULL"); got[0] != "0" {
		t.Errorf("%s texts are numbers", got[0])
	}
	if got := rowsText(t, d, "SELECT count(*) FROM observations"); got[0] != "20" {
		t.Errorf("the long table has %s rows, want the 20 loaded", got[0])
	}
}

// TestUncachedAnswersAreNotKept: a question asked under Uncached (the
// 复核's parts) is answered as any other but leaves nothing in the
// answers' cache; asked plainly, the same question is kept.
func TestUncachedAnswersAreNotKept(t *testing.T) {
	d := layoutDB(t)
	ctx := context.Background()
	held := func() int {
		d.answers.mu.Lock()
		defer d.answers.mu.Unlock()
		return len(d.answers.m)
	}
	f := Filter{Batch: 2022, Province: "宁夏回族自治区"}
	once, err := d.ReportObservations(Uncached(ctx), clusterscope.All, f)
	if err != nil || len(once) == 0 {
		t.Fatalf("report observations under Uncached: %d rows, %v", len(once), err)
	}
	if n := held(); n != 0 {
		t.Errorf("%d answers kept after an uncached question, want none", n)
	}
	kept, err := d.ReportObservations(ctx, clusterscope.All, f)
	if err != nil || len(kept) != len(once) {
		t.Fatalf("plainly: %d rows (%v), uncached: %d", len(kept), err, len(once))
	}
	if n := held(); n != 1 {
		t.Errorf("%d answers kept after a plain question, want 1", n)
	}
}

// TestRecheckReadsNoLongAnswers: the 复核's applications hold what the
// criteria and the changes read (the operator, the figures, the plan) and
// not the long answers, which the assessment's copy checks need.
func TestRecheckReadsNoLongAnswers(t *testing.T) {
	d := layoutDB(t, "NX-2022-002,2022,operator,,中卫市枸杞产业发展服务中心",
		"NX-2022-002,2022,chain_cultivation_text,,绘制枸杞产业链图谱，梳理重点企业42家")
	ctx := context.Background()
	f := Filter{Batch: 2022, Q: "NX-2022-002"}
	assess, err := d.AssessApplications(ctx, clusterscope.All, f)
	if err != nil || len(assess) != 1 {
		t.Fatalf("AssessApplications: %d, %v", len(assess), err)
	}
	recheck, err := d.RecheckApplications(ctx, clusterscope.All, f)
	if err != nil || len(recheck) != 1 {
		t.Fatalf("RecheckApplications: %d, %v", len(recheck), err)
	}
	if _, ok := assess[0].Text("chain_cultivation_text"); !ok {
		t.Error("the assessment's application lacks its long answer")
	}
	if v, ok := recheck[0].Text("chain_cultivation_text"); ok {
		t.Errorf("the 复核's application holds the long answer %q", v)
	}
	if v, _ := recheck[0].Text("operator"); v != "中卫市枸杞产业发展服务中心" {
		t.Errorf("the 复核's application gives operator %q", v)
	}
	for _, a := range []*clusterscope.ClusterData{assess[0], recheck[0]} {
		if v, ok := a.Num("output_total", 2021); !ok || v != 52.1 || a.Target("output_total") == nil {
			t.Errorf("%s: output_total 2021 %v (%v), target %+v", a.Cluster.ID, v, ok, a.Target("output_total"))
		}
	}
}

// TestFiguresBuiltByChunks: figures gathered a few clusters at a time (as
// a 100,000-cluster snapshot is, to stay within DuckDB's memory) holds the
// same rows, in the same order, as gathered at once.
func TestFiguresBuiltByChunks(t *testing.T) {
	const all = "SELECT * FROM figures"
	whole := rowsText(t, layoutDB(t), all)
	defer func(n int64) { figuresChunk = n }(figuresChunk)
	figuresChunk = 1
	d := layoutDB(t)
	if got := rowsText(t, d, all); !slices.Equal(got, whole) || len(got) < 4 {
		t.Errorf("figures by chunks of one cluster:\n%s\nat once:\n%s", strings.Join(got, "\n"), strings.Join(whole, "\n"))
	}
	sorted := rowsText(t, d, "SELECT f.* FROM figures AS f JOIN clusters AS c USING (cluster_id, batch) ORDER BY c.ord, f.year")
	if got := rowsText(t, d, all); !slices.Equal(got, sorted) {
		t.Errorf("figures by chunks is not in the clusters' order:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(sorted, "\n"))
	}
}
