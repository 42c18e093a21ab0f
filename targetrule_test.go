package clusterscope_test

import (
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse"
)

func TestJudgeTargets(t *testing.T) {
	P, W, F, M, R := clusterscope.Pass, clusterscope.Warn, clusterscope.Fail, clusterscope.Missing, clusterscope.Review
	match, standard := clusterscope.RuleBaselineMatches, clusterscope.RuleBaselineStandard
	cases := []struct {
		name   string
		edits  []row
		code   string
		rule   clusterscope.RuleKind // "" for the target's own rule
		want   clusterscope.Outcome
		reason string
	}{
		// a. 产值年均增速不低于10%: 100 → 133.1 is exactly 10 % a year.
		{"OutputCAGRExactly10Passes", []row{{"target.output_total", 2021, "100"}, {"target.output_total", 2024, "133.1"}}, "output_total", "", P, "年均增速 10.00%，不低于 10%"},
		{"OutputCAGRJustBelow10Fails", []row{{"target.output_total", 2021, "100"}, {"target.output_total", 2024, "133.09"}}, "output_total", "", F, "低于 10%"},
		{"OutputCAGRMissingBaseline", []row{{"target.output_total", 2021, ""}}, "output_total", "", M, "缺少 2021 年基准值"},
		// b. 优质中小企业数量逐年增加
		{"QualitySMEsIncreasingPasses", nil, "quality_smes", "", P, "20 个、24 个、28 个、32 个，逐年增加"},
		{"QualitySMEsTieFails", []row{{"target.quality_smes", 2023, "24"}}, "quality_smes", "", F, "2023 年目标值 24 个 未高于 2022 年的 24 个"},
		{"QualitySMEsTieWithBaselineFails", []row{{"target.quality_smes", 2022, "20"}}, "quality_smes", "", F, "2022 年目标值 20 个 未高于 2021 年的 20 个"},
		{"QualitySMEsMissingYear", []row{{"target.quality_smes", 2023, ""}}, "quality_smes", "", M, "缺少 2023 年目标值"},
		// c. 研发经费年均增速不低于10%
		{"RDZeroBaselineIsMissing", []row{{"target.rd_spend", 2021, "0"}}, "rd_spend", "", M, "基准值不为正，无法计算年均增速"},
		{"RDNegativeBaselineIsMissing", []row{{"target.rd_spend", 2021, "-1"}}, "rd_spend", "", M, "基准值不为正"},
		{"RDMissingFinal", []row{{"target.rd_spend", 2024, ""}}, "rd_spend", "", M, "缺少 2024 年目标值"},
		{"RDFinalZeroFails", []row{{"target.rd_spend", 2024, "0"}}, "rd_spend", "", F, "年均增速 -100.00%"},
		// d. 有效发明专利数年均增长不低于15%: 100 → 152.0875 is exactly 15 %.
		{"PatentsCAGRExactly15Passes", []row{{"target.invention_patents", 2024, "152.0875"}}, "invention_patents", "", P, "年均增速 15.00%，不低于 15%"},
		{"PatentsCAGRBelow15Fails", []row{{"target.invention_patents", 2024, "150"}}, "invention_patents", "", F, "低于 15%"},
		// e. 工业互联网普及率达到45%左右: warn down to 40.5.
		{"IIPExactly45Passes", []row{{"target.iip_penetration", 2024, "45"}}, "iip_penetration", "", P, "45.00%，达到 45%"},
		{"IIPAtNinetyPercentWarns", []row{{"target.iip_penetration", 2024, "40.5"}}, "iip_penetration", "", W, "不低于其 90%（40.5%"},
		{"IIPBelowNinetyPercentFails", []row{{"target.iip_penetration", 2024, "40.49"}}, "iip_penetration", "", F, "低于 45% 的 90%（40.5%）"},
		{"IIPNeedsNoBaseline", []row{{"target.iip_penetration", 2021, ""}}, "iip_penetration", "", P, "达到 45%"},
		{"IIPMissingFinal", []row{{"target.iip_penetration", 2024, ""}}, "iip_penetration", "", M, "缺少 2024 年目标值"},
		// f. 二氧化碳排放量降低达到18%左右: 100 → 82 is exactly 18 %, 83.8 is 16.2 %.
		{"CO2Exactly18Passes", []row{{"target.co2_emissions", 2024, "82"}}, "co2_emissions", "", P, "降低 18.00%，达到 18%"},
		{"CO2AtNinetyPercentWarns", []row{{"target.co2_emissions", 2024, "83.8"}}, "co2_emissions", "", W, "「左右」"},
		{"CO2BelowNinetyPercentFails", []row{{"target.co2_emissions", 2024, "83.81"}}, "co2_emissions", "", F, "低于 18% 的 90%（16.2%）"},
		{"CO2ZeroBaselineIsMissing", []row{{"target.co2_emissions", 2021, "0"}}, "co2_emissions", "", M, "无法计算降低幅度"},
		{"CO2RisingFails", []row{{"target.co2_emissions", 2024, "110"}}, "co2_emissions", "", F, "降低 -10.00%"},
		// g. 集群单位工业产值能耗下降达到13.5%左右: 0.5 → 0.4325 is exactly 13.5 %.
		{"EnergyExactly13_5Passes", []row{{"target.energy_per_output", 2024, "0.4325"}}, "energy_per_output", "", P, "降低 13.50%"},
		{"EnergyAtNinetyPercentWarns", []row{{"target.energy_per_output", 2024, "0.43925"}}, "energy_per_output", "", W, "12.15%"},
		// qualitative
		{"GoalWrittenPasses", nil, "governance_goal", "", P, "建成集群公共服务平台"},
		{"GoalAbsentIsMissing", []row{{"target.governance_goal", 0, ""}}, "governance_goal", "", M, "未填写"},
		{"GoalNoneFails", []row{{"target.open_cooperation_goal", 0, "无"}}, "open_cooperation_goal", "", F, "「无」"},
		// the 2021 baseline against the application's own 2021 figure
		{"BaselineMatchesForm", nil, "output_total", match, P, "一致"},
		{"BaselineDiffersFromForm", []row{{"target.output_total", 2021, "50"}}, "output_total", match, F, "基准值 50.00 亿元 与申报表 2021 年「集群总产值」52.10 亿元 不一致"},
		{"BaselineEqualAtTwoDecimals", []row{{"target.iip_penetration", 2021, "38.50"}}, "iip_penetration", match, P, "38.50%"},
		{"IIPBaselineDiffers", []row{{"target.iip_penetration", 2021, "36"}}, "iip_penetration", match, F, "36.00%"},
		{"FormValueMissing", []row{{"output_total", 2021, ""}}, "output_total", match, M, "申报表缺少 2021 年「集群总产值」"},
		{"BaselineMissing", []row{{"target.output_total", 2021, ""}}, "output_total", match, M, "缺少 2021 年基准值"},
		// 基准值须符合认定标准: the baseline itself meets the criterion over its field
		{"BaselineMeetsStandard", nil, "output_total", standard, P, "基准值 52.10 亿元，不低于 40 亿元（认定标准：近三年产值均在40亿元以上）"},
		{"BaselineExactly40Meets", []row{{"output_total", 2021, "40"}, {"target.output_total", 2021, "40"}}, "output_total", standard, P, "不低于 40 亿元"},
		// equal to the form, and still below the standard: both are judged
		{"BaselineAsFormBelowStandard", []row{{"output_total", 2021, "35.00"}, {"target.output_total", 2021, "35.00"}}, "output_total", standard, F, "基准值 35.00 亿元，低于 40 亿元"},
		{"BaselineAsFormMatches", []row{{"output_total", 2021, "35.00"}, {"target.output_total", 2021, "35.00"}}, "output_total", match, P, "一致"},
		{"BaselineStandardMissing", []row{{"target.output_total", 2021, ""}}, "output_total", standard, M, "缺少 2021 年基准值"},
		// the national set leaves 工业互联网平台应用普及率不低于Y% unset
		{"IIPBaselineStandardUnset", nil, "iip_penetration", standard, R, "基准值 38.50%；认定标准「工业互联网平台应用普及率不低于Y%」的数值未设定"},
	}
	cat, national := clusterscope.DefaultCatalog(), warehouse.DefaultRuleSet()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rule := c.rule
			if rule == "" {
				rule = cat.Target(c.code).Rule
			}
			var got *clusterscope.TargetResult
			results := clusterscope.JudgeTargets(national, application(t, "A", c.edits...))
			for i := range results {
				if results[i].Code == c.code && results[i].Rule == rule {
					got = &results[i]
				}
			}
			if got == nil {
				t.Fatalf("no %s result for %s", rule, c.code)
			}
			if got.Outcome != c.want || !strings.Contains(zh(got.Reason), c.reason) {
				t.Errorf("got %s 「%s」, want %s with 「%s」", got.Outcome, zh(got.Reason), c.want, c.reason)
			}
			if got.RuleText == "" {
				t.Error("no rule text")
			}
		})
	}
}

func TestJudgeTargetsCoversCatalog(t *testing.T) {
	national := warehouse.DefaultRuleSet()
	results := clusterscope.JudgeTargets(national, application(t, "A"))
	// nine targets plus two checks of each of two baselines, right after their target
	if len(results) != 13 {
		t.Fatalf("%d results, want 13", len(results))
	}
	if results[0].RuleText != "a. 产值年均增速不低于10%" || results[1].Rule != clusterscope.RuleBaselineMatches ||
		results[2].Rule != clusterscope.RuleBaselineStandard || results[2].RuleText != "基准值须符合认定标准：近三年产值均在40亿元以上" {
		t.Errorf("first results: %+v / %+v / %+v", results[0], results[1], results[2])
	}
	empty := clusterscope.NewClusterData(clusterscope.Cluster{ID: "E", Batch: 2022}, nil)
	for _, r := range clusterscope.JudgeTargets(national, empty) {
		if r.Outcome != clusterscope.Missing {
			t.Errorf("%s %s with no data: %s", r.Code, r.Rule, r.Outcome)
		}
	}
}

// TestAboutShareIsASetting: "左右" warns down to the rule set's share of T,
// this project's convention (90 % in the national set), not a fixed 0.9.
func TestAboutShareIsASetting(t *testing.T) {
	national := warehouse.DefaultRuleSet()
	if national.Settings.AboutShare != 0.9 || national.Settings.AtRiskShare != 0.8 {
		t.Fatalf("national settings %+v, want 0.9 and 0.8", national.Settings)
	}
	strict := *national
	strict.Settings.AboutShare = 0.95
	d := application(t, "A", row{"target.iip_penetration", 2024, "42"}) // 93 % of 45
	judge := func(rs *clusterscope.RuleSet) clusterscope.TargetResult {
		for _, r := range clusterscope.JudgeTargets(rs, d) {
			if r.Code == "iip_penetration" && r.Rule == clusterscope.RuleFinalAbout {
				return r
			}
		}
		t.Fatal("no result")
		return clusterscope.TargetResult{}
	}
	if r := judge(national); r.Outcome != clusterscope.Warn || !strings.Contains(zh(r.Reason), "不低于其 90%（40.5%") {
		t.Errorf("at 90 %%: %s %s", r.Outcome, zh(r.Reason))
	}
	if r := judge(&strict); r.Outcome != clusterscope.Fail || !strings.Contains(zh(r.Reason), "低于 45% 的 95%（42.75%）") {
		t.Errorf("at 95 %%: %s %s", r.Outcome, zh(r.Reason))
	}
}
