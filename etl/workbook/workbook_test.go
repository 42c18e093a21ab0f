package workbook

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"clusterscope"
)

// Value columns as a user sees them.
const (
	colD = 4 + iota
	colE
	colF
	colG
	colH
	colI
)

// sectionSheet is the sheet of each section of fields.csv.
var sectionSheet = []string{"封面", "一、基本情况", "二、主导产业情况", "三、创新能力情况", "四、数字化升级情况",
	"五、绿色化转型情况", "六、开放合作情况", "七、治理和服务水平", "八、发展规划", "九、真实性声明"}

func newTemplate(t *testing.T, kind Kind, batch int) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := Template(&b, kind, batch); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("open template: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rowOf finds the row of a code in column A, as a user would by looking.
func rowOf(t *testing.T, f *excelize.File, sheet, code string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("rows of %s: %v", sheet, err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == code {
			return i + 1
		}
	}
	t.Fatalf("no code %s in column A of %s", code, sheet)
	return 0
}

func ref(t *testing.T, f *excelize.File, sheet, code string, col int) string {
	t.Helper()
	return cell(col, rowOf(t, f, sheet, code))
}

func put(t *testing.T, f *excelize.File, sheet, code string, col int, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, ref(t, f, sheet, code, col), v); err != nil {
		t.Fatal(err)
	}
}

func save(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func read(b []byte) ([]clusterscope.Observation, []clusterscope.Problem) {
	obs, probs, _ := Read(bytes.NewReader(b), int64(len(b)), "申报表.xlsx")
	return obs, probs
}

func sample(k clusterscope.Kind) any {
	switch k {
	case clusterscope.KindText200:
		return "产业链培育和招商情况良好"
	case clusterscope.KindText3000:
		return "一、集群基本情况简介……"
	case clusterscope.KindNumber:
		return 45.2
	case clusterscope.KindPercent:
		return 75.5
	case clusterscope.KindCount:
		return 12
	case clusterscope.KindYesNo, clusterscope.KindCheck:
		return "是"
	case clusterscope.KindYesNoNA:
		return "不涉及"
	case clusterscope.KindIndustryType:
		return "第二产业"
	case clusterscope.KindDate:
		return time.Date(2015, 6, 30, 0, 0, 0, 0, time.UTC)
	case clusterscope.KindPhone:
		return "0951-6363644"
	}
	return "无"
}

// filled is an application template with every field and target filled as a
// user would: numbers typed as numbers, 是/否 as text, dates as dates.
func filled(t *testing.T, batch int) *excelize.File {
	t.Helper()
	f := newTemplate(t, Application, batch)
	cat := clusterscope.DefaultCatalog()
	rows := map[string]map[string]int{} // sheet → code → row, looked up once
	fill := func(sheet, code string, col int, v any) {
		if rows[sheet] == nil {
			rows[sheet] = map[string]int{}
			all, _ := f.GetRows(sheet)
			for i, r := range all {
				if len(r) > 0 {
					rows[sheet][r[0]] = i + 1
				}
			}
		}
		r, ok := rows[sheet][code]
		if !ok {
			t.Fatalf("no code %s in column A of %s", code, sheet)
		}
		if err := f.SetCellValue(sheet, cell(col, r), v); err != nil {
			t.Fatal(err)
		}
	}
	fill("封面", "#cluster_id", colD, "NX-ZW-001")
	for _, fl := range cat.Fields {
		cols := []int{colD}
		if fl.Yearly {
			cols = []int{colD, colE, colF}
		}
		for _, c := range cols {
			fill(sectionSheet[fl.Section], fl.Code, c, sample(fl.Kind))
		}
	}
	for _, tg := range cat.Targets {
		if tg.Rule == clusterscope.RuleQualitative {
			fill("八、发展目标", "target."+tg.Code, colD, "深化开放合作")
			continue
		}
		for i, v := range []float64{40, 44, 48.4, 53.24} {
			fill("八、发展目标", "target."+tg.Code, colD+i, v)
		}
	}
	return f
}

// key names an observation by field and year.
func key(o clusterscope.Observation) string { return fmt.Sprintf("%s|%d", o.Field, o.Year) }

func byKey(obs []clusterscope.Observation) map[string]clusterscope.Observation {
	m := map[string]clusterscope.Observation{}
	for _, o := range obs {
		m[key(o)] = o
	}
	return m
}

func TestReadFilledApplication(t *testing.T) {
	f := filled(t, 2022)
	const s2, s8 = "二、主导产业情况", "八、发展目标"
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10, Protection: &excelize.Protection{}}) // 0.00%
	if err != nil {
		t.Fatal(err)
	}
	month, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(`yyyy"年"m"月"`)})
	if err != nil {
		t.Fatal(err)
	}
	name := "中卫市沙坡头区枸杞中小企业特色产业集群（枸杞产业）"
	put(t, f, "封面", "cluster_name", colD, name)
	put(t, f, "封面", "submitted_on", colD, time.Date(2022, 10, 1, 0, 0, 0, 0, time.UTC))
	if err := f.SetCellStyle("封面", ref(t, f, "封面", "submitted_on", colD), ref(t, f, "封面", "submitted_on", colD), month); err != nil {
		t.Fatal(err)
	}
	put(t, f, "一、基本情况", "area_km2", colD, "12.50") // typed as text
	put(t, f, "一、基本情况", "authority_phone", colD, 13912345678)
	put(t, f, "一、基本情况", "energy_efficiency_above_benchmark", colD, "不适用")
	put(t, f, s2, "output_total", colD, 45.2)
	put(t, f, s2, "output_total", colF, 52.1)
	shareE := ref(t, f, s2, "sme_output_share", colE)
	if err := f.SetCellValue(s2, shareE, 0.78); err != nil { // typed as 78%
		t.Fatal(err)
	}
	if err := f.SetCellStyle(s2, shareE, shareE, pct); err != nil {
		t.Fatal(err)
	}
	put(t, f, s2, "enterprises", colF, 120)
	put(t, f, s2, "leading_output_share", colD, "81.5%") // text with a percent sign
	put(t, f, s2, "sharing_joint_procurement", colD, "否")
	put(t, f, s2, "sharing_chain_coordination", colD, true) // a boolean cell
	put(t, f, "三、创新能力情况", "invention_patents_per_10k", colD, 0.1+0.2)
	put(t, f, s8, "target.output_total", colD, 52.1)
	put(t, f, s8, "target.output_total", colG, 70)
	put(t, f, s8, "target.governance_goal", colD, "建成省级公共服务示范平台")
	for c, v := range map[int]any{2: "主导产品出口额", 3: "亿元", colD: 3.5, colE: 4, colF: 4.6, colG: 5.2, colH: "export_value", colI: "越高越好"} {
		put(t, f, s8, "#own2", c, v)
	}
	b := save(t, f)

	// A spreadsheet program may drop the defined name: reading must not care.
	g, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.DeleteDefinedName(&excelize.DefinedName{Name: definedName}); err != nil {
		t.Fatal(err)
	}
	noName := save(t, g)
	g.Close()

	for _, tc := range []struct {
		name string
		data []byte
	}{{"as saved", b}, {"without defined name", noName}} {
		t.Run(tc.name, func(t *testing.T) {
			obs, probs := read(tc.data)
			for _, p := range probs {
				if p.Sheet != s2 || p.Cell != shareE || !strings.Contains(p.Message, "已按 78 读入") {
					t.Errorf("unexpected problem: %s", p)
				}
			}
			if len(probs) != 1 || probs[0].Severity != clusterscope.SevWarning {
				t.Errorf("want the one warning that 78%% typed is read as 78, got %v", probs)
			}
			cat := clusterscope.DefaultCatalog()
			want := 4 + 3 // own target: label, unit, direction and four values
			for _, fl := range cat.Fields {
				if fl.Yearly {
					want += 3
				} else {
					want++
				}
			}
			for _, tg := range cat.Targets {
				if tg.Rule == clusterscope.RuleQualitative {
					want++
				} else {
					want += 4
				}
			}
			if len(obs) != want {
				t.Errorf("got %d observations, want %d", len(obs), want)
			}
			m := byKey(obs)
			for _, w := range []struct {
				field string
				year  int
				text  string
			}{
				{"cluster_name", 0, name},
				{"submitted_on", 0, "2022-10"}, // a month format keeps the month
				{"founded_on", 0, "2015-06-30"},
				{"area_km2", 0, "12.5"},
				{"authority_phone", 0, "13912345678"},
				{"industry_type", 0, "第二产业"},
				{"not_restricted_industry", 0, "是"},
				{"energy_efficiency_above_benchmark", 0, "不涉及"},
				{"output_total", 2019, "45.2"},
				{"output_total", 2020, "45.2"},
				{"output_total", 2021, "52.1"},
				{"sme_output_share", 2020, "78"},
				{"leading_output_share", 2019, "81.5"},
				{"enterprises", 2021, "120"},
				{"sharing_shared_workshops", 0, "true"},
				{"sharing_joint_procurement", 0, "false"},
				{"sharing_chain_coordination", 0, "true"},
				{"invention_patents_per_10k", 0, "0.3"},
				{"plan_text", 0, "一、集群基本情况简介……"},
				{"declaration_signed", 0, "是"},
				{"target.output_total", 2021, "52.1"},
				{"target.output_total", 2022, "44"},
				{"target.output_total", 2024, "70"},
				{"target.governance_goal", 0, "建成省级公共服务示范平台"},
				{"target.export_value:label", 0, "主导产品出口额"},
				{"target.export_value:unit", 0, "亿元"},
				{"target.export_value:direction", 0, "up"},
				{"target.export_value", 2021, "3.5"},
				{"target.export_value", 2024, "5.2"},
			} {
				o, ok := m[fmt.Sprintf("%s|%d", w.field, w.year)]
				switch {
				case !ok:
					t.Errorf("%s %d: missing", w.field, w.year)
				case o.Text != w.text || o.ClusterID != "NX-ZW-001" || o.Batch != 2022 || o.Report != 0:
					t.Errorf("%s %d: got %+v, want text %q", w.field, w.year, o, w.text)
				}
			}
			if o := m["output_total|2019"]; o.Num == nil || *o.Num != 45.2 || o.AsOf != 2019 || o.Line != rowOf(t, f, s2, "output_total") {
				t.Errorf("output_total 2019: %+v", o)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestReadFollowUp(t *testing.T) {
	f := newTemplate(t, FollowUp, 2022)
	put(t, f, "封面", "#cluster_id", colD, "NX-ZW-001")
	put(t, f, "封面", "#report_year", colD, 2023)
	put(t, f, "实际值", "rd_spend", colD, 1.95)
	put(t, f, "实际值", "output_total", colD, 63.85)
	put(t, f, "实际值", "quality_smes", colD, 30)
	obs, probs := read(save(t, f))
	for _, p := range probs {
		t.Errorf("unexpected problem: %s", p)
	}
	want := map[string]string{"rd_spend|2023": "1.95", "output_total|2023": "63.85", "quality_smes|2023": "30"}
	if len(obs) != len(want) {
		t.Errorf("got %d observations, want %d: %+v", len(obs), len(want), obs)
	}
	for _, o := range obs {
		if want[key(o)] != o.Text || o.Report != 2023 || o.Batch != 2022 {
			t.Errorf("unexpected %+v", o)
		}
	}

	put(t, f, "封面", "#report_year", colD, 2030)
	obs, probs = read(save(t, f))
	if len(obs) != 0 || !hasProblem(probs, clusterscope.SevError, "封面", "D4", "报告年度", "报告年度「2030」无效") {
		t.Errorf("report year 2030: obs %d, problems %v", len(obs), probs)
	}
}

func TestTemplateYears(t *testing.T) {
	for _, tc := range []struct {
		batch          int
		years, targets []string
	}{
		{2022, []string{"2019", "2020", "2021"}, []string{"2021", "2022", "2023", "2024"}},
		{2023, []string{"2020", "2021", "2022"}, []string{"2022", "2023", "2024", "2025"}},
	} {
		t.Run(fmt.Sprint(tc.batch), func(t *testing.T) {
			f := newTemplate(t, Application, tc.batch)
			if m, _ := f.GetCellValue("封面", "A1"); m != fmt.Sprintf("clusterscope/application/v1/%d", tc.batch) {
				t.Errorf("marker %q", m)
			}
			if v, _ := f.GetCellValue("封面", ref(t, f, "封面", "#batch", colD)); v != fmt.Sprint(tc.batch) {
				t.Errorf("batch cell %q", v)
			}
			header := func(sheet string, n int) []string {
				r := rowOf(t, f, sheet, "#years")
				var got []string
				for c := colD; c < colD+n; c++ {
					v, _ := f.GetCellValue(sheet, cell(c, r), excelize.Options{RawCellValue: true})
					got = append(got, v)
				}
				return got
			}
			for _, sh := range sectionSheet[2:7] {
				if got := header(sh, 3); fmt.Sprint(got) != fmt.Sprint(tc.years) {
					t.Errorf("%s years %v, want %v", sh, got, tc.years)
				}
			}
			if got := header("八、发展目标", 4); fmt.Sprint(got) != fmt.Sprint(tc.targets) {
				t.Errorf("target years %v, want %v", got, tc.targets)
			}
			shown, _ := f.GetCellValue("二、主导产业情况", cell(colD, rowOf(t, f, "二、主导产业情况", "#years")))
			if shown != tc.years[0]+"年" {
				t.Errorf("year header shown as %q", shown)
			}
			// a 2023 value lands on its year
			put(t, f, "封面", "#cluster_id", colD, "X1")
			put(t, f, "二、主导产业情况", "output_total", colF, 50)
			obs, _ := read(save(t, f))
			if o, ok := byKey(obs)["output_total|"+tc.years[2]]; !ok || o.Text != "50" {
				t.Errorf("output_total %s: %+v", tc.years[2], o)
			}
		})
	}
}

func TestTemplateRejectsBadArguments(t *testing.T) {
	var b bytes.Buffer
	if err := Template(&b, "report", 2022); err == nil {
		t.Error("unknown kind accepted")
	}
	if err := Template(&b, Application, 1999); err == nil {
		t.Error("batch 1999 accepted")
	}
}

func TestTemplateProtection(t *testing.T) {
	var b bytes.Buffer
	if err := Template(&b, Application, 2022); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sh = "二、主导产业情况"
	locked := func(ref string) bool {
		id, err := f.GetCellStyle(sh, ref)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st.Protection == nil || st.Protection.Locked
	}
	numFmt := func(ref string) int {
		id, _ := f.GetCellStyle(sh, ref)
		st, _ := f.GetStyle(id)
		return st.NumFmt
	}
	for _, tc := range []struct {
		ref    string
		locked bool
	}{
		{ref(t, f, sh, "output_total", colD), false},
		{ref(t, f, sh, "output_total", colF), false},
		{ref(t, f, sh, "chain_map", colD), false},
		{ref(t, f, sh, "output_total", 2), true}, // label
		{ref(t, f, sh, "output_total", 1), true}, // code
		{ref(t, f, sh, "output_total", 3), true}, // unit
	} {
		if got := locked(tc.ref); got != tc.locked {
			t.Errorf("%s locked %v, want %v", tc.ref, got, tc.locked)
		}
	}
	if n := numFmt(ref(t, f, sh, "output_total", colD)); n != 2 {
		t.Errorf("number format %d, want 2 (0.00)", n)
	}
	if n := numFmt(ref(t, f, sh, "enterprises", colD)); n != 1 {
		t.Errorf("count format %d, want 1 (0)", n)
	}
	// Calc gives "83%" typed a percent format only in a General cell: in one
	// formatted 0.00 it keeps 0.00 and stores 0.83, and the typed % is lost.
	for _, c := range [][2]string{{sh, "sme_output_share"}, {"八、发展目标", "target.iip_penetration"}, {"八、发展目标", "#own1"}} {
		id, _ := f.GetCellStyle(c[0], ref(t, f, c[0], c[1], colD))
		if st, _ := f.GetStyle(id); st.NumFmt != 0 || st.CustomNumFmt != nil {
			t.Errorf("%s %s: format %d %v, want General", c[0], c[1], st.NumFmt, st.CustomNumFmt)
		}
	}
	if r := ref(t, f, "封面", "#cluster_id", colD); func() bool {
		id, _ := f.GetCellStyle("封面", r)
		st, _ := f.GetStyle(id)
		return st.Protection == nil || st.Protection.Locked
	}() {
		t.Errorf("cluster id cell %s is locked", r)
	}
	// every worksheet carries sheet protection
	zr, err := zipReader(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		n++
		x := readPart(t, zf)
		on := strings.Contains(x, `<sheetProtection sheet="true"`) || strings.Contains(x, `<sheetProtection sheet="1"`)
		if !on || strings.Contains(x, "password") || strings.Contains(x, "hashValue") {
			t.Errorf("%s: no password-free sheet protection", zf.Name)
		}
	}
	if n != 11 {
		t.Errorf("%d worksheets, want 11", n)
	}
}

func TestTemplateValidations(t *testing.T) {
	f := newTemplate(t, Application, 2022)
	type want struct {
		sheet, code string
		typ         string
		formula     string // list items, or ""
		prompt      string // part of the input message, or ""
	}
	for _, w := range []want{
		{"一、基本情况", "not_restricted_industry", "list", `"是,否"`, ""},
		{"一、基本情况", "energy_efficiency_above_benchmark", "list", `"是,否,不涉及"`, ""},
		{"一、基本情况", "industry_type", "list", `"第一产业,第二产业,第三产业"`, ""},
		{"二、主导产业情况", "sharing_shared_workshops", "list", `"是,否"`, "勾选"},
		{"二、主导产业情况", "chain_cultivation_text", "textLength", "", "200字以内"},
		{"八、发展规划", "plan_text", "textLength", "", "3000字以内"},
		{"二、主导产业情况", "enterprises", "whole", "", ""},
	} {
		r := ref(t, f, w.sheet, w.code, colD)
		dvs, err := f.GetDataValidations(w.sheet)
		if err != nil {
			t.Fatal(err)
		}
		var found *excelize.DataValidation
		for _, dv := range dvs {
			if covers(t, dv.Sqref, r) {
				found = dv
			}
		}
		switch {
		case found == nil:
			t.Errorf("%s %s: no validation on %s", w.sheet, w.code, r)
		case found.Type != w.typ || (w.formula != "" && found.Formula1 != w.formula):
			t.Errorf("%s %s: validation %s %s", w.sheet, w.code, found.Type, found.Formula1)
		case w.prompt != "" && (found.Prompt == nil || !strings.Contains(*found.Prompt, w.prompt)):
			t.Errorf("%s %s: input message %v lacks %q", w.sheet, w.code, found.Prompt, w.prompt)
		}
	}
}

// covers reports whether a space-separated list of cells and ranges covers ref.
func covers(t *testing.T, sqref, ref string) bool {
	t.Helper()
	c, r, _ := excelize.CellNameToCoordinates(ref)
	for _, part := range strings.Fields(sqref) {
		from, to, ok := strings.Cut(part, ":")
		if !ok {
			to = from
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad sqref %q", sqref)
		}
		if c >= c1 && c <= c2 && r >= r1 && r <= r2 {
			return true
		}
	}
	return false
}

func hasProblem(probs []clusterscope.Problem, sev clusterscope.Severity, sheet, ref, label, msg string) bool {
	for _, p := range probs {
		if p.Severity == sev && p.Sheet == sheet && p.Cell == ref && strings.Contains(p.Label, label) && strings.Contains(p.Message, msg) {
			return true
		}
	}
	return false
}
