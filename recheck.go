package clusterscope

import (
	"slices"
	"sync"
)

// The 复核 at the end of a term re-checks the 认定标准 one by one on the
// cluster's latest reported year and the completion of its three-year
// plan; the yearly reports and the changes they show are weighed too.
// Recheck gathers what the ministry officer needs and suggests an answer
// with its reasons; the province's 初审 and the ministry's decision are
// the people's (CheckDecision).

// Suggestion is what the figures suggest of a 复核.
type Suggestion string

// The suggestions.
const (
	SuggestPass  Suggestion = "pass"  // 通过
	SuggestFail  Suggestion = "fail"  // 不通过
	SuggestCheck Suggestion = "check" // 待核实: figures are missing that could decide it
)

// Suggestions in the order the pages count them.
var Suggestions = []Suggestion{SuggestPass, SuggestFail, SuggestCheck}

// Label is the suggestion in Chinese.
func (s Suggestion) Label() string {
	switch s {
	case SuggestPass:
		return "建议通过"
	case SuggestFail:
		return "建议不通过"
	case SuggestCheck:
		return "待核实"
	}
	return string(s)
}

// TargetCompletion is one target of the plan at its final year: the
// actual against the plan's value, and the rule a–g it had to meet applied
// to the actuals.
type TargetCompletion struct {
	Code     string           `json:"code"`
	Label    string           `json:"label"`
	Unit     string           `json:"unit"`
	RuleText string           `json:"rule_text"` // a. 产值年均增速不低于10%; "" for an own target
	Year     int              `json:"year"`      // the plan's final year
	Baseline *float64         `json:"baseline"`
	Path     map[int]float64  `json:"path"`  // each plan year's target
	Given    bool             `json:"given"` // the plan gave every year's; false: the constant-growth path from the final
	Actual   *float64         `json:"actual"`
	Status   MilestoneStatus  `json:"status"` // the final year's actual against the plan
	Share    float64          `json:"share"`  // of the planned change achieved
	Rule     Outcome          `json:"rule"`   // the rule a–g on the actuals; Review for an own target
	Reason   Messages         `json:"reason"`
	actuals  map[int]*float64 // the plan years' actuals
}

// Recheck is a cluster's 复核 on the figures received by the as-of day.
type Recheck struct {
	Term     Term               `json:"term"`     // the term reviewed
	Latest   int                `json:"latest"`   // the latest year reported on; 0: none
	RuleSet  string             `json:"rule_set"` // ID@version of the set that re-judged the criteria
	Criteria []CriterionResult  `json:"criteria"` // on the latest year's figures
	Plan     Term               `json:"plan"`     // the years of the plan judged: the application's
	Original bool               `json:"original"` // a later term judged on the application's plan (PlanNote)
	Targets  []TargetCompletion `json:"targets"`
	Reports  []ReportCheck      `json:"reports"` // the term's
	Changes  []Change           `json:"changes"` // shown by the term's reports
	Suggest  Suggestion         `json:"suggest"`
	Reasons  Messages           `json:"reasons"`
	Cause    WithdrawCause      `json:"cause,omitempty"` // the withdrawal cause the figures point to, if not passed
}

// RecheckCluster judges a cluster for the 复核 of its term: rs's criteria
// on the figures of its latest reported year (AsReported), each numeric
// target of app's plan at the plan's final year, and the timeliness of the
// term's reports (those on the year before its first to the year before
// its last) and the changes they show. reports are the cluster's yearly
// reports and checks its reports judged, of every term; only the years
// checks say were received count.
//
// The plan is always the application's: the programme asks no new targets
// of a cluster whose term a 复核 extended (工信部企业〔2022〕119号 and the
// list notices: passed, the term is extended by three years), so a later
// term's 复核 judges the plan the first did, and says so (PlanNote).
func RecheckCluster(rs *RuleSet, app *ClusterData, reports []*Report, checks []ReportCheck, term Term) Recheck {
	return RecheckFigures(rs, app, reports, ReceivedYears(checks), term).WithReports(checks)
}

// ReceivedYears are the years checks say were received.
func ReceivedYears(checks []ReportCheck) []int {
	var out []int
	for _, c := range checks {
		if c.Received != nil {
			out = append(out, c.Year)
		}
	}
	return out
}

// RecheckFigures is RecheckCluster's judgment of the figures alone: the
// criteria, the plan and the changes, on the reports of the received
// years, with the suggestion and its reasons. It does not depend on the
// as-of day but through received, so that it can be kept for as long as
// they and the figures stay the same; WithReports adds what does (the
// reports' timeliness) and the plan note.
func RecheckFigures(rs *RuleSet, app *ClusterData, reports []*Report, received []int, term Term) Recheck {
	r := Recheck{Term: term, RuleSet: rs.Ref(), Plan: Term{Start: app.Cluster.Batch, End: app.Cluster.Batch + 2}}
	var got []*Report
	for _, rep := range reports {
		if rep.Year > 0 && rep.Year < term.End && slices.Contains(received, rep.Year) && rep.ClusterID == app.Cluster.ID &&
			rep.Batch == app.Cluster.Batch {
			got = append(got, rep)
			r.Latest = max(r.Latest, rep.Year)
		}
	}
	slices.SortStableFunc(got, func(a, b *Report) int { return a.Year - b.Year })
	if r.Latest > 0 {
		r.Criteria = rs.Assess(app.AsReported(got, r.Latest))
	}
	r.Targets = completeTargets(rs, app, got)
	for _, c := range DetectChanges(changeObservations(app, got)) {
		if c.Year >= term.Start-1 { // an earlier term's were weighed at its 复核
			r.Changes = append(r.Changes, c)
		}
	}
	r.Original = term.Start-1 > r.Plan.End
	r.suggest(r.Plan.End)
	return r
}

// WithReports returns r (of RecheckFigures) with the term's reports among
// checks (those on the year before its first to the year before its
// last) and, after its reasons, the notes on the late and missing ones and
// the plan note. r itself is left as it was.
func (r Recheck) WithReports(checks []ReportCheck) Recheck {
	r.Reports = nil
	var notes Messages
	for _, c := range checks {
		if c.Year < r.Term.Start-1 || c.Year >= r.Term.End {
			continue
		}
		r.Reports = append(r.Reports, c)
		switch c.Status {
		case ReportLate:
			notes = append(notes, M("recheck.report_late", c.Year, c.DaysLate))
		case ReportMissing:
			notes = append(notes, M("recheck.report_missing", c.Year, c.DaysLate))
		}
	}
	if n := r.PlanNote(); n != nil {
		notes = append(notes, *n)
	}
	r.Reasons = append(slices.Clip(r.Reasons), notes...)
	return r
}

// PlanNote says, for a later term's 复核, that the plan judged is the
// application's and why; nil for a first term's.
func (r *Recheck) PlanNote() *Message {
	if !r.Original {
		return nil
	}
	m := M("recheck.original_plan", r.Term.Start, r.Term.End, r.Plan.Start, r.Plan.End)
	return &m
}

// changeFacts are a report's fields that DetectChanges reads besides the
// ChangeFields.
var changeFacts = []string{"change_declared", "change_date"}

// changeObservations are the application's and the reports' values of the
// fields DetectChanges compares, as observations.
func changeObservations(d *ClusterData, reports []*Report) []Observation {
	var out []Observation
	for _, f := range ChangeFields {
		if t, ok := d.text(f, d.Base()); ok {
			o := Observation{ClusterID: d.Cluster.ID, Batch: d.Cluster.Batch, Field: f, AsOf: d.Base(), Text: t}
			if n, ok := d.num(f, d.Base()); ok {
				o.Num = &n
			}
			out = append(out, o)
		}
	}
	for _, r := range reports {
		for _, f := range append(ChangeFields[:len(ChangeFields):len(ChangeFields)], changeFacts...) {
			if t, n, y, ok := r.value(f); ok {
				out = append(out, Observation{ClusterID: r.ClusterID, Batch: r.Batch, Field: f, AsOf: y, Report: r.Year, Text: t, Num: n})
			}
		}
	}
	return out
}

// carried are the single-value fields the application's figure stands for
// until a report restates it: what the cluster is, not what a year did.
var carried = map[string]bool{"area_km2": true, "industry_type": true, "operator": true, "leading_industry": true}

// yearlyCodes says of each of NumericCodes whether it is a yearly field of
// the form: the numbers AsReported takes year by year.
var yearlyCodes = sync.OnceValue(func() []bool {
	cat := DefaultCatalog()
	codes := cat.NumericCodes()
	out := make([]bool, len(codes))
	for i, c := range codes {
		f := cat.Field(c)
		out[i] = f != nil && f.Yearly
	}
	return out
})

// AsReported is the cluster's figures as its yearly reports give them, as
// if it applied in the year after latest: each yearly field's years from
// the report on that year, or the application for a year it has; each
// single-value field from the latest report up to latest that states it
// (the application's only for what the cluster is, such as its area:
// carried). Targets stay the application's. reports are taken in order,
// a later one's value replacing an earlier's.
func (d *ClusterData) AsReported(reports []*Report, latest int) *ClusterData {
	cat := DefaultCatalog()
	yearly := yearlyCodes()
	out := &ClusterData{Cluster: d.Cluster, sheet: newSheet(), targets: d.targets}
	out.Cluster.Batch = latest + 1
	for _, fig := range d.figs {
		c := Figures{Year: fig.Year, Values: slices.Clone(fig.Values), Has: slices.Clone(fig.Has)}
		for i := range c.Has {
			c.Has[i] = c.Has[i] && yearly[i]
		}
		out.figs = append(out.figs, c)
	}
	// texts, the numbers without a column, and what is carried
	d.eachOther(func(field string, y int, text string, num *float64) {
		f := cat.Field(field)
		if f == nil {
			return
		}
		if !f.Yearly {
			if !carried[field] || y != d.Base() {
				return
			}
			y = latest
		}
		out.set(field, y, text, num)
	})
	for field := range carried {
		if i, ok := cat.NumericIndex(field); ok {
			if v, ok := d.num(field, d.Base()); ok {
				out.setFigure(i, latest, v)
			}
		}
	}
	codes := cat.NumericCodes()
	for _, r := range reports {
		if r.Year == 0 || r.Year > latest || r.ClusterID != d.Cluster.ID || r.Batch != d.Cluster.Batch {
			continue
		}
		to := func(field string) (int, bool) {
			f := cat.Field(field)
			switch {
			case f == nil:
				return 0, false
			case f.Yearly:
				return r.Year, true
			}
			return latest, true
		}
		for _, fig := range r.figs {
			for i, has := range fig.Has {
				if !has {
					continue
				}
				if y, ok := to(codes[i]); ok {
					out.setFigure(i, y, fig.Values[i])
				}
			}
		}
		r.eachOther(func(field string, _ int, text string, num *float64) {
			if y, ok := to(field); ok {
				out.set(field, y, text, num)
			}
		})
	}
	return out
}

// completeTargets judges each numeric target of the plan at its final
// year, in the order of TargetCodes, on the reports' actuals.
func completeTargets(rs *RuleSet, app *ClusterData, reports []*Report) []TargetCompletion {
	cat := DefaultCatalog()
	batch := app.Cluster.Batch
	actualOf := func(code string) map[int]*float64 {
		var out map[int]*float64
		for _, r := range reports {
			if r.Year < batch || r.Year > batch+2 {
				continue
			}
			if _, n, _, ok := r.value(code); ok && n != nil {
				if out == nil {
					out = map[int]*float64{}
				}
				out[r.Year] = n
			}
		}
		return out
	}
	// the rules a–g applied to the actuals: the plan's values replaced by them
	onActuals := &ClusterData{Cluster: app.Cluster, sheet: app.sheet, targets: map[string]*TargetValues{}}
	var out []TargetCompletion
	for _, code := range app.TargetCodes() {
		tv := app.Target(code)
		if tv.Text != "" || tv.Final() == nil && tv.Baseline == nil {
			continue // qualitative: no figure to complete
		}
		actual := actualOf(code)
		tc := TargetCompletion{Code: code, Label: tv.Label, Unit: tv.Unit, Year: batch + 2, Baseline: tv.Baseline,
			Rule: Review, actuals: actual}
		if t := cat.Target(code); t != nil {
			tc.Label, tc.Unit, tc.RuleText = t.Label, t.Unit, t.RuleText
		}
		stages := map[int]float64{}
		tc.Given = true
		for i, v := range tv.Values {
			if v != nil {
				stages[batch+i] = *v
			} else {
				tc.Given = false
			}
		}
		tc.Actual = actual[batch+2]
		var ok bool
		if tv.Baseline != nil {
			tc.Path, ok = MilestonePath(batch-1, *tv.Baseline, stages)
		}
		own := cat.Target(code) == nil
		switch {
		case !ok:
			tc.Status, tc.Rule, tc.Reason = NoReport, Missing, Messages{M("recheck.plan_incomplete", tc.Label)}
		case tc.Actual == nil && own: // the yearly report has no place for an own target's actual
			tc.Status, tc.Reason = NoReport, Messages{M("recheck.own_target", tc.Label)}
		case tc.Actual == nil:
			tc.Status = NoReport
		default:
			down := TargetFalls(code, tv.Direction, *tv.Baseline, tc.Path[batch+2])
			tc.Status, tc.Share = JudgeMilestone(*tv.Baseline, tc.Path[batch+2], *tc.Actual, down, rs.Settings.AtRiskShare)
		}
		if t := cat.Target(code); t != nil && ok {
			a := &TargetValues{Code: code, Baseline: tv.Baseline, Direction: tv.Direction}
			for i := range a.Values {
				a.Values[i] = actual[batch+i]
			}
			onActuals.targets[code] = a
		}
		out = append(out, tc)
	}
	for _, res := range JudgeTargets(rs, onActuals) {
		for i := range out {
			if t := cat.Target(out[i].Code); t != nil && out[i].Code == res.Code && res.Rule == t.Rule && onActuals.targets[res.Code] != nil {
				out[i].Rule, out[i].Reason = res.Outcome, Messages{M("recheck.on_actuals", res.Reason)}
			}
		}
	}
	return out
}

// suggest weighs the recheck: a criterion the latest year fails, a target
// behind its plan or short of its rule, or a change not reported suggests
// 不通过; figures missing that could decide it, 待核实; else 通过. Late or
// missing reports decide nothing: WithReports says them.
func (r *Recheck) suggest(final int) {
	var fail, check Messages
	for _, c := range r.Changes {
		if !c.Declared {
			fail = append(fail, M("recheck.unreported_change", c.Reported()))
			r.Cause = CauseUnreportedChange
		}
	}
	for _, c := range r.Criteria {
		switch c.Outcome {
		case Fail:
			fail = append(fail, M("recheck.criterion_failed", r.Latest, c.Wording, c.Reason))
			if cause, ok := criterionCauses[c.Criterion]; ok && r.Cause == "" {
				r.Cause = cause
			}
		case Missing:
			check = append(check, M("recheck.criterion_missing", r.Latest, c.Wording, c.Reason))
		}
	}
	if r.Latest == 0 {
		check = append(check, M("recheck.no_report"))
	}
	for _, t := range r.Targets {
		switch {
		case t.Rule == Missing && t.Path == nil:
			check = append(check, t.Reason...)
		case t.Actual == nil && t.Rule == Review: // an own target: for the experts
		case t.Actual == nil:
			check = append(check, M("recheck.target_missing", t.Label, t.Year))
		case t.Status == Behind:
			fail = append(fail, M("recheck.target_behind", t.Label, t.Year, withUnit(num2(*t.Actual), t.Unit),
				withUnit(num2(t.Path[t.Year]), t.Unit), num2(100*t.Share)))
		case t.Rule == Fail:
			fail = append(fail, M("recheck.rule_missed", t.Label, t.RuleText, t.Reason))
		case t.Rule == Missing:
			check = append(check, M("recheck.rule_undecided", t.Label, t.Reason))
		}
	}
	switch {
	case len(fail) > 0:
		r.Suggest, r.Reasons = SuggestFail, fail
		if r.Cause == "" {
			r.Cause = CauseRecheckFailed
		}
	case len(check) > 0:
		r.Suggest, r.Reasons = SuggestCheck, check
	default:
		r.Suggest, r.Reasons = SuggestPass, Messages{M("recheck.all_met", r.Latest, final, len(r.Targets))}
	}
}

// criterionCauses are the criteria whose failure is itself a cause to
// withdraw recognition, whatever the 复核.
var criterionCauses = map[string]WithdrawCause{
	"no_major_incidents":          CauseAccident,
	"no_tax_or_credit_violations": CauseTaxCredit,
}
