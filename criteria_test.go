package clusterscope_test

import (
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse"
)

// TestDefaultRuleSetMirrorsSpec pins the embedded set to the spec's list of
// criteria, edge by edge.
func TestDefaultRuleSetMirrorsSpec(t *testing.T) {
	rs := warehouse.DefaultRuleSet()
	if rs.Ref() != "national-2022@2" || !strings.Contains(rs.Source, "工信部企业〔2022〕119号") {
		t.Errorf("set %s source %q", rs.Ref(), rs.Source)
	}
	want := []struct {
		id        string
		cmp       clusterscope.Comparison
		years     clusterscope.Years
		part      int
		threshold float64
		severity  clusterscope.Outcome
		naOK, off bool
	}{
		{"not_restricted_industry", "all_yes", "base", 0, 0, clusterscope.Fail, false, false},
		{"no_major_incidents", "all_yes", "base", 0, 0, clusterscope.Fail, false, false},
		{"no_tax_or_credit_violations", "all_yes", "base", 0, 0, clusterscope.Fail, false, false},
		{"energy_efficiency", "all_yes", "base", 0, 0, clusterscope.Fail, true, false},
		{"water_efficiency", "all_yes", "base", 0, 0, clusterscope.Fail, true, false},
		{"area", "<=", "base", 0, 100, clusterscope.Warn, false, false},
		{"output_3y", ">=", "each_of_3", 1, 40, clusterscope.Fail, false, false},
		{"sme_output_share", ">=", "base", 1, 70, clusterscope.Fail, false, false},
		{"leading_output_share", ">", "base", 1, 70, clusterscope.Fail, false, false},
		{"leading_output_cagr", ">", "base", 1, 10, clusterscope.Fail, false, false},
		{"quality_enterprises", "any_of", "base", 2, 0, clusterscope.Fail, false, false},
		{"part3_supply_chain", "expert", "base", 3, 0, clusterscope.Fail, false, false},
		{"part4_innovation", "expert", "base", 4, 0, clusterscope.Fail, false, false},
		// parts 四 and 五's bounds: the national figures were not published
		{"rd_growth_3y", ">", "growth_of_3", 4, 0, clusterscope.Fail, false, true},
		{"part5_digital", "expert", "base", 5, 0, clusterscope.Fail, false, false},
		{"iip_penetration", ">=", "base", 5, 0, clusterscope.Fail, false, true},
		{"part6_green", "expert", "base", 6, 0, clusterscope.Fail, false, false},
		{"part7_open", "expert", "base", 7, 0, clusterscope.Fail, false, false},
		{"part8_governance", "expert", "base", 8, 0, clusterscope.Fail, false, false},
	}
	if len(rs.Criteria) != len(want) {
		t.Fatalf("%d criteria, want %d", len(rs.Criteria), len(want))
	}
	parts := map[int]bool{}
	for i, w := range want {
		c := rs.Criteria[i]
		if c.ID != w.id || c.Comparison != w.cmp || c.Years != w.years || c.Part != w.part || c.Threshold != w.threshold ||
			c.Severity != w.severity || c.NAOK != w.naOK || c.Off != w.off || c.Wording == "" || c.Source == "" {
			t.Errorf("criterion %d: got %+v, want %+v", i, c, w)
		}
		parts[c.Part] = true
	}
	for p := 1; p <= 8; p++ {
		if !parts[p] {
			t.Errorf("part %d of the standard is not shown", p)
		}
	}
	// 认定标准 二 in the standard's words: 主导产业的 …，或者 … 和 …
	if w := rs.Criteria[10].Wording; w != "拥有不少于1家主导产业的制造业单项冠军企业或专精特新“小巨人”企业，或者不少于10家专精特新中小企业、创新型中小企业和国家级高新技术企业" {
		t.Errorf("part 二 reads %q", w)
	}
	q := rs.Criteria[10].Options
	if len(q) != 2 || q[0].Threshold != 1 || q[1].Threshold != 10 ||
		strings.Join(q[1].Fields, "+") != "srdi_smes+hightech_innovative_smes" {
		t.Errorf("quality_enterprises options: %+v", q)
	}
}

func TestCriteria(t *testing.T) {
	P, W, F, M := clusterscope.Pass, clusterscope.Warn, clusterscope.Fail, clusterscope.Missing
	cases := []struct {
		name      string
		edits     []row
		criterion string
		want      clusterscope.Outcome
		reason    string // a part of the reason
	}{
		{"SMEShareExactly70Passes", []row{{"sme_output_share", 2021, "70"}}, "sme_output_share", P, "中小企业产值占比 70.00%，不低于 70%"},
		{"SMEShareJustBelow70Fails", []row{{"sme_output_share", 2021, "69.99"}}, "sme_output_share", F, "69.99%，低于 70%"},
		{"SMEShareJudgedOn2021Only", []row{{"sme_output_share", 2019, "50"}, {"sme_output_share", 2021, "71"}}, "sme_output_share", P, "71.00%"},
		{"SMEShareMissing", []row{{"sme_output_share", 2021, ""}}, "sme_output_share", M, "缺少"},
		{"LeadingShareExactly70Fails", []row{{"leading_output_share", 2021, "70"}}, "leading_output_share", F, "主导产业占比 70.00%，未高于 70%"},
		{"LeadingShareJustAbove70Passes", []row{{"leading_output_share", 2021, "70.01"}}, "leading_output_share", P, "高于 70%"},
		{"OutputExactly40Passes", []row{{"output_total", 2019, "40.00"}}, "output_3y", P, "40.00、48.00、52.10 亿元，均不低于 40 亿元"},
		{"OutputOneYearBelow40Fails", []row{{"output_total", 2019, "35.52"}}, "output_3y", F, "2019 年集群总产值 35.52 亿元，低于 40 亿元"},
		{"OutputMissingYearIsMissing", []row{{"output_total", 2020, ""}}, "output_3y", M, "缺少 2020 年集群总产值数据"},
		{"OutputFailingYearDecidesDespiteGap", []row{{"output_total", 2020, ""}, {"output_total", 2021, "39.99"}}, "output_3y", F, "2021 年集群总产值 39.99 亿元"},
		{"GrowthExactly10Fails", []row{{"leading_output_cagr_3y", 0, "10"}}, "leading_output_cagr", F, "10.00%，未高于 10%"},
		{"GrowthJustAbove10Passes", []row{{"leading_output_cagr_3y", 0, "10.01"}}, "leading_output_cagr", P, "高于 10%"},
		{"GrowthMissing", []row{{"leading_output_cagr_3y", 0, ""}}, "leading_output_cagr", M, "缺少"},
		{"AreaExactly100Passes", []row{{"area_km2", 0, "100"}}, "area", P, "100.00 平方公里，不超过 100 平方公里"},
		{"AreaAbove100OnlyWarns", []row{{"area_km2", 0, "100.5"}}, "area", W, "超过 100 平方公里（一般性要求，仅作警告）"},
		{"AreaMissing", []row{{"area_km2", 0, ""}}, "area", M, "缺少集群占地面积数据"},
		{"ComplianceNoFails", []row{{"no_major_incidents", 0, "否"}}, "no_major_incidents", F, "填报「否」"},
		{"ComplianceBlankIsMissing", []row{{"not_restricted_industry", 0, ""}}, "not_restricted_industry", M, "未填报"},
		{"NotApplicableAllowed", []row{{"water_efficiency_above_benchmark", 0, "不适用"}}, "water_efficiency", P, "不涉及"},
		{"EfficiencyNoFails", []row{{"energy_efficiency_above_benchmark", 0, "否"}}, "energy_efficiency", F, "填报「否」"},
		{"OneLittleGiantSuffices", []row{{"srdi_smes", 2021, "0"}, {"hightech_innovative_smes", 2021, "0"}}, "quality_enterprises", P, "合计 1 个，不少于 1 个"},
		{"OneChampionSuffices", []row{{"little_giants", 2021, "0"}, {"single_champions", 2021, "1"}, {"srdi_smes", 2021, "0"}}, "quality_enterprises", P, "合计 1 个"},
		{"TenByTheSumPasses", []row{{"little_giants", 2021, "0"}, {"srdi_smes", 2021, "6"}, {"hightech_innovative_smes", 2021, "4"}}, "quality_enterprises", P, "合计 10 个，不少于 10 个"},
		{"NineByTheSumFails", []row{{"little_giants", 2021, "0"}, {"srdi_smes", 2021, "9"}, {"hightech_innovative_smes", 2021, "0"}}, "quality_enterprises", F, "合计 0 个，少于 1 个；"},
		{"CountsMissingUndecided", []row{{"little_giants", 2021, ""}, {"srdi_smes", 2021, "3"}, {"hightech_innovative_smes", 2021, "2"}}, "quality_enterprises", M, "缺少专精特新“小巨人”企业数量数据"},
		{"PartialCountAlreadyEnough", []row{{"single_champions", 2021, ""}, {"srdi_smes", 2021, ""}}, "quality_enterprises", P, "合计 1 个"},
	}
	rs := warehouse.DefaultRuleSet()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got *clusterscope.CriterionResult
			results := rs.Assess(application(t, "A", c.edits...))
			for i := range results {
				if results[i].Criterion == c.criterion {
					got = &results[i]
				}
			}
			if got == nil {
				t.Fatalf("no result for %s", c.criterion)
			}
			if got.Outcome != c.want || !strings.Contains(zh(got.Reason), c.reason) {
				t.Errorf("got %s 「%s」, want %s with 「%s」", got.Outcome, zh(got.Reason), c.want, c.reason)
			}
			if got.RuleSet != "national-2022@2" || got.Wording == "" {
				t.Errorf("result does not say what judged it: %+v", got)
			}
		})
	}
}

func TestCriterionValuesAndThreshold(t *testing.T) {
	r := warehouse.DefaultRuleSet().Assess(application(t, "A"))[6] // output_3y
	if r.Criterion != "output_3y" || len(r.Values) != 3 || r.Values[0].Year != 2019 || *r.Values[2].Num != 52.1 {
		t.Errorf("values: %+v", r.Values)
	}
	if r.Threshold != 40 || r.Comparison != ">=" || zh(clusterscope.Messages{r.Expect}) != "2019–2021 年集群总产值均 ≥ 40 亿元" {
		t.Errorf("threshold %v %s %q", r.Threshold, r.Comparison, r.Expect)
	}
}

// westTOML is what an administrator might load for 西部地区可适当放宽.
const westTOML = `
id = "west-2022"
name = "中小企业特色产业集群认定标准（西部地区放宽）"
version = "1"
source = "省级文件（示例）"

[scope]
batches = [2022]
regions = ["宁夏回族自治区", "甘肃省"]

[[criterion]]
id = "output_3y"
wording = "近三年产值均在20亿元以上"
field = "output_total"
comparison = ">="
threshold = 20
years = "each_of_3"
`

func TestSecondRuleSetChangesResult(t *testing.T) {
	west, err := warehouse.ParseRuleSet("west.toml", []byte(westTOML))
	if err != nil {
		t.Fatal(err)
	}
	d := application(t, "NX-1", row{"output_total", 2019, "35.52"})
	national := warehouse.DefaultRuleSet()
	if r := national.Assess(d)[6]; r.Outcome != clusterscope.Fail {
		t.Errorf("national: %s %s", r.Outcome, zh(r.Reason))
	}
	r := west.Assess(d)[0]
	if r.Outcome != clusterscope.Pass || r.RuleSet != "west-2022@1" || r.Source != "省级文件（示例）" {
		t.Errorf("west: %+v", r)
	}
	sets := []*clusterscope.RuleSet{national, west}
	if got := clusterscope.SelectRuleSet(sets, d.Cluster); got != west {
		t.Errorf("宁夏 2022 judged by %s, want west-2022", got.ID)
	}
	zj := clusterscope.Cluster{ID: "ZJ-1", Batch: 2022, Province: "浙江省"}
	if got := clusterscope.SelectRuleSet(sets, zj); got != national {
		t.Errorf("浙江 judged by %s, want national", got.ID)
	}
	later := clusterscope.Cluster{ID: "NX-2", Batch: 2023, Province: "宁夏回族自治区"}
	if got := clusterscope.SelectRuleSet(sets, later); got != national {
		t.Errorf("batch 2023 judged by %s: west is for 2022 only", got.ID)
	}
	if got := clusterscope.SelectRuleSet([]*clusterscope.RuleSet{west}, zj); got != nil {
		t.Errorf("no set applies to 浙江, got %s", got.ID)
	}
}

// TestExpertAndUnsetCriteria: parts 三–八's qualitative items and the two
// unset bounds are shown as 专家评审, decide nothing, and show the figure.
func TestExpertAndUnsetCriteria(t *testing.T) {
	rs := warehouse.DefaultRuleSet()
	d := application(t, "A", row{"rd_growth", 2019, "10"}, row{"rd_growth", 2020, "21"}, row{"rd_growth", 2021, "-5"})
	got := map[string]clusterscope.CriterionResult{}
	for _, r := range rs.Assess(d) {
		got[r.Criterion] = r
	}
	for id, want := range map[string]string{
		"part3_supply_chain": "定性要求，由专家评审（认定标准第三部分）",
		"part8_governance":   "定性要求，由专家评审（认定标准第八部分）",
		// (1.10 × 1.21 × 0.95)^(1/3) − 1 = 8.14 %
		"rd_growth_3y":    "数值标准未设定（全国标准未公布该数值，管理员设定后按数值判定），由专家评审；2019–2021 年集群研发经费增速年均 8.14%（各年 10.00、21.00、-5.00%，复合计算）",
		"iip_penetration": "由专家评审；集群工业互联网平台应用普及率 38.50%",
	} {
		r := got[id]
		if r.Outcome != clusterscope.Review || !strings.Contains(zh(r.Reason), want) {
			t.Errorf("%s: %s 「%s」, want 专家评审 with 「%s」", id, r.Outcome, zh(r.Reason), want)
		}
	}
	if o := clusterscope.Overall(rs.Assess(d)); o != clusterscope.Pass {
		t.Errorf("专家评审 items decided the verdict: %s", o)
	}
	if r := got["iip_penetration"]; r.Outcome.Label() != "专家评审" {
		t.Errorf("label %q", r.Outcome.Label())
	}
}

// TestGrowthOf3OnceSet: an administrator who sets part 四's figure gets it
// judged on the compound mean of the three yearly rates, 高于 excluding it.
func TestGrowthOf3OnceSet(t *testing.T) {
	set := strings.Replace(string(westTOML), `field = "output_total"
comparison = ">="
threshold = 20
years = "each_of_3"`, `field = "rd_growth"
comparison = ">"
threshold = 10
years = "growth_of_3"`, 1)
	rs, err := warehouse.ParseRuleSet("rd.toml", []byte(set))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		g1, g2, g3 string
		want       clusterscope.Outcome
		reason     string
	}{
		{"Exactly10Fails", "10", "10", "10", clusterscope.Fail, "年均 10.00%（各年 10.00、10.00、10.00%，复合计算），未高于 10%"},
		{"MeanAbove10Passes", "5", "10", "16", clusterscope.Pass, "年均 10.24%"},
		// the arithmetic mean is 10.33 %, the compound one 9.33 %
		{"CompoundNotArithmetic", "-10", "20", "21", clusterscope.Fail, "年均 9.33%"},
		{"YearMissing", "10", "", "10", clusterscope.Missing, "缺少 2020 年集群研发经费增速数据"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rs.Assess(application(t, "A", row{"rd_growth", 2019, c.g1}, row{"rd_growth", 2020, c.g2}, row{"rd_growth", 2021, c.g3}))[0]
			if r.Outcome != c.want || !strings.Contains(zh(r.Reason), c.reason) {
				t.Errorf("got %s 「%s」, want %s with 「%s」", r.Outcome, zh(r.Reason), c.want, c.reason)
			}
		})
	}
}
