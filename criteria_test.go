package clusterscope_test

import (
	"strings"
	"testing"

	"clusterscope"
)

// TestDefaultRuleSetMirrorsSpec pins the embedded set to the spec's list of
// criteria, edge by edge.
func TestDefaultRuleSetMirrorsSpec(t *testing.T) {
	rs := clusterscope.DefaultRuleSet()
	if rs.Ref() != "national-2022@1" || !strings.Contains(rs.Source, "工信部企业〔2022〕119号") {
		t.Errorf("set %s source %q", rs.Ref(), rs.Source)
	}
	want := []struct {
		id, cmp, years string
		threshold      float64
		severity       clusterscope.Outcome
		naOK           bool
	}{
		{"not_restricted_industry", "all_yes", "base", 0, clusterscope.Fail, false},
		{"no_major_incidents", "all_yes", "base", 0, clusterscope.Fail, false},
		{"no_tax_or_credit_violations", "all_yes", "base", 0, clusterscope.Fail, false},
		{"energy_efficiency", "all_yes", "base", 0, clusterscope.Fail, true},
		{"water_efficiency", "all_yes", "base", 0, clusterscope.Fail, true},
		{"area", "<=", "base", 100, clusterscope.Warn, false},
		{"output_3y", ">=", "each_of_3", 40, clusterscope.Fail, false},
		{"sme_output_share", ">=", "base", 70, clusterscope.Fail, false},
		{"leading_output_share", ">", "base", 70, clusterscope.Fail, false},
		{"leading_output_cagr", ">", "base", 10, clusterscope.Fail, false},
		{"quality_enterprises", "any_of", "base", 0, clusterscope.Fail, false},
	}
	if len(rs.Criteria) != len(want) {
		t.Fatalf("%d criteria, want %d", len(rs.Criteria), len(want))
	}
	for i, w := range want {
		c := rs.Criteria[i]
		if c.ID != w.id || c.Comparison != w.cmp || c.Years != w.years || c.Threshold != w.threshold ||
			c.Severity != w.severity || c.NAOK != w.naOK || c.Wording == "" || c.Source == "" {
			t.Errorf("criterion %d: got %+v, want %+v", i, c, w)
		}
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
	rs := clusterscope.DefaultRuleSet()
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
			if got.RuleSet != "national-2022@1" || got.Wording == "" {
				t.Errorf("result does not say what judged it: %+v", got)
			}
		})
	}
}

func TestCriterionValuesAndThreshold(t *testing.T) {
	r := clusterscope.DefaultRuleSet().Assess(application(t, "A"))[6] // output_3y
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
	west, err := clusterscope.ParseRuleSet("west.toml", []byte(westTOML))
	if err != nil {
		t.Fatal(err)
	}
	d := application(t, "NX-1", row{"output_total", 2019, "35.52"})
	national := clusterscope.DefaultRuleSet()
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

func TestParseRuleSetErrorsNameTheCriterion(t *testing.T) {
	head := "id = \"x\"\nname = \"测试\"\nversion = \"1\"\nsource = \"测试\"\n\n"
	good := "[[criterion]]\nid = \"ok_one\"\nwording = \"近三年产值均在40亿元以上\"\nfield = \"output_total\"\ncomparison = \">=\"\nthreshold = 40\n\n"
	crit := func(body string) string {
		return head + good + "[[criterion]]\nid = \"broken\"\nwording = \"某标准\"\n" + body
	}
	cases := []struct {
		name, toml string
		want       []string
	}{
		{"UnknownComparison", crit("field = \"output_total\"\ncomparison = \"=>\"\nthreshold = 40\n"), []string{"第 2 条标准「broken」", "=>"}},
		{"MissingThreshold", crit("field = \"output_total\"\ncomparison = \">=\"\n"), []string{"broken", "threshold"}},
		{"ThresholdNotANumber", crit("field = \"output_total\"\ncomparison = \">=\"\nthreshold = \"forty\"\n"), []string{"broken", "threshold"}},
		{"UnknownField", crit("field = \"output\"\ncomparison = \">=\"\nthreshold = 40\n"), []string{"broken", "output"}},
		{"MisspelledKey", crit("field = \"output_total\"\ncomparison = \">=\"\ntreshold = 40\n"), []string{"broken", "treshold"}},
		{"BadSeverity", crit("field = \"area_km2\"\ncomparison = \"<=\"\nthreshold = 100\nseverity = \"soft\"\n"), []string{"broken", "soft"}},
		{"EachOf3OnSingleValue", crit("field = \"area_km2\"\ncomparison = \"<=\"\nthreshold = 100\nyears = \"each_of_3\"\n"), []string{"broken", "area_km2"}},
		{"NAOnYesNoField", crit("field = \"no_major_incidents\"\ncomparison = \"all_yes\"\nna_ok = true\n"), []string{"broken", "不涉及"}},
		{"AllYesOnNumber", crit("field = \"area_km2\"\ncomparison = \"all_yes\"\n"), []string{"broken", "area_km2"}},
		{"AnyOfOneOption", crit("comparison = \"any_of\"\n[[criterion.option]]\nlabel = \"甲\"\nfields = [\"srdi_smes\"]\ncomparison = \">=\"\nthreshold = 10\n"), []string{"broken", "option"}},
		{"MisspelledOptionKey", crit("comparison = \"any_of\"\n[[criterion.option]]\nlabel = \"甲\"\nfields = [\"srdi_smes\"]\ncomparison = \">=\"\nthreshhold = 10\n[[criterion.option]]\nlabel = \"乙\"\nfields = [\"little_giants\"]\ncomparison = \">=\"\nthreshold = 1\n"), []string{"broken", "threshhold"}},
		{"SyntaxErrorInside", crit("field = \"output_total\"\ncomparison = \">=\"\nthreshold = 40 亿元\n"), []string{"broken", "TOML"}},
		{"DuplicateID", head + good + good, []string{"第 2 条标准「ok_one」", "重复"}},
		{"NoID", head + "[[criterion]]\nwording = \"某标准\"\nfield = \"area_km2\"\ncomparison = \"<=\"\nthreshold = 100\n", []string{"第 1 条标准「缺 id」"}},
		{"NoCriteria", head, []string{"criterion"}},
		{"UnknownTopLevelKey", "versoin = \"2\"\n" + head + good, []string{"versoin"}},
		{"BadBatch", head + "[scope]\nbatches = [22]\n\n" + good, []string{"22"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := clusterscope.ParseRuleSet("bad.toml", []byte(c.toml))
			if err == nil {
				t.Fatal("accepted a broken rule set")
			}
			if clusterscope.ErrorCode(err) != clusterscope.EINVALID {
				t.Errorf("code %s, want invalid", clusterscope.ErrorCode(err))
			}
			for _, w := range append(c.want, "bad.toml") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
