package workbook

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
)

// demoObs is the demo data set for the options, typed by the catalog as the
// CSV reader types it (this package cannot import etl, which imports it).
func demoObs(t testing.TB, opt demo.Options) []clusterscope.Observation {
	t.Helper()
	var b bytes.Buffer
	if err := demo.Write(&b, opt); err != nil {
		t.Fatal(err)
	}
	cat := clusterscope.DefaultCatalog()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff"))))
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	var obs []clusterscope.Observation
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return obs
		}
		if err != nil {
			t.Fatal(err)
		}
		batch, _ := strconv.Atoi(rec[1])
		year, _ := strconv.Atoi(rec[3])
		o, err := cat.Observe(rec[0], batch, rec[2], year, rec[4])
		if err != nil {
			t.Fatalf("demo line %d: %v", line, err)
		}
		o.Line = line
		obs = append(obs, o)
	}
}

func fill(t testing.TB, g Group) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Fill(&b, g.Kind, g.Batch, g.Obs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameObs compares observations by field and year, ignoring Line.
func sameObs(t *testing.T, what string, got, want []clusterscope.Observation) {
	t.Helper()
	g, w := byKey(got), byKey(want)
	if len(got) != len(want) || len(g) != len(w) {
		t.Errorf("%s: %d observations back, want %d", what, len(got), len(want))
	}
	for _, k := range slices.Sorted(maps.Keys(w)) {
		a, ok := g[k]
		b := w[k]
		a.Line, b.Line = 0, 0
		switch {
		case !ok:
			t.Errorf("%s: %s missing", what, k)
		case (a.Num == nil) != (b.Num == nil) || (a.Num != nil && *a.Num != *b.Num):
			t.Errorf("%s: %s number %v, want %v", what, k, a.Num, b.Num)
		default:
			a.Num, b.Num = nil, nil
			if a != b {
				t.Errorf("%s: %s is %+v, want %+v", what, k, a, b)
			}
		}
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			t.Errorf("%s: %s not in the source", what, k)
		}
	}
}

// TestFillRoundTrip: every demo application and follow-up report, filled
// into its workbook and read back, gives its observations and no problem.
func TestFillRoundTrip(t *testing.T) {
	groups := Split(demoObs(t, demo.Options{Candidates: 5, Recognised: 6}))
	kinds := map[Kind]int{}
	for _, g := range groups {
		kinds[g.Kind]++
		b := fill(t, g)
		obs, probs := read(b)
		for _, p := range probs {
			t.Errorf("%s: %s", g.Name(), p)
		}
		sameObs(t, g.Name(), obs, g.Obs)
	}
	if kinds[Application] != 11 || kinds[FollowUp] < 6 {
		t.Errorf("workbooks by kind: %v", kinds)
	}
}

func TestSplit(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	var obs []clusterscope.Observation
	for _, r := range []struct {
		id          string
		field       string
		year        int
		value       string
		batch, line int
	}{
		{"B", "rd_spend", 2024, "1", 2022, 2},
		{"A", "output_total", 2021, "1", 2022, 3},
		{"B", "output_total", 2021, "2", 2022, 4},
		{"B", "rd_spend", 2023, "1", 2022, 5},
		{"A", "output_total", 2024, "1", 2023, 6},
	} {
		o, err := cat.Observe(r.id, r.batch, r.field, r.year, r.value)
		if err != nil {
			t.Fatal(err)
		}
		o.Line = r.line
		obs = append(obs, o)
	}
	var got []string
	for _, g := range Split(obs) {
		var lines []int
		for _, o := range g.Obs {
			lines = append(lines, o.Line)
		}
		got = append(got, fmt.Sprint(g.Name(), g.Kind, lines))
	}
	want := []string{
		"B-2022-申报表.xlsxapplication[4]",
		"B-2022-2023年度报告.xlsxfollowup[5]",
		"B-2022-2024年度报告.xlsxfollowup[2]",
		"A-2022-申报表.xlsxapplication[3]",
		"A-2023-2024年度报告.xlsxfollowup[6]",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Split:\n got %q\nwant %q", got, want)
	}
}

// withOwnTargets adds own targets until all the blank rows are used.
func withOwnTargets(t testing.TB, obs []clusterscope.Observation) []clusterscope.Observation {
	t.Helper()
	cat := clusterscope.DefaultCatalog()
	id, batch := obs[0].ClusterID, obs[0].Batch
	codes := map[string]bool{}
	for _, o := range obs {
		if c, ok := strings.CutPrefix(o.Field, "target."); ok {
			if c, _, _ = strings.Cut(c, ":"); cat.Target(c) == nil {
				codes[c] = true
			}
		}
	}
	for i := 1; len(codes) < ownTargets; i++ {
		code := fmt.Sprintf("own_%d", i)
		if codes[code] {
			continue
		}
		codes[code] = true
		rows := [][2]string{{":label", fmt.Sprintf("自定指标%d", i)}, {":unit", "个"}, {":direction", "down"}}
		for k := range 4 {
			rows = append(rows, [2]string{strconv.Itoa(batch - 1 + k), fmt.Sprintf("%d.%d5", 10-k, i)})
		}
		for _, r := range rows {
			field, year := "target."+code, 0
			if y, err := strconv.Atoi(r[0]); err == nil {
				year = y
			} else {
				field += r[0]
			}
			o, err := cat.Observe(id, batch, field, year, r[1])
			if err != nil {
				t.Fatal(err)
			}
			obs = append(obs, o)
		}
	}
	return obs
}

// TestFillEveryCell: an application with all own-target rows used leaves no
// input cell blank, and each is typed as a person types it.
func TestFillEveryCell(t *testing.T) {
	g := Split(demoObs(t, demo.Options{Candidates: 1, Recognised: -1}))[0]
	g.Obs = withOwnTargets(t, g.Obs)
	b := fill(t, g)
	obs, probs := read(b)
	for _, p := range probs {
		t.Error(p)
	}
	sameObs(t, "with own targets", obs, g.Obs)

	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fm := newForm(clusterscope.DefaultCatalog(), Application, 2022)
	cells := 0
	for _, s := range fm.sheets {
		for i, l := range s.lines {
			r := s.row(i)
			var cols []int
			switch {
			case l.typ == lineOwn:
				cols = []int{colLabel, colUnit, colExtra, colNote}
				for j := range l.years {
					cols = append(cols, colValue+j)
				}
			case l.typ == lineMeta || (l.typ == lineValue && l.years == nil):
				cols = []int{colValue}
			case l.typ == lineValue:
				for j := range l.years {
					cols = append(cols, colValue+j)
				}
			}
			for _, c := range cols {
				cells++
				ref := cell(c, r)
				v, _ := f.GetCellValue(s.name, ref, excelize.Options{RawCellValue: true})
				typ, _ := f.GetCellType(s.name, ref)
				if v == "" {
					t.Errorf("%s!%s (%s) is blank", s.name, ref, l.code)
					continue
				}
				numeric := typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber
				k := l.kind
				if l.typ == lineOwn && c < colValue || c >= colExtra {
					k = clusterscope.KindText
				}
				if l.typ == lineMeta {
					k = map[string]clusterscope.Kind{codeClusterID: clusterscope.KindText}[l.code]
					if k == "" {
						k = clusterscope.KindCount
					}
				}
				if want := k.Numeric() || k == clusterscope.KindDate; numeric != want {
					t.Errorf("%s!%s (%s, %s): cell type %v, numeric %v", s.name, ref, l.code, k, typ, want)
				}
				if k == clusterscope.KindCheck && v != "是" && v != "否" {
					t.Errorf("%s!%s (%s): tick written as %q", s.name, ref, l.code, v)
				}
				if k == clusterscope.KindDate {
					id, _ := f.GetCellStyle(s.name, ref)
					st, _ := f.GetStyle(id)
					if st.CustomNumFmt == nil || !strings.HasPrefix(*st.CustomNumFmt, "yyyy") {
						t.Errorf("%s!%s (%s): date format %+v", s.name, ref, l.code, st.CustomNumFmt)
					}
				}
			}
		}
	}
	// one cell per observation, plus the cover's id and batch and the own targets' codes
	if want := len(g.Obs) + 2 + ownTargets; cells != want {
		t.Errorf("%d input cells, want %d", cells, want)
	}
}

// TestFillDates: a date keeps the precision it was given.
func TestFillDates(t *testing.T) {
	g := Split(demoObs(t, demo.Options{Candidates: 1, Recognised: -1}))[0]
	for i, o := range g.Obs {
		switch o.Field {
		case "founded_on":
			g.Obs[i].Text = "2015-06"
		case "submitted_on":
			g.Obs[i].Text = "2022"
		}
	}
	obs, probs := read(fill(t, g))
	for _, p := range probs {
		t.Error(p)
	}
	m := byKey(obs)
	if m["founded_on|0"].Text != "2015-06" || m["submitted_on|0"].Text != "2022" {
		t.Errorf("dates read back as %q and %q", m["founded_on|0"].Text, m["submitted_on|0"].Text)
	}
}

func TestFillFollowUp(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	fm := newForm(cat, FollowUp, 2023)
	var obs []clusterscope.Observation
	for _, l := range fm.sheet(actualsSheet).lines {
		if l.typ != lineValue {
			continue
		}
		v := fmt.Sprintf("%d.25", len(obs)+1)
		if l.kind == clusterscope.KindCount {
			v = strconv.Itoa(len(obs) + 1)
		}
		o, err := cat.Observe("GD-2023-0001", 2023, l.field, 2025, v)
		if err != nil {
			t.Fatal(err)
		}
		obs = append(obs, o)
	}
	var b bytes.Buffer
	if err := Fill(&b, FollowUp, 2023, obs); err != nil {
		t.Fatal(err)
	}
	got, probs := read(b.Bytes())
	for _, p := range probs {
		t.Error(p)
	}
	sameObs(t, "follow-up", got, obs)
	if len(obs) < 40 {
		t.Errorf("only %d actuals", len(obs))
	}
}

func TestFillRefuses(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	ob := func(id string, batch int, field string, year int, v string) clusterscope.Observation {
		o, err := cat.Observe(id, batch, field, year, v)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	app := ob("A", 2022, "output_total", 2021, "1")
	actual := ob("A", 2022, "rd_spend", 2023, "1")
	var six []clusterscope.Observation
	for i := range 6 {
		six = append(six, ob("A", 2022, fmt.Sprintf("target.own_%d", i), 2021, "1"))
	}
	for _, tc := range []struct {
		name  string
		kind  Kind
		batch int
		obs   []clusterscope.Observation
		msg   string
	}{
		{"nothing", Application, 2022, nil, "no observations"},
		{"bad kind", "report", 2022, []clusterscope.Observation{app}, "unknown kind"},
		{"bad batch", Application, 2019, []clusterscope.Observation{app}, "batch 2019"},
		{"two clusters", Application, 2022, []clusterscope.Observation{app, ob("B", 2022, "area_km2", 0, "1")}, "in one workbook"},
		{"other batch", Application, 2023, []clusterscope.Observation{app}, "in one workbook"},
		{"actual in an application", Application, 2022, []clusterscope.Observation{app, actual}, "report"},
		{"application in a follow-up", FollowUp, 2022, []clusterscope.Observation{actual, app}, "report"},
		{"text actual", FollowUp, 2022, []clusterscope.Observation{ob("A", 2022, "cluster_name", 2023, "甲")}, "no row"},
		{"six own targets", Application, 2022, six, "rows for 5 own targets"},
		{"twice", Application, 2022, []clusterscope.Observation{app, app}, "both go to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Fill(io.Discard, tc.kind, tc.batch, tc.obs)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %v, want an error with %q", err, tc.msg)
			}
		})
	}
}

// TestTemplateMerges: the reader's list of the template's merged ranges is
// the template's own, so that a merge by the user stands out.
func TestTemplateMerges(t *testing.T) {
	for _, kind := range []Kind{Application, FollowUp} {
		for _, batch := range []int{2022, 2024} {
			f := newTemplate(t, kind, batch)
			for _, s := range newForm(clusterscope.DefaultCatalog(), kind, batch).sheets {
				mcs, err := f.GetMergeCells(s.name, true)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]bool{}
				for _, mc := range mcs {
					got[mc[0]] = true
				}
				if want := s.merges(); !maps.Equal(got, want) {
					t.Errorf("%s %d %s: template merges %v, reader expects %v", kind, batch, s.name,
						slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
				}
			}
		}
	}
}

// BenchmarkFill: the demo command fills 15 of these.
func BenchmarkFill(b *testing.B) {
	g := Split(demoObs(b, demo.Options{Candidates: 1, Recognised: -1}))[0]
	for b.Loop() {
		if err := Fill(io.Discard, Application, 2022, g.Obs); err != nil {
			b.Fatal(err)
		}
	}
}
