package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"clusterscope"
)

// row is one parsed line of the long CSV.
type row struct {
	id    string
	batch int
	field string
	year  int
	value string
}

// cluster gathers one cluster's rows by field and year.
type cluster struct {
	id     string
	batch  int
	values map[string]string // "field|year" → value
	rows   []row
}

func (c *cluster) get(field string, year int) (string, bool) {
	v, ok := c.values[field+"|"+strconv.Itoa(year)]
	return v, ok
}

func (c *cluster) num(t *testing.T, field string, year int) float64 {
	t.Helper()
	v, ok := c.get(field, year)
	if !ok {
		t.Fatalf("%s: no %s for %d", c.id, field, year)
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("%s: %s %d: %v", c.id, field, year, err)
	}
	return f
}

func (c *cluster) candidate() bool { return candidateID.MatchString(c.id) }

var (
	candidateID  = regexp.MustCompile(`^NX-(YC|SZS|WZ|GY|ZW|ND)-\d{3}$`)
	recognisedID = regexp.MustCompile(`^[A-Z]{2}-(2022|2023|2024)-\d{4}$`)
)

func generate(t testing.TB, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parse(t testing.TB, data []byte) []row {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Fatal("no UTF-8 BOM")
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	r.FieldsPerRecord = 5
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "cluster_id,batch,field,year,value" {
		t.Fatalf("header %q", got)
	}
	rows := make([]row, 0, len(recs)-1)
	for i, rec := range recs[1:] {
		batch, err := strconv.Atoi(rec[1])
		if err != nil {
			t.Fatalf("line %d: batch %q", i+2, rec[1])
		}
		year := 0
		if rec[3] != "" {
			if year, err = strconv.Atoi(rec[3]); err != nil {
				t.Fatalf("line %d: year %q", i+2, rec[3])
			}
		}
		rows = append(rows, row{rec[0], batch, rec[2], year, rec[4]})
	}
	return rows
}

func group(t testing.TB, rows []row) []*cluster {
	t.Helper()
	var cs []*cluster
	byID := map[string]*cluster{}
	for _, r := range rows {
		c := byID[r.id]
		if c == nil {
			c = &cluster{id: r.id, batch: r.batch, values: map[string]string{}}
			byID[r.id] = c
			cs = append(cs, c)
		}
		if c.batch != r.batch {
			t.Fatalf("%s appears with batches %d and %d", r.id, c.batch, r.batch)
		}
		key := r.field + "|" + strconv.Itoa(r.year)
		if _, dup := c.values[key]; dup {
			t.Fatalf("%s: duplicate row %s %d", r.id, r.field, r.year)
		}
		c.values[key] = r.value
		c.rows = append(c.rows, r)
	}
	return cs
}

var (
	defaultOnce sync.Once
	defaultRows []row
	defaultCs   []*cluster
)

// defaults is the data set at default options, parsed once for all tests.
func defaults(t *testing.T) ([]row, []*cluster) {
	t.Helper()
	defaultOnce.Do(func() {
		defaultRows = parse(t, generate(t, Options{}))
		defaultCs = group(t, defaultRows)
	})
	return defaultRows, defaultCs
}

func TestEveryRowPassesObserve(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	rows, _ := defaults(t)
	more := parse(t, generate(t, Options{Seed: 5, Candidates: 40, Recognised: 120}))
	for _, set := range [][]row{rows, more} {
		for i, r := range set {
			if _, err := cat.Observe(r.id, r.batch, r.field, r.year, r.value); err != nil {
				t.Fatalf("row %d %+v: %v", i+2, r, err)
			}
		}
	}
}

func TestEveryFieldPresentForEveryCluster(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	_, cs := defaults(t)
	for _, c := range cs {
		for _, f := range cat.Fields {
			years := []int{0}
			if f.Yearly {
				years = []int{c.batch - 3, c.batch - 2, c.batch - 1}
			}
			for _, y := range years {
				v, ok := c.get(f.Code, y)
				if !ok || (f.Required && strings.TrimSpace(v) == "") {
					t.Fatalf("%s (batch %d): field %s year %d missing or empty", c.id, c.batch, f.Code, y)
				}
			}
		}
		for _, tg := range cat.Targets {
			if tg.Rule == clusterscope.RuleQualitative {
				if _, ok := c.get("target."+tg.Code, 0); !ok {
					t.Fatalf("%s: no qualitative target %s", c.id, tg.Code)
				}
				continue
			}
			for y := c.batch - 1; y <= c.batch+2; y++ {
				if _, ok := c.get("target."+tg.Code, y); !ok {
					t.Fatalf("%s: no target %s for %d", c.id, tg.Code, y)
				}
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	opt := Options{Recognised: 60}
	a, b := generate(t, opt), generate(t, opt)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same options differ")
	}
	opt.Seed = 7
	if bytes.Equal(a, generate(t, opt)) {
		t.Fatal("a different seed gives the same data")
	}
}

func TestClusterCountsAndProvinces(t *testing.T) {
	_, cs := defaults(t)
	provinceNames := map[string]bool{}
	for _, r := range readRows(provincesCSV) {
		provinceNames[r[1]] = true
	}
	var cand int
	perBatch := map[int]int{}
	covered := map[string]bool{}
	for _, c := range cs {
		prov, _ := c.get("province", 0)
		switch {
		case c.candidate():
			cand++
			if c.batch != 2022 || prov != "宁夏回族自治区" {
				t.Errorf("candidate %s: batch %d, province %s", c.id, c.batch, prov)
			}
		case recognisedID.MatchString(c.id):
			perBatch[c.batch]++
			covered[prov] = true
			if !provinceNames[prov] {
				t.Errorf("%s: unknown province %q", c.id, prov)
			}
			if !strings.Contains(c.id, fmt.Sprint(c.batch)) {
				t.Errorf("%s: id does not carry batch %d", c.id, c.batch)
			}
		default:
			t.Errorf("unexpected cluster id %q", c.id)
		}
	}
	if cand != 15 || len(cs)-cand != 300 {
		t.Errorf("got %d candidates and %d recognised, want 15 and 300", cand, len(cs)-cand)
	}
	for b := 2022; b <= 2024; b++ {
		if perBatch[b] != 100 {
			t.Errorf("batch %d has %d recognised clusters, want 100", b, perBatch[b])
		}
	}
	if len(covered) != 31 {
		t.Errorf("recognised clusters cover %d provinces, want 31", len(covered))
	}
	small := group(t, parse(t, generate(t, Options{Candidates: 4, Recognised: 40})))
	if len(small) != 44 {
		t.Errorf("Candidates 4, Recognised 40 gave %d clusters", len(small))
	}
}

// TestPlacesAreReal checks every province, city and county against the
// GB/T 2260 lists; 宁东能源化工基地 is the one allowed development zone.
func TestPlacesAreReal(t *testing.T) {
	_, cs := defaults(t)
	provCode := map[string]string{}
	for _, r := range readRows(provincesCSV) {
		provCode[r[1]] = r[0]
	}
	cityOK := map[string]bool{} // province code + city name
	for _, r := range readRows(citiesCSV) {
		cityOK[r[2]+r[1]] = true
	}
	countyOK := map[string]bool{} // province code + county name
	for _, r := range readRows(areasCSV) {
		countyOK[r[3]+r[1]] = true
	}
	for _, c := range cs {
		prov, _ := c.get("province", 0)
		city, _ := c.get("city", 0)
		county, _ := c.get("county", 0)
		pc := provCode[prov]
		if pc == "" || !(cityOK[pc+city] || city == prov) {
			t.Errorf("%s: %s %s is not a GB/T 2260 city", c.id, prov, city)
		}
		if !countyOK[pc+county] && !(county == ningdong && city == "银川市") {
			t.Errorf("%s: %s %s is not a GB/T 2260 county", c.id, prov, county)
		}
		name, _ := c.get("cluster_name", 0)
		ind, _ := c.get("leading_industry", 0)
		if !strings.HasSuffix(name, "中小企业特色产业集群（"+ind+"产业）") {
			t.Errorf("%s: name %q is not in the form's pattern", c.id, name)
		}
	}
}

// criteriaFailed lists the recognition criteria of the spec a cluster misses.
func criteriaFailed(t *testing.T, c *cluster) []string {
	var failed []string
	b := c.batch
	for y := b - 3; y < b; y++ {
		if c.num(t, "output_total", y) < 40 {
			failed = append(failed, "output")
			break
		}
	}
	if c.num(t, "sme_output_share", b-1) < 70 {
		failed = append(failed, "sme_share")
	}
	if c.num(t, "leading_output_share", b-1) <= 70 {
		failed = append(failed, "leading_share")
	}
	if c.num(t, "leading_output_cagr_3y", 0) <= 10 {
		failed = append(failed, "growth")
	}
	if c.num(t, "little_giants", b-1)+c.num(t, "single_champions", b-1) < 1 &&
		c.num(t, "srdi_smes", b-1) < 10 && c.num(t, "hightech_innovative_smes", b-1) < 10 {
		failed = append(failed, "quality")
	}
	for _, f := range []string{"not_restricted_industry", "no_major_incidents", "no_tax_or_credit_violations",
		"energy_efficiency_above_benchmark", "water_efficiency_above_benchmark"} {
		if v, _ := c.get(f, 0); v == "否" {
			failed = append(failed, "compliance")
			break
		}
	}
	return failed
}

func TestRecognitionCriteria(t *testing.T) {
	_, cs := defaults(t)
	failing, outputFails := 0, 0
	for _, c := range cs {
		failed := criteriaFailed(t, c)
		if !c.candidate() {
			if len(failed) > 0 {
				t.Errorf("recognised %s misses %v", c.id, failed)
			}
			continue
		}
		if len(failed) > 0 {
			failing++
		}
		for _, f := range failed {
			if f == "output" {
				outputFails++
			}
		}
	}
	if failing != 5 {
		t.Errorf("%d of 15 candidates miss a criterion, want a third (5)", failing)
	}
	if outputFails == 0 {
		t.Error("no candidate misses 近三年产值均在40亿元以上")
	}
}

func TestTargets(t *testing.T) {
	_, cs := defaults(t)
	breaksA := 0
	for _, c := range cs {
		b := c.batch
		// Baselines are the application's own figures where it has them.
		if c.num(t, "target.output_total", b-1) != c.num(t, "output_total", b-1) {
			t.Errorf("%s: output_total baseline differs from the application", c.id)
		}
		if c.num(t, "target.iip_penetration", b-1) != c.num(t, "iip_penetration", 0) {
			t.Errorf("%s: iip_penetration baseline differs from the application", c.id)
		}
		base, final := c.num(t, "target.output_total", b-1), c.num(t, "target.output_total", b+2)
		if math.Pow(final/base, 1.0/3)-1 < 0.10 {
			breaksA++
		}
	}
	if breaksA == 0 {
		t.Error("no output_total target breaks rule a (CAGR ≥ 10 %)")
	}
}

func TestSMEsNeverOutnumberEnterprises(t *testing.T) {
	rows, cs := defaults(t)
	n := 0
	for _, c := range cs {
		for _, r := range c.rows {
			if r.field != "enterprises" {
				continue
			}
			sme := c.num(t, "sme_enterprises", r.year)
			if ent := c.num(t, "enterprises", r.year); sme > ent {
				t.Errorf("%s %d: %v SMEs of %v enterprises", c.id, r.year, sme, ent)
			}
			n++
		}
	}
	if n < len(cs)*3 || len(rows) == 0 {
		t.Errorf("only %d enterprise counts checked", n)
	}
}

func TestFollowUpActuals(t *testing.T) {
	_, cs := defaults(t)
	missing, behind := 0, 0
	for _, c := range cs {
		years := 0
		for y := c.batch; y <= lastReportYear; y++ {
			if _, ok := c.get("output_total", y); !ok {
				continue
			}
			years++
			for _, code := range actualCodes {
				if _, ok := c.get(code, y); !ok {
					t.Errorf("%s: report %d lacks %s", c.id, y, code)
				}
			}
			if y <= c.batch+2 && c.num(t, "output_total", y) < 0.95*c.num(t, "target.output_total", y) {
				behind++
			}
		}
		switch {
		case c.candidate() && years > 0:
			t.Errorf("candidate %s has follow-up actuals", c.id)
		case !c.candidate() && years < lastReportYear-c.batch+1:
			missing++
		}
	}
	if missing == 0 || missing > len(cs)/5 {
		t.Errorf("%d recognised clusters miss a follow-up year, want a few", missing)
	}
	if behind == 0 {
		t.Error("no actual falls behind its target path")
	}
}

// countWriter counts lines, for the benchmark's rows/s.
type countWriter struct{ lines int }

func (w *countWriter) Write(p []byte) (int, error) {
	w.lines += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}

func BenchmarkWrite(b *testing.B) {
	for _, bc := range []struct {
		name string
		opt  Options
	}{{"default", Options{}}, {"recognised10000", Options{Recognised: 10000}}} {
		b.Run(bc.name, func(b *testing.B) {
			var w countWriter
			if err := Write(&w, bc.opt); err != nil {
				b.Fatal(err)
			}
			rows := float64(w.lines - 1) // less the header
			for b.Loop() {
				if err := Write(io.Discard, bc.opt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(rows, "rows/op")
			b.ReportMetric(rows*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
