package clusterscope_test

import (
	"testing"

	"clusterscope"
	"clusterscope/warehouse"
)

// row is one row of the interchange format for the fixture; in edits, an
// empty value removes the row.
type row struct {
	field string
	year  int
	value string
}

// goodApplication passes every national criterion and every target rule:
// the fixture each test edits to make one point.
var goodApplication = []row{
	{"cluster_name", 0, "中卫市沙坡头区枸杞中小企业特色产业集群（枸杞产业）"},
	{"province", 0, "宁夏回族自治区"}, {"city", 0, "中卫市"}, {"county", 0, "沙坡头区"},
	{"leading_industry", 0, "枸杞"}, {"operator", 0, "沙坡头区枸杞产业园管委会"},
	{"area_km2", 0, "50"},
	{"not_restricted_industry", 0, "是"}, {"no_major_incidents", 0, "是"},
	{"no_tax_or_credit_violations", 0, "是"},
	{"energy_efficiency_above_benchmark", 0, "不涉及"}, {"water_efficiency_above_benchmark", 0, "是"},
	{"provincial_cluster", 0, "否"},
	{"output_total", 2019, "45.20"}, {"output_total", 2020, "48.00"}, {"output_total", 2021, "52.10"},
	{"sme_output_share", 2021, "85"}, {"leading_output_share", 2021, "78"},
	{"leading_output_cagr_3y", 0, "12.5"},
	{"little_giants", 2021, "1"}, {"single_champions", 2021, "0"},
	{"srdi_smes", 2021, "8"}, {"hightech_innovative_smes", 2021, "5"},
	{"rd_intensity", 2021, "2.1"}, {"cloud_adoption", 0, "40"}, {"iip_penetration", 0, "38.5"},
	{"co2_per_output", 2021, "0.8"},
	{"target.output_total", 2021, "52.10"}, {"target.output_total", 2022, "57.40"},
	{"target.output_total", 2023, "63.20"}, {"target.output_total", 2024, "70.00"},
	{"target.quality_smes", 2021, "20"}, {"target.quality_smes", 2022, "24"},
	{"target.quality_smes", 2023, "28"}, {"target.quality_smes", 2024, "32"},
	{"target.rd_spend", 2021, "1.50"}, {"target.rd_spend", 2024, "2.00"},
	{"target.invention_patents", 2021, "100"}, {"target.invention_patents", 2024, "160"},
	{"target.iip_penetration", 2021, "38.5"}, {"target.iip_penetration", 2024, "46"},
	{"target.co2_emissions", 2021, "100"}, {"target.co2_emissions", 2024, "80"},
	{"target.energy_per_output", 2021, "0.50"}, {"target.energy_per_output", 2024, "0.43"},
	{"target.open_cooperation_goal", 0, "与中亚枸杞产区建立稳定合作"},
	{"target.governance_goal", 0, "建成集群公共服务平台"},
}

// application builds the fixture for cluster id, with edits applied.
func application(t testing.TB, id string, edits ...row) *clusterscope.ClusterData {
	t.Helper()
	type key struct {
		field string
		year  int
	}
	var order []key
	vals := map[key]string{}
	for _, r := range append(append([]row{}, goodApplication...), edits...) {
		k := key{r.field, r.year}
		if _, ok := vals[k]; !ok {
			order = append(order, k)
		}
		vals[k] = r.value
	}
	cat := clusterscope.DefaultCatalog()
	var obs []clusterscope.Observation
	for _, k := range order {
		if vals[k] == "" {
			continue
		}
		o, err := cat.Observe(id, 2022, k.field, k.year, vals[k])
		if err != nil {
			t.Fatalf("fixture row %s %d %q: %v", k.field, k.year, vals[k], err)
		}
		obs = append(obs, o)
	}
	return clusterscope.NewClusterData(clusterscope.Cluster{ID: id, Batch: 2022}, obs)
}

func TestNewClusterData(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	d := application(t, "NX-ZW-001", row{"target.goji_exports:label", 0, "枸杞出口额"},
		row{"target.goji_exports", 2021, "3"}, row{"target.goji_exports", 2024, "5"})
	// A follow-up actual and another cluster's row must not leak in.
	actual, _ := cat.Observe("NX-ZW-001", 2022, "output_total", 2023, "99")
	other, _ := cat.Observe("NX-ZW-002", 2022, "area_km2", 0, "999")
	obs := []clusterscope.Observation{actual, other}
	d2 := clusterscope.NewClusterData(clusterscope.Cluster{ID: "NX-ZW-001", Batch: 2022}, obs)

	if d.Cluster.City != "中卫市" || d.Cluster.LeadingIndustry != "枸杞" || d.Base() != 2021 {
		t.Errorf("cover page not taken: %+v", d.Cluster)
	}
	if v, ok := d.Num("output_total", 2019); !ok || v != 45.2 {
		t.Errorf("output_total 2019 = %v %v", v, ok)
	}
	if v, ok := d.Num("leading_output_cagr_3y", 2021); !ok || v != 12.5 {
		t.Errorf("single-value field is as of 2021: %v %v", v, ok)
	}
	if v, ok := d.Text("no_major_incidents"); !ok || v != "是" {
		t.Errorf("Text = %q %v", v, ok)
	}
	tg := d.Target("output_total")
	if tg == nil || *tg.Baseline != 52.1 || *tg.Final() != 70 || *tg.Values[0] != 57.4 || tg.Own {
		t.Errorf("target output_total: %+v", tg)
	}
	own := d.Target("goji_exports")
	if own == nil || !own.Own || own.Label != "枸杞出口额" || own.Better() != +1 {
		t.Errorf("own target: %+v", own)
	}
	if codes := d.TargetCodes(); codes[0] != "output_total" || codes[len(codes)-1] != "goji_exports" {
		t.Errorf("target order: %v", codes)
	}
	if _, ok := d2.Num("output_total", 2023); ok {
		t.Error("a follow-up actual leaked into the application")
	}
	if _, ok := d2.Num("area_km2", 2021); ok {
		t.Error("another cluster's row leaked in")
	}
}

func TestOverall(t *testing.T) {
	r := func(os ...clusterscope.Outcome) []clusterscope.CriterionResult {
		var out []clusterscope.CriterionResult
		for _, o := range os {
			out = append(out, clusterscope.CriterionResult{Outcome: o})
		}
		return out
	}
	P, W, F, M := clusterscope.Pass, clusterscope.Warn, clusterscope.Fail, clusterscope.Missing
	cases := []struct {
		name string
		in   []clusterscope.CriterionResult
		want clusterscope.Outcome
	}{
		{"AllPass", r(P, P), P},
		{"WarnOnly", r(P, W), W},
		{"MissingOverWarn", r(W, M), M},
		{"FailOverMissing", r(M, F, W), F},
		{"Empty", nil, P},
		{"ReviewDecidesNothing", r(clusterscope.Review, P), P},
		{"ReviewUnderWarn", r(clusterscope.Review, W), W},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := clusterscope.Overall(c.in); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestAssessClusterRecordsRuleSet(t *testing.T) {
	a := clusterscope.AssessCluster(warehouse.DefaultRuleSet(), application(t, "A"))
	if a.RuleSet != "national-2022@2" || a.Outcome != clusterscope.Pass || a.ClusterID != "A" {
		t.Errorf("assessment: set %s outcome %s id %s", a.RuleSet, a.Outcome, a.ClusterID)
	}
	// the good application passes all but what the experts judge: parts
	// 三–八's items and the bounds whose figure is not set
	review := map[string]bool{"part3_supply_chain": true, "part4_innovation": true, "rd_growth_3y": true, "part5_digital": true,
		"iip_penetration": true, "part6_green": true, "part7_open": true, "part8_governance": true}
	for _, r := range a.Criteria {
		want := clusterscope.Pass
		if review[r.Criterion] {
			want = clusterscope.Review
		}
		if r.Outcome != want || r.RuleSet != "national-2022@2" {
			t.Errorf("%s: %s %s (%s), want %s", r.Criterion, r.Outcome, zh(r.Reason), r.RuleSet, want)
		}
	}
	for _, r := range a.Targets {
		want := clusterscope.Pass
		if r.Code == "iip_penetration" && r.Rule == clusterscope.RuleBaselineStandard {
			want = clusterscope.Review
		}
		if r.Outcome != want {
			t.Errorf("target %s %s: %s %s, want %s", r.Code, r.Rule, r.Outcome, zh(r.Reason), want)
		}
	}
}
