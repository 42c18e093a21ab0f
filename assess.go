package clusterscope

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// ClusterData is one cluster's application for one batch, indexed for the
// assessment: numbers and texts by field and year, and part 八's targets.
// Follow-up actuals (Report ≠ 0) are not part of it: the criteria and the
// target rules judge what was applied for.
type ClusterData struct {
	Cluster Cluster
	sheet
	targets map[string]*TargetValues
}

type fieldYear struct {
	field string
	year  int
}

// TargetValues is one row of part 八's target table as applied for.
type TargetValues struct {
	Code      string
	Own       bool            // the applicant's own target, not one of targets.csv
	Baseline  *float64        // the year before the batch (2021 for 2022)
	Values    [3]*float64     // the three batch years (2022, 2023, 2024); the last is the 三年目标值
	Text      string          // a qualitative target's text
	Label     string          // an own target's Chinese name (target.CODE:label)
	Unit      string          // an own target's unit (target.CODE:unit)
	Direction TargetDirection // TargetUp, TargetDown or "" (target.CODE:direction)
}

// TargetDirection is which way an applicant's own target is met.
type TargetDirection string

// The directions of an own target (越高越好, 越低越好).
const (
	TargetUp   TargetDirection = "up"
	TargetDown TargetDirection = "down"
)

// Final is the 三年目标值 (the third batch year), or nil.
func (t *TargetValues) Final() *float64 { return t.Values[2] }

// Better is +1 when higher is better, −1 when lower is: the stated direction,
// else what the values say (final above or below the baseline), else 0.
func (t *TargetValues) Better() int {
	switch t.Direction {
	case TargetUp:
		return +1
	case TargetDown:
		return -1
	}
	if f := t.Final(); t.Baseline != nil && f != nil && *f != *t.Baseline {
		if *f > *t.Baseline {
			return +1
		}
		return -1
	}
	return 0
}

// clusterFields fill a Cluster's empty fields from the cover page.
var clusterFields = []struct {
	code string
	set  func(c *Cluster) *string
}{
	{"cluster_name", func(c *Cluster) *string { return &c.Name }},
	{"province", func(c *Cluster) *string { return &c.Province }},
	{"city", func(c *Cluster) *string { return &c.City }},
	{"county", func(c *Cluster) *string { return &c.County }},
	{"leading_industry", func(c *Cluster) *string { return &c.LeadingIndustry }},
	{"industry_type", func(c *Cluster) *string { return &c.IndustryType }},
}

// NewClusterData indexes the application observations (Report 0) of c.
// Observations of another cluster or batch are ignored; when c has no ID or
// batch, the first application observation gives them, and empty name and
// region fields are filled from the cover page. A later observation of the
// same field and year replaces an earlier one, as a later load does.
func NewClusterData(c Cluster, obs []Observation) *ClusterData {
	d := &ClusterData{sheet: newSheet(), targets: map[string]*TargetValues{}}
	cat := DefaultCatalog()
	for _, o := range obs {
		if o.Report != 0 {
			continue
		}
		if c.ID == "" {
			c.ID = o.ClusterID
		}
		if c.Batch == 0 {
			c.Batch = o.Batch
		}
		if o.ClusterID != c.ID || o.Batch != c.Batch {
			continue
		}
		if code, ok := strings.CutPrefix(o.Field, "target."); ok {
			d.addTarget(cat, c.Batch, code, o)
			continue
		}
		d.set(o.Field, o.AsOf, o.Text, o.Num)
	}
	d.Cluster = c
	d.named()
	return d
}

// AddFigures adds a wide row of the application's numbers (kept, not
// copied): the query layer's way in, without an observation per number.
func (d *ClusterData) AddFigures(f Figures) { d.addFigures(f) }

// named fills the cluster's empty name and region fields from the cover
// page.
func (d *ClusterData) named() {
	for _, f := range clusterFields {
		if p := f.set(&d.Cluster); *p == "" {
			*p = d.texts[fieldYear{f.code, d.Base()}]
		}
	}
}

func (d *ClusterData) addTarget(cat *Catalog, batch int, code string, o Observation) {
	code, meta, _ := strings.Cut(code, ":")
	t := d.targets[code]
	if t == nil {
		t = &TargetValues{Code: code, Own: cat.Target(code) == nil}
		d.targets[code] = t
	}
	switch {
	case meta == "label":
		t.Label = o.Text
	case meta == "unit":
		t.Unit = o.Text
	case meta == "direction":
		t.Direction = TargetDirection(o.Text)
	case meta != "":
	case o.Num == nil:
		t.Text = o.Text
	case o.Year == batch-1:
		t.Baseline = o.Num
	case o.Year >= batch && o.Year <= batch+2:
		t.Values[o.Year-batch] = o.Num
	}
}

// Base is the year before the batch: the form's single-value year and the
// targets' baseline year.
func (d *ClusterData) Base() int { return d.Cluster.Batch - 1 }

// Num is the number of field for the year asOf (single-value fields: Base).
func (d *ClusterData) Num(field string, asOf int) (float64, bool) {
	return d.num(field, asOf)
}

// Text is the text of a single-value field (是/否, true/false, names …).
func (d *ClusterData) Text(field string) (string, bool) {
	return d.text(field, d.Base())
}

// Target is the applied-for target with the code, or nil.
func (d *ClusterData) Target(code string) *TargetValues { return d.targets[code] }

// TargetCodes lists the cluster's target codes: those of targets.csv in its
// order, then the applicant's own in code order.
func (d *ClusterData) TargetCodes() []string {
	var codes, own []string
	for _, t := range DefaultCatalog().Targets {
		if d.targets[t.Code] != nil {
			codes = append(codes, t.Code)
		}
	}
	for code, t := range d.targets {
		if t.Own {
			own = append(own, code)
		}
	}
	slices.Sort(own)
	return append(codes, own...)
}

// SeenValue is one value an assessment looked at.
type SeenValue struct {
	Field string   `json:"field"`
	Year  int      `json:"year"`
	Num   *float64 `json:"num,omitempty"`
	Text  string   `json:"text,omitempty"`
}

// CriterionResult is one criterion (认定标准) judged for one cluster.
type CriterionResult struct {
	RuleSet    string      `json:"rule_set"` // ID@version of the set that judged
	Criterion  string      `json:"criterion"`
	Part       int         `json:"part"`    // the standard's part 一–八 (1–8), 0 outside them
	Wording    string      `json:"wording"` // e.g. 近三年产值均在40亿元以上
	Source     string      `json:"source"`
	Severity   Outcome     `json:"severity"` // what a failure counts as: Fail or Warn
	Outcome    Outcome     `json:"outcome"`
	Values     []SeenValue `json:"values"`
	Comparison Comparison  `json:"comparison"`
	Threshold  float64     `json:"threshold"`
	Expect     Message     `json:"expect"` // the threshold in words, e.g. 2019–2021 年集群总产值均 ≥ 40 亿元
	Reason     Messages    `json:"reason"`
}

// Assessment is everything judged of one cluster: the criteria of one rule
// set and the plan's targets.
type Assessment struct {
	ClusterID string            `json:"cluster_id"`
	RuleSet   string            `json:"rule_set"`
	Outcome   Outcome           `json:"outcome"` // Overall of the criteria
	Criteria  []CriterionResult `json:"criteria"`
	Targets   []TargetResult    `json:"targets"`
}

// AssessCluster judges d by rs and its targets by the catalog's rules, with
// rs's settings and baselines against rs's criteria.
func AssessCluster(rs *RuleSet, d *ClusterData) Assessment {
	cr := rs.Assess(d)
	return Assessment{ClusterID: d.Cluster.ID, RuleSet: rs.Ref(), Outcome: Overall(cr),
		Criteria: cr, Targets: JudgeTargets(rs, d)}
}

// Overall is the verdict on a list of results: fail when any fails (the
// missing data could not save it), else missing when any is missing, else
// warn when any warns, else pass; a Review item (专家评审) decides nothing.
// This ranks a known failure above missing
// data, unlike the listing order in rule.go, because it is the firmer answer.
func Overall(results []CriterionResult) Outcome {
	out := Pass
	for _, r := range results {
		out = worse(out, r.Outcome)
	}
	return out
}

func worse(a, b Outcome) Outcome {
	rank := map[Outcome]int{Review: 0, Pass: 0, Warn: 1, Missing: 2, Fail: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// round6 rounds to 1e-6 so that float error never decides an edge case
// (e.g. 1.331^(1/3) − 1 is exactly 10 %) while a real 9.999 % still fails.
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// holds compares v with t by op (>=, >, <=, <) after rounding both.
func holds(op Comparison, v, t float64) bool {
	v, t = round6(v), round6(t)
	switch op {
	case CmpAtLeast:
		return v >= t
	case CmpAbove:
		return v > t
	case CmpAtMost:
		return v <= t
	case CmpBelow:
		return v < t
	}
	return false
}

// num2 writes a value the way the form keeps it: two decimals.
func num2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// bound writes a threshold as written in the rule: 40, 70, 13.5.
func bound(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// withUnit is a figure with its unit: "70.00%" but "35.52 亿元"; the
// unit is a Word, said in the reader's language.
func withUnit(s any, unit string) any {
	switch unit {
	case "":
		return s
	case "%":
		return M("unit.percent", s)
	}
	return M("unit.after", s, Word(unit))
}

func f64ptr(v float64) *float64 { return &v }

// Assess judges d by every criterion of the set, in the set's order. Data
// that is absent gives Missing, never Fail: the criterion is undecided.
func (rs *RuleSet) Assess(d *ClusterData) []CriterionResult {
	out := make([]CriterionResult, 0, len(rs.Criteria))
	for i := range rs.Criteria {
		c := &rs.Criteria[i]
		r := CriterionResult{RuleSet: rs.Ref(), Criterion: c.ID, Part: c.Part, Wording: c.Wording, Source: c.Source,
			Severity: c.Severity, Comparison: c.Comparison, Threshold: c.Threshold}
		switch {
		case c.Comparison == CmpExpert:
			r.Outcome, r.Expect, r.Reason = Review, M("criteria.expect_expert"), Messages{M("criteria.expert", PartWord(c.Part))}
		case c.Comparison == CmpAllYes:
			judgeYes(&r, c, d)
		case c.Comparison == CmpAnyOf:
			judgeAnyOf(&r, c, d)
		case c.Off:
			// the figure is shown for the experts; no bound judges it
			m := judgeNumeric(d, c.label(), c.Fields, c.Comparison, math.Inf(1), c.Years)
			r.Outcome, r.Values, r.Expect, r.Reason = Review, m.values, M("criteria.expect_unset"), Messages{M("criteria.unset")}
			if m.figure.IsZero() {
				r.Reason = append(r.Reason, m.reason...)
			} else {
				r.Reason = r.Reason.And(m.figure)
			}
		default:
			m := judgeNumeric(d, c.label(), c.Fields, c.Comparison, c.Threshold, c.Years)
			r.Outcome, r.Reason, r.Values, r.Expect = m.outcome, m.reason, m.values, m.expect
		}
		if r.Outcome == Fail && c.Severity == Warn {
			r.Outcome, r.Reason = Warn, Messages{M("criteria.general_warning", r.Reason)}
		}
		out = append(out, r)
	}
	return out
}

// parts are the standard's parts as the reasons name them.
var parts = []Word{"", "第一部分", "第二部分", "第三部分", "第四部分", "第五部分", "第六部分", "第七部分", "第八部分"}

// PartWord names the standard's part p (1–8): 第三部分.
func PartWord(p int) Word {
	if p < 1 || p >= len(parts) {
		return ""
	}
	return parts[p]
}

// label is the criterion's short name: its own, else the field's label.
func (c *Criterion) label() string {
	if c.Label != "" || len(c.Fields) != 1 {
		return c.Label
	}
	return DefaultCatalog().Label(c.Fields[0])
}

func judgeYes(r *CriterionResult, c *Criterion, d *ClusterData) {
	r.Outcome, r.Expect = Pass, M("criteria.expect_yes")
	if c.NAOK {
		r.Expect = M("criteria.expect_yes_or_na")
	}
	var notes Messages
	for _, code := range c.Fields {
		label := DefaultCatalog().Label(code)
		if len(c.Fields) == 1 && c.Label != "" {
			label = c.Label
		}
		v, ok := d.Text(code)
		r.Values = append(r.Values, SeenValue{Field: code, Year: d.Base(), Text: v})
		switch {
		case !ok:
			r.Outcome = worse(r.Outcome, Missing)
			notes = append(notes, M("criteria.not_reported", label))
		case v == "是" || v == "不涉及" && c.NAOK:
			notes = append(notes, M("criteria.answered", label, Word(v)))
		case v == "不涉及":
			r.Outcome = Fail
			notes = append(notes, M("criteria.na_not_allowed", label))
		default:
			r.Outcome = Fail
			notes = append(notes, M("criteria.answered_not_yes", label, Word(v)))
		}
	}
	r.Reason = notes
}

func judgeAnyOf(r *CriterionResult, c *Criterion, d *ClusterData) {
	var pass, others, expects Messages
	r.Outcome = Fail
	missing := false
	for _, o := range c.Options {
		m := judgeNumeric(d, o.Label, o.Fields, o.Comparison, o.Threshold, c.Years)
		r.Values = append(r.Values, m.values...)
		expects = append(expects, m.expect)
		switch m.outcome {
		case Pass:
			pass = append(pass, m.reason...)
		case Missing:
			missing = true
			fallthrough
		default:
			others = append(others, m.reason...)
		}
	}
	r.Expect = M("join.or", expects)
	switch {
	case len(pass) > 0:
		r.Outcome, r.Reason = Pass, pass[:1]
	case missing:
		r.Outcome, r.Reason = Missing, others
	default:
		r.Reason = others
	}
}

// numJudgement is a numeric comparison over one or three years.
type numJudgement struct {
	outcome Outcome // Pass, Fail or Missing; the caller applies severity
	reason  Messages
	expect  Message
	figure  Message // the figures judged, when all are there: 2019–2021 年集群总产值分别为 …
	values  []SeenValue
}

// Edge words by comparison: [holds, fails]; counts read 不少于/少于.
var (
	cmpWords   = map[Comparison][2]Word{CmpAtLeast: {"不低于", "低于"}, CmpAbove: {"高于", "未高于"}, CmpAtMost: {"不超过", "超过"}, CmpBelow: {"低于", "未低于"}}
	countWords = map[Comparison][2]Word{CmpAtLeast: {"不少于", "少于"}, CmpAbove: {"多于", "不多于"}, CmpAtMost: {"不多于", "多于"}, CmpBelow: {"少于", "不少于"}}
	cmpSigns   = map[Comparison]string{CmpAtLeast: "≥", CmpAbove: ">", CmpAtMost: "≤", CmpBelow: "<"}
)

// judgeNumeric compares the sum of fields with t for the base year or each
// of the three years. A year with a field missing is Missing unless the
// partial sum of non-negative values already meets a lower bound.
func judgeNumeric(d *ClusterData, label string, fields []string, op Comparison, t float64, years Years) numJudgement {
	if years == YearsGrowth3 {
		return judgeGrowth(d, label, fields[0], op, t)
	}
	cat := DefaultCatalog()
	unit, count := cat.Field(fields[0]).Unit, true
	for _, f := range fields {
		count = count && cat.Field(f).Kind == KindCount
	}
	words, show := cmpWords[op], num2
	if count {
		words, show = countWords[op], func(v float64) string { return bound(v) }
	}
	var name any = label
	if len(fields) > 1 {
		name = M("criteria.sum_of", label)
	}
	ys := []int{d.Base()}
	m := numJudgement{outcome: Pass, expect: M("criteria.expect", name, cmpSigns[op], withUnit(bound(t), unit))}
	if years == YearsEachOf3 {
		ys = []int{d.Base() - 2, d.Base() - 1, d.Base()}
		m.expect = M("criteria.expect_each_year", ys[0], ys[2], name, cmpSigns[op], withUnit(bound(t), unit))
	}
	var fails, gaps Messages
	var seen, all []string // the years that decide, and every year's figure
	for _, y := range ys {
		// inYear is the name of a figure of the year y
		inYear := func(name any) Message { return M("criteria.in_year", name) }
		if years == YearsEachOf3 {
			inYear = func(name any) Message { return M("criteria.year", y, name) }
		}
		sum, nonNeg, absent := 0.0, true, Messages(nil)
		for _, f := range fields {
			v, ok := d.Num(f, y)
			if !ok {
				absent = append(absent, inYear(cat.Label(f)))
				continue
			}
			m.values = append(m.values, SeenValue{Field: f, Year: y, Num: f64ptr(v)})
			sum += v
			nonNeg = nonNeg && v >= 0
		}
		if len(absent) == 0 {
			all = append(all, show(sum))
		}
		lowerBound := op == CmpAtLeast || op == CmpAbove
		switch {
		case len(absent) > 0 && !(lowerBound && nonNeg && holds(op, sum, t)):
			gaps = append(gaps, absent...)
		case holds(op, sum, t):
			seen = append(seen, show(sum))
		default:
			fails = append(fails, M("criteria.compared", inYear(name), withUnit(show(sum), unit), words[1], withUnit(bound(t), unit)))
		}
	}
	switch {
	case len(all) < len(ys):
	case years == YearsEachOf3:
		m.figure = M("criteria.figure_years", ys[0], ys[2], name, withUnit(M("join.list", all), unit))
	default:
		m.figure = M("criteria.figure", name, withUnit(all[0], unit))
	}
	switch {
	case len(fails) > 0: // a failing year decides, whatever else is missing
		m.outcome, m.reason = Fail, fails
	case len(gaps) > 0:
		missing := "criteria.missing" // 缺少集群占地面积数据 but 缺少 2020 年集群总产值数据
		if years == YearsEachOf3 {
			missing = "criteria.missing_years"
		}
		m.outcome, m.reason = Missing, Messages{M(missing, M("join.list", gaps))}
	case years == YearsEachOf3:
		m.reason = Messages{M("criteria.each_year", ys[0], ys[2], name,
			withUnit(M("join.list", seen), unit), words[0], withUnit(bound(t), unit))}
	default:
		m.reason = Messages{M("criteria.compared", name, withUnit(seen[0], unit), words[0], withUnit(bound(t), unit))}
	}
	return m
}

// judgeGrowth compares the compound mean of a growth-rate field's three
// yearly values (近三年年均增长) with t.
func judgeGrowth(d *ClusterData, label, field string, op Comparison, t float64) numJudgement {
	cat := DefaultCatalog()
	ys := []int{d.Base() - 2, d.Base() - 1, d.Base()}
	m := numJudgement{expect: M("criteria.expect_growth", ys[0], ys[2], label, cmpSigns[op], withUnit(bound(t), "%"))}
	var gaps Messages
	var each []string
	prod := 1.0
	for _, y := range ys {
		v, ok := d.Num(field, y)
		if !ok {
			gaps = append(gaps, M("criteria.year", y, cat.Label(field)))
			continue
		}
		m.values = append(m.values, SeenValue{Field: field, Year: y, Num: f64ptr(v)})
		each = append(each, num2(v))
		prod *= 1 + v/100
	}
	switch {
	case len(gaps) > 0:
		m.outcome, m.reason = Missing, Messages{M("criteria.missing_years", M("join.list", gaps))}
		return m
	case prod < 0: // a fall of more than 100 %: no mean growth
		m.outcome, m.reason = Missing, Messages{M("criteria.growth_undefined", label, withUnit(M("join.list", each), "%"))}
		return m
	}
	g := (math.Cbrt(prod) - 1) * 100
	m.figure = M("criteria.figure_growth", ys[0], ys[2], label, withUnit(num2(g), "%"), withUnit(M("join.list", each), "%"))
	words := cmpWords[op]
	m.outcome, m.reason = Fail, Messages{M("criteria.figure_compared", m.figure, words[1], withUnit(bound(t), "%"))}
	if holds(op, g, t) {
		m.outcome, m.reason = Pass, Messages{M("criteria.figure_compared", m.figure, words[0], withUnit(bound(t), "%"))}
	}
	return m
}
