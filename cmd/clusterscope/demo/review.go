package demo

import "clusterscope"

// ReviewStep is one step the demo's reviewers took on a 2022 宁夏 candidate
// (synthetic, like the data): the city's reviewer, or the province's.
type ReviewStep struct {
	ID       string
	City     string
	Province bool // taken by the province's reviewer
	Act      clusterscope.Act
}

// The demo's reviewers: a synthetic name per city, and the demo's 省级 account.
const ProvinceReviewer = "ningxia"

// CityReviewers name the city's reviewer of the demo, by city. 中卫 has
// none: its applications wait for the demo's 市级 account, zhongwei.
var CityReviewers = map[string]string{"银川市": "yinchuan", "吴忠市": "wuzhong", "固原市": "guyuan", "石嘴山市": "shizuishan"}

// Review is the 2022 宁夏 call as the demo has it run so far: every step of
// the review on some candidate, within 宁夏's quotas (two per city) and the
// national call's (five per province), 中卫's candidates untouched. The
// first fifteen candidates have the same ids whatever Options.Candidates.
func Review() []ReviewStep {
	var out []ReviewStep
	add := func(id, city string, province bool, acts ...clusterscope.Act) {
		for _, a := range acts {
			out = append(out, ReviewStep{ID: id, City: city, Province: province, Act: a})
		}
	}
	const yc, wz, gy, szs = "银川市", "吴忠市", "固原市", "石嘴山市"
	add("NX-YC-001", yc, false, receive("2022-09-26"), precheck(true), visit("2022-10-08", true),
		publicity("2022-10-10", "2022-10-16"), objection("2022-10-12", "反映企业数量偏多", false), recommend(true, "产业链完整，带动作用突出"))
	add("NX-YC-001", yc, true, visitAct(clusterscope.StepSample, "2022-10-21", true), provinceAct(true, "葡萄酒产业特色鲜明"))
	add("NX-YC-002", yc, false, receive("2022-09-28"), precheck(true), visit("2022-10-09", true), recommend(true, "电子材料细分领域龙头集聚"))
	add("NX-ND-001", yc, false, receive("2022-09-30"), precheck(true), visit("2022-10-09", true),
		recommend(false, "银川市名额为 2 个，已择优推荐其他两个集群"))
	add("NX-YC-003", yc, false, receive("2022-10-08"), precheck(true), visit("2022-10-12", true),
		publicity("2022-10-13", "2022-10-19"))
	add("NX-ND-002", yc, false, receive("2022-10-19"))
	add("NX-WZ-001", wz, false, receive("2022-09-27"), precheck(true), visit("2022-10-10", true), recommend(true, "滩羊产业基础好"))
	add("NX-WZ-001", wz, true, visitAct(clusterscope.StepSample, "2022-10-20", true))
	add("NX-WZ-002", wz, false, receive("2022-09-29"), precheck(true), visit("2022-10-11", false))
	add("NX-WZ-003", wz, false, receive("2022-10-09"), precheck(true), visit("2022-10-13", true), recommend(true, "乳制品加工配套完善"))
	add("NX-WZ-003", wz, true, provinceAct(false, "本次优先推荐主导产业特色更鲜明的集群"))
	add("NX-GY-001", gy, false, receive("2022-09-30"),
		clusterscope.Act{Step: clusterscope.StepPrecheck, Outcome: clusterscope.OutcomeFail, Why: "2019 年集群总产值低于 40 亿元，不符合认定标准"})
	add("NX-GY-002", gy, false, receive("2022-10-10"), clusterscope.Act{Step: clusterscope.StepReturn, Why: "佐证材料不全，请补正后重新报送",
		Facts: map[string]string{clusterscope.FactProblems: "缺少专精特新中小企业名单及证书\n2021 年国家级高新技术企业数量与证明材料不一致"}})
	add("NX-SZS-001", szs, false, receive("2022-09-27"), clusterscope.Act{Step: clusterscope.StepCancel, Why: "经核查属实，取消申报资格",
		Facts: map[string]string{"ground": clusterscope.GroundFalseDeclaration, "finding": "中小企业产值占比与统计部门数据不符，系虚报"}})
	add("NX-SZS-002", szs, false, receive("2022-10-11"), precheck(true))
	return out
}

func receive(on string) clusterscope.Act {
	return clusterscope.Act{Step: clusterscope.StepReceive, Why: "申报材料齐全，按期受理", Facts: map[string]string{clusterscope.FactReceivedOn: on}}
}

func precheck(ok bool) clusterscope.Act {
	if ok {
		return clusterscope.Act{Step: clusterscope.StepPrecheck, Outcome: clusterscope.OutcomePass,
			Why: "符合认定标准，发展目标符合要求"}
	}
	return clusterscope.Act{Step: clusterscope.StepPrecheck, Outcome: clusterscope.OutcomeFail, Why: "不符合认定标准"}
}

func visit(on string, ok bool) clusterscope.Act { return visitAct(clusterscope.StepVisit, on, ok) }

func visitAct(step clusterscope.Step, on string, ok bool) clusterscope.Act {
	a := clusterscope.Act{Step: step, Outcome: clusterscope.OutcomePass, Why: "现场情况与申报材料一致",
		Facts: map[string]string{"visited_on": on, "team": "演示：工信局中小企业科 2 人、第三方机构 1 人", "findings": "园区运营正常，重点企业生产经营情况与申报一致"}}
	if !ok {
		a.Outcome, a.Why = clusterscope.OutcomeFail, "现场核实的企业数量与申报不符"
		a.Facts["findings"] = "申报的 38 家配套企业中有 11 家已停产"
	}
	return a
}

func publicity(start, end string) clusterscope.Act {
	return clusterscope.Act{Step: clusterscope.StepPublicity, Why: "拟推荐名单在门户网站公示",
		Facts: map[string]string{clusterscope.FactStart: start, clusterscope.FactEnd: end}}
}

func objection(on, summary string, upheld bool) clusterscope.Act {
	a := clusterscope.Act{Step: clusterscope.StepObjection, Outcome: clusterscope.OutcomeRejected, Why: "经核实，企业数量口径符合填报说明",
		Facts: map[string]string{clusterscope.FactReceivedOn: on, "summary": summary}}
	if upheld {
		a.Outcome, a.Why = clusterscope.OutcomeUpheld, "经核实，异议成立"
	}
	return a
}

func recommend(yes bool, why string) clusterscope.Act {
	return clusterscope.Act{Step: clusterscope.StepRecommend, Outcome: map[bool]clusterscope.StepOutcome{true: clusterscope.OutcomeRecommend,
		false: clusterscope.OutcomeNotRecommend}[yes], Why: why}
}

func provinceAct(yes bool, why string) clusterscope.Act {
	a := recommend(yes, why)
	a.Step = clusterscope.StepProvince
	return a
}
