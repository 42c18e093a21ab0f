package clusterscope

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// The checks of a target's baseline (备注: 基准值须符合中小企业特色产业集群认定
// 标准): it must be the application's own figure for the same year, and that
// figure must itself meet the criterion of the rule set over the field.
const (
	RuleBaselineMatches  RuleKind = "baseline_matches"
	RuleBaselineStandard RuleKind = "baseline_standard"
)

// TargetFields maps the target codes whose baseline is a form field to that
// field. Only these two measure the same thing in the same unit:
// quality_smes (优质中小企业) is broader than any one count of part 二,
// invention_patents counts the cluster's patents where sme_invention_patents
// counts its SMEs', co2_emissions is a total where co2_per_output is per
// 万元, and rd_spend and energy_per_output have no form field at all.
var TargetFields = map[string]string{
	"output_total":    "output_total",    // 集群总产值, 亿元, 2021
	"iip_penetration": "iip_penetration", // 工业互联网平台应用普及率, %, end of 2021
}

// TargetResult is one target of part 八 judged by its rule (备注 a–g), or
// the check of its baseline against the form (Rule RuleBaselineMatches).
type TargetResult struct {
	Code      string      `json:"code"`
	Label     string      `json:"label"`
	Rule      RuleKind    `json:"rule"`
	RuleText  string      `json:"rule_text"` // e.g. a. 产值年均增速不低于10%
	Threshold float64     `json:"threshold"`
	Outcome   Outcome     `json:"outcome"`
	Baseline  *float64    `json:"baseline,omitempty"`
	Values    [3]*float64 `json:"values"`             // the three batch years
	Achieved  *float64    `json:"achieved,omitempty"` // what was judged: CAGR %, reduction %, final value, form value
	Standard  string      `json:"standard,omitempty"` // RuleBaselineStandard: the criterion's words
	Reason    Messages    `json:"reason"`
}

// JudgeTargets judges each target of the catalog, in its order, by its rule
// ("左右" by rs's AboutShare), each followed by its baseline checks where
// TargetFields names a field: against the form, and against rs's criterion
// over that field. A target the applicant left out is Missing. The
// applicant's own targets have no rule and are not judged.
func JudgeTargets(rs *RuleSet, d *ClusterData) []TargetResult {
	cat := DefaultCatalog()
	var out []TargetResult
	for _, t := range cat.Targets {
		tv := d.Target(t.Code)
		if tv == nil {
			tv = &TargetValues{Code: t.Code}
		}
		r := TargetResult{Code: t.Code, Label: t.Label, Rule: t.Rule, RuleText: t.RuleText,
			Threshold: t.Threshold, Baseline: tv.Baseline, Values: tv.Values}
		j := targetJudge{r: &r, t: t, tv: tv, base: d.Base(), aboutShare: rs.Settings.AboutShare}
		switch t.Rule {
		case RuleCAGRAtLeast:
			j.cagr()
		case RuleStrictlyIncreasing:
			j.increasing()
		case RuleFinalAbout:
			j.finalAbout()
		case RuleReductionAbout:
			j.reductionAbout()
		case RuleQualitative:
			if r.RuleText == "" {
				r.RuleText = t.Direction + "：须有定性描述的目标" // the form's own words, as 备注 a–g
			}
			j.qualitative()
		default:
			r.Outcome, r.Reason = Missing, Messages{M("target.unknown_rule", string(t.Rule))}
		}
		out = append(out, r)
		if field, ok := TargetFields[t.Code]; ok {
			out = append(out, baselineCheck(cat, t, tv, field, d))
			if c := rs.criterionOver(field); c != nil {
				out = append(out, baselineStandard(c, t, tv, d))
			}
		}
	}
	return out
}

type targetJudge struct {
	r          *TargetResult
	t          Target
	tv         *TargetValues
	base       int
	aboutShare float64 // the share of T down to which 左右 only warns
}

// v writes a target value with its unit; counts without decimals.
func (j targetJudge) v(x float64) any {
	if j.t.Unit == "个" || j.t.Unit == "件" {
		return withUnit(bound(x), j.t.Unit)
	}
	return withUnit(num2(x), j.t.Unit)
}

// need returns false, with the result Missing, when a value is absent.
func (j targetJudge) need(baseline bool, years ...int) bool {
	var gaps Messages
	if baseline && j.tv.Baseline == nil {
		gaps = append(gaps, M("target.baseline_of", j.base))
	}
	for _, i := range years {
		if j.tv.Values[i] == nil {
			gaps = append(gaps, M("target.target_of", j.base+1+i))
		}
	}
	if len(gaps) > 0 {
		j.r.Outcome, j.r.Reason = Missing, Messages{M("target.missing", M("join.list", gaps))}
	}
	return len(gaps) == 0
}

// head states a target's baseline and its final target.
func (j targetJudge) head(b, f float64) Message {
	return M("target.head", j.base, j.v(b), j.base+3, j.v(f))
}

func (j targetJudge) cagr() {
	if !j.need(true, 2) {
		return
	}
	b, f := *j.tv.Baseline, *j.tv.Values[2]
	head := j.head(b, f)
	switch {
	case b <= 0: // no growth rate from nothing, and no division by zero
		j.r.Outcome, j.r.Reason = Missing, Messages{M("target.cagr_no_base", head)}
		return
	case f < 0:
		j.r.Outcome, j.r.Reason = Missing, Messages{M("target.cagr_negative", head)}
		return
	}
	g := (math.Pow(f/b, 1.0/3) - 1) * 100
	j.r.Achieved = f64ptr(g)
	if holds(CmpAtLeast, g, j.t.Threshold) {
		j.r.Outcome, j.r.Reason = Pass, Messages{M("target.cagr_pass", head, num2(g), bound(j.t.Threshold))}
	} else {
		j.r.Outcome, j.r.Reason = Fail, Messages{M("target.cagr_fail", head, num2(g), bound(j.t.Threshold))}
	}
}

func (j targetJudge) increasing() {
	if !j.need(true, 0, 1, 2) {
		return
	}
	seq := []float64{*j.tv.Baseline, *j.tv.Values[0], *j.tv.Values[1], *j.tv.Values[2]}
	for i := 1; i < len(seq); i++ {
		if !holds(CmpAbove, seq[i], seq[i-1]) {
			j.r.Outcome, j.r.Reason = Fail, Messages{M("target.not_increasing",
				j.base+i, j.v(seq[i]), j.base+i-1, j.v(seq[i-1]))}
			return
		}
	}
	var parts []any
	for _, x := range seq {
		parts = append(parts, j.v(x))
	}
	j.r.Outcome, j.r.Reason = Pass, Messages{M("target.increasing", j.base, j.base+3, M("join.list", parts))}
}

// about judges a figure against T where 左右 (about) tolerates down to
// j.aboutShare × T with a warning.
func (j targetJudge) about(x float64, shown Message, what any, unit string) {
	t, low := j.t.Threshold, j.aboutShare*j.t.Threshold
	j.r.Achieved = f64ptr(x)
	pct, edge := bound(round6(j.aboutShare*100)), withUnit(bound(round6(low)), unit)
	switch {
	case holds(CmpAtLeast, x, t):
		j.r.Outcome, j.r.Reason = Pass, Messages{M("target.about_pass", shown, what)}
	case holds(CmpAtLeast, x, low):
		j.r.Outcome, j.r.Reason = Warn, Messages{M("target.about_warn_share", shown, what, pct, edge)}
	default:
		j.r.Outcome, j.r.Reason = Fail, Messages{M("target.about_fail_share", shown, what, pct, edge)}
	}
}

func (j targetJudge) finalAbout() {
	if !j.need(false, 2) {
		return
	}
	f := *j.tv.Values[2]
	j.about(f, M("target.final", j.base+3, j.v(f)), withUnit(bound(j.t.Threshold), j.t.Unit), j.t.Unit)
}

func (j targetJudge) reductionAbout() {
	if !j.need(true, 2) {
		return
	}
	b, f := *j.tv.Baseline, *j.tv.Values[2]
	head := j.head(b, f)
	if b <= 0 {
		j.r.Outcome, j.r.Reason = Missing, Messages{M("target.reduction_no_base", head)}
		return
	}
	red := (b - f) / b * 100
	j.about(red, M("target.reduction", head, num2(red)), withUnit(bound(j.t.Threshold), "%"), "%")
}

func (j targetJudge) qualitative() {
	text := strings.TrimSpace(j.tv.Text)
	switch {
	case text == "":
		j.r.Outcome, j.r.Reason = Missing, Messages{M("target.qualitative_empty")}
	case text == "无": // the form's word for "nothing to report" sets no goal
		j.r.Outcome, j.r.Reason = Fail, Messages{M("target.qualitative_none")}
	default:
		if utf8.RuneCountInString(text) > 40 {
			text = string([]rune(text)[:40]) + "…"
		}
		j.r.Outcome, j.r.Reason = Pass, Messages{M("target.qualitative_given", text)}
	}
}

// baselineCheck compares a target's baseline with the form's value of the
// same year, equal when they agree to the form's two decimals. A mismatch
// fails: one of the two figures the applicant gave is wrong.
func baselineCheck(cat *Catalog, t Target, tv *TargetValues, field string, d *ClusterData) TargetResult {
	flabel := cat.Label(field)
	r := TargetResult{Code: t.Code, Label: t.Label, Rule: RuleBaselineMatches, Baseline: tv.Baseline,
		RuleText: fmt.Sprintf("基准值须与申报表中 %d 年的「%s」一致", d.Base(), flabel), Values: tv.Values}
	j := targetJudge{r: &r, t: t, tv: tv, base: d.Base()}
	form, ok := d.Num(field, d.Base())
	switch {
	case tv.Baseline == nil && !ok:
		r.Outcome, r.Reason = Missing, Messages{M("baseline.both_missing", d.Base())}
	case tv.Baseline == nil:
		r.Outcome, r.Reason = Missing, Messages{M("baseline.missing", d.Base())}
	case !ok:
		r.Outcome, r.Reason = Missing, Messages{M("baseline.form_missing", d.Base(), flabel)}
	case math.Round(*tv.Baseline*100) == math.Round(form*100):
		r.Achieved = f64ptr(form)
		r.Outcome, r.Reason = Pass, Messages{M("baseline.matches", j.v(*tv.Baseline), d.Base(), flabel, j.v(form))}
	default:
		r.Achieved = f64ptr(form)
		r.Outcome, r.Reason = Fail, Messages{M("baseline.differs", j.v(*tv.Baseline), d.Base(), flabel, j.v(form))}
	}
	return r
}

// criterionOver returns the set's first numeric criterion over the field
// alone, or nil.
func (rs *RuleSet) criterionOver(field string) *Criterion {
	for i := range rs.Criteria {
		c := &rs.Criteria[i]
		if len(c.Fields) == 1 && c.Fields[0] == field && c.Comparison.Numeric() && c.Years != YearsGrowth3 {
			return c
		}
	}
	return nil
}

// baselineStandard judges a target's baseline by the criterion over its
// field, as the form's note asks (基准值须符合认定标准): a 2021 产值 baseline
// of 35 亿元 fails 近三年产值均在40亿元以上 even if the form says 35 too. A
// criterion whose figure is not set leaves it to the experts.
func baselineStandard(c *Criterion, t Target, tv *TargetValues, d *ClusterData) TargetResult {
	r := TargetResult{Code: t.Code, Label: t.Label, Rule: RuleBaselineStandard, Baseline: tv.Baseline,
		RuleText: "基准值须符合认定标准：" + c.Wording, Standard: c.Wording, Threshold: c.Threshold, Values: tv.Values}
	j := targetJudge{r: &r, t: t, tv: tv, base: d.Base()}
	switch {
	case tv.Baseline == nil:
		r.Outcome, r.Reason = Missing, Messages{M("baseline.missing", d.Base())}
	case c.Off:
		r.Outcome, r.Reason = Review, Messages{M("baseline.standard_unset", j.v(*tv.Baseline), c.Wording)}
	default:
		b := *tv.Baseline
		words := cmpWords[c.Comparison]
		r.Achieved = f64ptr(b)
		r.Outcome, r.Reason = Fail, Messages{M("baseline.standard", j.v(b), words[1], withUnit(bound(c.Threshold), t.Unit), c.Wording)}
		if holds(c.Comparison, b, c.Threshold) {
			r.Outcome, r.Reason = Pass, Messages{M("baseline.standard", j.v(b), words[0], withUnit(bound(c.Threshold), t.Unit), c.Wording)}
		}
	}
	return r
}
