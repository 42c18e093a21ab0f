package main

import (
	"os"
	"path/filepath"
	"testing"

	"clusterscope"
	"clusterscope/etl"
)

// TestFollowUpDeclaresChanges: the yearly report, as a workbook and as a
// Word form, carries its 报送日期, the cluster's operator and leading
// industry, whether they changed and since when, and part 一's answers,
// and they read back as filled; a change found in them is said declared.
func TestFollowUpDeclaresChanges(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	var obs []clusterscope.Observation
	for _, r := range [][2]string{{"reported_on", "2024-04-28"}, {"operator", "中卫市枸杞产业发展有限公司"}, {"leading_industry", "枸杞"},
		{"change_declared", "是"}, {"change_date", "2023-09-01"}, {"no_major_incidents", "是"}, {"output_total", "61.5"}} {
		o, err := cat.Observe("NX-ZW-001", 2022, r[0], 2023, r[1])
		if err != nil {
			t.Fatal(err)
		}
		obs = append(obs, o)
	}
	dir := t.TempDir()
	for _, ff := range []formFormat{xlsxForms, docxForms} {
		path := filepath.Join(dir, "report"+ff.ext)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := ff.fill(f, "followup", 2022, obs); err != nil {
			t.Fatalf("%s: %v", ff.ext, err)
		}
		f.Close()
		got, probs, _, err := etl.Read(path)
		if err != nil || hasError(probs) {
			t.Fatalf("%s: %v %v", ff.ext, err, probs)
		}
		compareObs(t, ff.ext, got, obs)
		app, _ := cat.Observe("NX-ZW-001", 2022, "operator", 0, "沙坡头区枸杞产业园管委会")
		if ch := clusterscope.DetectChanges(append(got, app)); len(ch) != 1 || !ch[0].Declared || ch[0].Date != "2023-09-01" {
			t.Errorf("%s: changes %+v, want the operator's, declared on 2023-09-01", ff.ext, ch)
		}
	}
}
