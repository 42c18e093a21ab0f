package docx_test

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
	"clusterscope/etl/docx"
	"clusterscope/etl/workbook"
)

// application is the example application of etl's tests, read from JSON.
func application(t testing.TB) []clusterscope.Observation {
	t.Helper()
	data, err := os.ReadFile("../testdata/application.json")
	if err != nil {
		t.Fatal(err)
	}
	obs, probs := etl.ReadJSON(data, "application.json")
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return obs
}

func fill(t testing.TB, kind docx.Kind, batch int, obs []clusterscope.Observation) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := docx.Fill(&b, kind, batch, obs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func read(b []byte) ([]clusterscope.Observation, []clusterscope.Problem) {
	obs, probs, _ := docx.Read(bytes.NewReader(b), int64(len(b)), "申报表.docx")
	return obs, probs
}

// obsKey names an observation by what it is: field, year and report.
func obsKey(o clusterscope.Observation) string {
	return fmt.Sprintf("%s %s %d/%d r%d", o.ClusterID, o.Field, o.Year, o.AsOf, o.Report)
}

// sameObs compares observations by what they are and say, ignoring Line.
func sameObs(t *testing.T, what string, got, want []clusterscope.Observation) {
	t.Helper()
	index := func(obs []clusterscope.Observation) map[string]string {
		m := map[string]string{}
		for _, o := range obs {
			num := ""
			if o.Num != nil {
				num = fmt.Sprint(*o.Num)
			}
			m[obsKey(o)] = o.Text + " " + num
		}
		return m
	}
	g, w := index(got), index(want)
	if len(got) != len(want) {
		t.Errorf("%s: %d observations back, want %d", what, len(got), len(want))
	}
	for _, k := range slices.Sorted(maps.Keys(w)) {
		if g[k] != w[k] {
			t.Errorf("%s: %s is %q, want %q", what, k, g[k], w[k])
		}
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			t.Errorf("%s: %s (%q) not in the source", what, k, g[k])
		}
	}
}

// demoGroups are demo applications and follow-up reports.
func demoGroups(t testing.TB, opt demo.Options) []workbook.Group {
	t.Helper()
	var b bytes.Buffer
	if err := demo.Write(&b, opt); err != nil {
		t.Fatal(err)
	}
	obs, probs := etl.ReadCSV(b.Bytes(), "demo.csv")
	if len(probs) > 0 {
		t.Fatal(probs[0])
	}
	return workbook.Split(obs)
}

// TestFillRoundTrip: every demo application and follow-up report, filled
// into its Word document and read back, gives its observations and no
// problem.
func TestFillRoundTrip(t *testing.T) {
	kinds := map[docx.Kind]int{}
	for _, g := range demoGroups(t, demo.Options{Candidates: 4, Recognised: 4}) {
		kinds[g.Kind]++
		obs, probs := read(fill(t, g.Kind, g.Batch, g.Obs))
		for _, p := range probs {
			t.Errorf("%s: %s", g.Name(), p)
		}
		sameObs(t, g.Name(), obs, g.Obs)
	}
	if kinds[docx.Application] != 8 || kinds[docx.FollowUp] < 4 {
		t.Errorf("documents by kind: %v", kinds)
	}
}

// writeFile writes data into the folder and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSameAsJSONAndWorkbook: the example application filled into the Word
// form and into the Excel template reads, through etl.Read with its
// validation, to the same observations as its JSON, with no problem.
func TestSameAsJSONAndWorkbook(t *testing.T) {
	src := application(t)
	dir := t.TempDir()
	var xb bytes.Buffer
	if err := workbook.Fill(&xb, workbook.Application, 2022, src); err != nil {
		t.Fatal(err)
	}
	jsonObs, _, _, err := etl.Read("../testdata/application.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{writeFile(t, dir, "申报表.docx", fill(t, docx.Application, 2022, src)),
		writeFile(t, dir, "申报表.xlsx", xb.Bytes())} {
		obs, probs, _, err := etl.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, pr := range probs {
			t.Errorf("%s: %s", filepath.Base(p), pr)
		}
		sameObs(t, filepath.Base(p)+" against JSON", obs, jsonObs)
	}
}

// TestBlankTemplate: the template read as it is says what is missing,
// naming the part, the table, the row and the year column.
func TestBlankTemplate(t *testing.T) {
	var b bytes.Buffer
	if err := docx.Template(&b, docx.Application, 2022); err != nil {
		t.Fatal(err)
	}
	_, probs := read(b.Bytes())
	if len(probs) != 1 || !strings.Contains(probs[0].String(), "封面「集群编号（系统内唯一，字母、数字、- 或 _）」行：请填写集群编号") {
		t.Fatalf("blank template: %v", probs)
	}
	// With its cluster id, each required value is reported where it is.
	name, err := clusterscope.DefaultCatalog().Observe("NX-T-1", 2022, "cluster_name", 0, "某某集群")
	if err != nil {
		t.Fatal(err)
	}
	_, probs = read(fill(t, docx.Application, 2022, []clusterscope.Observation{name}))
	all := strings.Join(strs(probs), "\n")
	for _, want := range []string{
		"第二部分「主导产业情况」表「集群总产值（亿元）」行 2020 年列 字段「集群总产值」(output_total)：必填项未填写",
		"第三部分「创新能力情况」表「集群中小企业近三年主持（起草单位排名前三位）或参与制修订标准数量情况（需提供清单）：国家」行 2021 年参与数量列",
		"第一部分「基本情况」表「主导产业所属产业类型」行 字段「主导产业所属产业类型」(industry_type)：未勾选",
		"第八部分「三年总体目标」表「研发经费投入」行 2023 年列",
		"第八部分 字段「未来三年中小企业特色产业集群发展规划",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no problem %q in\n%s", want, all)
		}
	}
	for _, p := range probs {
		if p.Severity == clusterscope.SevError && p.Field != "" && p.Part == "" {
			t.Errorf("problem without its place: %s", p)
		}
	}
}

func strs(ps []clusterscope.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

// TestFollowUpTemplate: the follow-up report's template is read as one.
func TestFollowUpTemplate(t *testing.T) {
	var b bytes.Buffer
	if err := docx.Template(&b, docx.FollowUp, 2022); err != nil {
		t.Fatal(err)
	}
	_, probs := read(b.Bytes())
	if len(probs) != 1 || probs[0].Row != "集群编号（系统内唯一，字母、数字、- 或 _）" {
		t.Errorf("blank follow-up template: %v", probs)
	}
}

// TestFillRefuses: observations the form has no place for are refused.
func TestFillRefuses(t *testing.T) {
	src := application(t)
	cat := clusterscope.DefaultCatalog()
	actual, err := cat.Observe(src[0].ClusterID, 2022, "rd_spend", 2023, "5")
	if err != nil {
		t.Fatal(err)
	}
	other := src[1]
	other.ClusterID = "NX-OTHER"
	for name, obs := range map[string][]clusterscope.Observation{
		"an actual in an application": append(slices.Clone(src), actual),
		"another cluster":             append(slices.Clone(src), other),
		"another batch":               src,
	} {
		batch := 2022
		if name == "another batch" {
			batch = 2023
		}
		var b bytes.Buffer
		if err := docx.Fill(&b, docx.Application, batch, obs); err == nil {
			t.Errorf("%s: filled", name)
		}
	}
}

// TestValidationNamesTheRow: problems found across values after reading
// (more SMEs than enterprises) name the Word form's part, table, row and
// year, for the value and for the one it is compared with; 无 for a share
// is read as 0 with a warning.
func TestValidationNamesTheRow(t *testing.T) {
	obs := application(t)
	for i, o := range obs {
		switch {
		case o.Field == "sme_enterprises" && o.Year == 2020:
			obs[i].Text = "900"
		case o.Field == "rd_staff_share":
			obs[i].Text = "无"
		}
	}
	path := writeFile(t, t.TempDir(), "申报表.docx", fill(t, docx.Application, 2022, obs))
	_, probs, _, err := etl.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(strs(probs), "\n")
	for _, want := range []string{
		"申报表.docx 第二部分「主导产业情况」表「其中：集群中小企业数量（个）」行 2020 年列 字段「其中：集群中小企业数量」(sme_enterprises)：2020 年中小企业数量 900 多于集群企业数量 782（第二部分「主导产业情况」表「集群企业数量（个）」行 2020 年列）",
		"申报表.docx 第三部分「创新能力情况」表「集群内研发人员占从业人员比例（%）」行 字段「集群内研发人员占从业人员比例」(rd_staff_share) 警告：「无」按 0 读取",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no problem %q in\n%s", want, all)
		}
	}
}

func BenchmarkRead(b *testing.B) {
	doc := fill(b, docx.Application, 2022, application(b))
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if obs, probs := read(doc); len(obs) == 0 || len(probs) > 0 {
			b.Fatal(probs)
		}
	}
}

func BenchmarkFill(b *testing.B) {
	src := application(b)
	for b.Loop() {
		fill(b, docx.Application, 2022, src)
	}
}
