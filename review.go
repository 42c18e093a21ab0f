package clusterscope

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// KindApplication is the Decision kind of an application's review steps;
// the subject is the cluster id, the batch the application's.
const KindApplication = "application"

// Step is what a reviewer does to an application: the notice's 受理 →
// 初审 → 实地审查 → 公示 → 推荐 at the city, the province's own 实地抽查,
// 公示 and recommendation to the ministry, and 取消资格 at any point.
type Step string

// The review steps.
const (
	StepReceive   Step = "receive"   // 受理: received on a date
	StepReturn    Step = "return"    // 退回修改, with the problems
	StepPrecheck  Step = "precheck"  // 初审: pass or fail
	StepVisit     Step = "visit"     // 实地审查 (the city's)
	StepPublicity Step = "publicity" // 公示: a period for the list
	StepObjection Step = "objection" // 异议 received during a 公示
	StepRecommend Step = "recommend" // 推荐 / 不推荐 to the province
	StepSample    Step = "sample"    // 实地抽查 (the province's)
	StepProvince  Step = "province"  // the province's 推荐 / 不推荐 to the ministry
	StepCancel    Step = "cancel"    // 取消资格 (the notice's 第三条)
)

// Steps in the order of the review.
var Steps = []Step{StepReceive, StepReturn, StepPrecheck, StepVisit, StepPublicity, StepObjection, StepRecommend,
	StepSample, StepProvince, StepCancel}

// Label is the step in Chinese.
func (s Step) Label() string {
	switch s {
	case StepReceive:
		return "受理"
	case StepReturn:
		return "退回修改"
	case StepPrecheck:
		return "初审"
	case StepVisit:
		return "实地审查"
	case StepPublicity:
		return "公示"
	case StepObjection:
		return "异议处理"
	case StepRecommend:
		return "市级推荐"
	case StepSample:
		return "实地抽查"
	case StepProvince:
		return "省级推荐"
	case StepCancel:
		return "取消资格"
	}
	return string(s)
}

// ReviewState is where an application's review stands: the State of its
// latest decision ("" before any).
type ReviewState string

// The states, in the order of the review.
const (
	StatePending                ReviewState = ""
	StateLate                   ReviewState = "late"
	StateReceived               ReviewState = "received"
	StateReturned               ReviewState = "returned"
	StatePrecheckFailed         ReviewState = "precheck_failed"
	StatePrecheckPassed         ReviewState = "precheck_passed"
	StateVisitFailed            ReviewState = "visit_failed"
	StateVisited                ReviewState = "visited"
	StatePublicised             ReviewState = "publicised"
	StateNotRecommended         ReviewState = "not_recommended"
	StateRecommended            ReviewState = "recommended"
	StateSampleFailed           ReviewState = "sample_failed"
	StateSampled                ReviewState = "sampled"
	StateProvincePublicised     ReviewState = "province_publicised"
	StateProvinceNotRecommended ReviewState = "province_not_recommended"
	StateProvinceRecommended    ReviewState = "province_recommended"
	StateCancelled              ReviewState = "cancelled"
)

// ReviewStates in order.
var ReviewStates = []ReviewState{StatePending, StateLate, StateReceived, StateReturned, StatePrecheckFailed,
	StatePrecheckPassed, StateVisitFailed, StateVisited, StatePublicised, StateNotRecommended, StateRecommended,
	StateSampleFailed, StateSampled, StateProvincePublicised, StateProvinceNotRecommended, StateProvinceRecommended,
	StateCancelled}

// Label is the state in Chinese.
func (s ReviewState) Label() string {
	switch s {
	case StatePending:
		return "待受理"
	case StateLate:
		return "逾期未受理"
	case StateReceived:
		return "已受理"
	case StateReturned:
		return "已退回修改"
	case StatePrecheckFailed:
		return "初审未通过"
	case StatePrecheckPassed:
		return "初审通过"
	case StateVisitFailed:
		return "实地审查未通过"
	case StateVisited:
		return "实地审查通过"
	case StatePublicised:
		return "公示中"
	case StateNotRecommended:
		return "市级不推荐"
	case StateRecommended:
		return "市级已推荐"
	case StateSampleFailed:
		return "实地抽查未通过"
	case StateSampled:
		return "实地抽查通过"
	case StateProvincePublicised:
		return "省级公示中"
	case StateProvinceNotRecommended:
		return "省级不推荐"
	case StateProvinceRecommended:
		return "省级已推荐"
	case StateCancelled:
		return "已取消资格"
	}
	return string(s)
}

// AtProvince reports whether the application has left the city: the city
// recommended it, and what follows is the province's.
func (s ReviewState) AtProvince() bool {
	switch s {
	case StateRecommended, StateSampleFailed, StateSampled, StateProvincePublicised,
		StateProvinceNotRecommended, StateProvinceRecommended:
		return true
	}
	return false
}

// StepOutcome is what a reviewer chooses at a step.
type StepOutcome string

// The outcomes a reviewer chooses at a step.
const (
	OutcomePass         StepOutcome = "pass"          // 通过
	OutcomeFail         StepOutcome = "fail"          // 不通过
	OutcomeRecommend    StepOutcome = "recommend"     // 推荐
	OutcomeNotRecommend StepOutcome = "not_recommend" // 不推荐
	OutcomeUpheld       StepOutcome = "upheld"        // 异议成立
	OutcomeRejected     StepOutcome = "rejected"      // 异议不成立
)

// OutcomeLabel is an outcome in Chinese.
func OutcomeLabel(o StepOutcome) string {
	switch o {
	case OutcomePass:
		return "通过"
	case OutcomeFail:
		return "不通过"
	case OutcomeRecommend:
		return "推荐"
	case OutcomeNotRecommend:
		return "不推荐"
	case OutcomeUpheld:
		return "异议成立"
	case OutcomeRejected:
		return "异议不成立"
	}
	return string(o)
}

// The grounds of 取消资格 (the notice's 第三条).
const (
	GroundFalseDeclaration   = "false_declaration"   // 虚假申报
	GroundConcealedViolation = "concealed_violation" // 隐瞒违法违规行为
)

// ReviewLevel is who takes a step.
type ReviewLevel string

// Who takes the steps: the city's officials (市级), the province's (省级),
// or any reviewer of the application's region (取消资格).
const (
	LevelCity     ReviewLevel = "city"
	LevelProvince ReviewLevel = "province"
	LevelAny      ReviewLevel = "any"
)

// FactKind is how a step's fact is written.
type FactKind string

// The kinds of facts.
const (
	FactDate   FactKind = "date"   // 2022-10-18
	FactText   FactKind = "text"   // one line
	FactLines  FactKind = "lines"  // one item a line (退回修改's problems)
	FactChoice FactKind = "choice" // one of Choices
)

// FactSpec is one thing a step records besides its outcome and reason.
type FactSpec struct {
	Key      string   `json:"key"`
	Label    string   `json:"label"` // Chinese
	Kind     FactKind `json:"kind"`
	Required bool     `json:"required"`
	Choices  []string `json:"choices,omitempty"`
}

// StepSpec is a step's rule: from which states it may be taken, by whom,
// with which outcomes and facts.
type StepSpec struct {
	Step     Step          `json:"step"`
	Level    ReviewLevel   `json:"level"`
	From     []ReviewState `json:"from"`
	Outcomes []StepOutcome `json:"outcomes,omitempty"` // none: the step has one result
	Facts    []FactSpec    `json:"facts,omitempty"`
	Bulk     bool          `json:"bulk,omitempty"` // may be taken for many applications at once
}

// Facts a step records as well as its own, under these keys.
const (
	factStep       = "step"
	factOutcome    = "outcome"
	factLevel      = "level"       // city or province: whose 公示 or 异议
	factDeadline   = "deadline"    // the deadline a receipt was judged against
	factLate       = "late"        // true when received after it
	factLoad       = "load"        // the load of the application the step saw
	factPrefill    = "prefill"     // what the criteria and target rules said at 初审
	factOverride   = "overrides"   // true when 初审 passed what they failed
	factResubmit   = "resubmitted" // true for a receipt after 退回修改
	FactSegment    = "segment"     // the reviewer's 细分领域 (初审)
	FactReceivedOn = "received_on"
	FactExcuse     = "excuse"
	FactProblems   = "problems"
	FactStart      = "start"
	FactEnd        = "end"
)

var (
	dateFact = func(key, label string) FactSpec {
		return FactSpec{Key: key, Label: label, Kind: FactDate, Required: true}
	}
	textFact = func(key, label string) FactSpec {
		return FactSpec{Key: key, Label: label, Kind: FactText, Required: true}
	}
	visit  = []FactSpec{dateFact("visited_on", "日期"), textFact("team", "参加人员"), textFact("findings", "审查发现")}
	atCity = []ReviewState{StatePending, StateLate, StateReceived, StateReturned, StatePrecheckFailed, StatePrecheckPassed,
		StateVisitFailed, StateVisited, StatePublicised, StateNotRecommended}
)

// stepSpecs are the review's rules.
var stepSpecs = map[Step]StepSpec{
	StepReceive: {Step: StepReceive, Level: LevelCity, Bulk: true, From: []ReviewState{StatePending, StateLate, StateReturned},
		Facts: []FactSpec{dateFact(FactReceivedOn, "受理日期"), {Key: FactExcuse, Label: "逾期受理的理由（省级评审填写）", Kind: FactText}}},
	StepReturn: {Step: StepReturn, Level: LevelCity, From: []ReviewState{StateReceived, StatePrecheckFailed, StatePrecheckPassed},
		Facts: []FactSpec{{Key: FactProblems, Label: "存在的问题（每行一条）", Kind: FactLines, Required: true}}},
	StepPrecheck: {Step: StepPrecheck, Level: LevelCity, Outcomes: []StepOutcome{OutcomePass, OutcomeFail},
		From:  []ReviewState{StateReceived, StatePrecheckFailed, StatePrecheckPassed},
		Facts: []FactSpec{{Key: FactSegment, Label: "细分领域", Kind: FactText}}},
	StepVisit: {Step: StepVisit, Level: LevelCity, Outcomes: []StepOutcome{OutcomePass, OutcomeFail},
		From: []ReviewState{StatePrecheckPassed, StateVisitFailed, StateVisited}, Facts: visit},
	StepPublicity: {Step: StepPublicity, Level: LevelCity,
		From:  []ReviewState{StateVisited, StatePublicised, StateRecommended, StateSampled, StateProvincePublicised},
		Facts: []FactSpec{dateFact(FactStart, "公示开始日期"), dateFact(FactEnd, "公示结束日期")}},
	StepObjection: {Step: StepObjection, Level: LevelCity, Outcomes: []StepOutcome{OutcomeUpheld, OutcomeRejected},
		From:  []ReviewState{StatePublicised, StateProvincePublicised},
		Facts: []FactSpec{dateFact(FactReceivedOn, "异议收到日期"), textFact("summary", "异议摘要")}},
	StepRecommend: {Step: StepRecommend, Level: LevelCity, Bulk: true, Outcomes: []StepOutcome{OutcomeRecommend, OutcomeNotRecommend},
		From: []ReviewState{StateVisited, StatePublicised, StateNotRecommended, StateRecommended}},
	StepSample: {Step: StepSample, Level: LevelProvince, Outcomes: []StepOutcome{OutcomePass, OutcomeFail},
		From: []ReviewState{StateRecommended, StateSampleFailed, StateSampled}, Facts: visit},
	StepProvince: {Step: StepProvince, Level: LevelProvince, Bulk: true, Outcomes: []StepOutcome{OutcomeRecommend, OutcomeNotRecommend},
		From: []ReviewState{StateRecommended, StateSampleFailed, StateSampled, StateProvincePublicised,
			StateProvinceNotRecommended, StateProvinceRecommended}},
	StepCancel: {Step: StepCancel, Level: LevelAny, From: append(slices.Clip(atCity), StateRecommended, StateSampleFailed,
		StateSampled, StateProvincePublicised, StateProvinceNotRecommended, StateProvinceRecommended),
		Facts: []FactSpec{{Key: "ground", Label: "取消事由", Kind: FactChoice, Required: true,
			Choices: []string{GroundFalseDeclaration, GroundConcealedViolation}}, textFact("finding", "查实情况")}},
}

// Spec returns the step's rule.
func (s Step) Spec() (StepSpec, bool) {
	spec, ok := stepSpecs[s]
	return spec, ok
}

// GroundLabel is a ground of 取消资格 in the notice's words.
func GroundLabel(g string) string {
	switch g {
	case GroundFalseDeclaration:
		return "虚假申报"
	case GroundConcealedViolation:
		return "隐瞒违法违规行为"
	}
	return g
}

// Act is what a reviewer asks to do to an application.
type Act struct {
	Step    Step
	Outcome StepOutcome       // one of the step's Outcomes; "" for a step with one result
	Why     string            // the reason, in their words: every step has one
	Facts   map[string]string // the step's facts by key
}

// ReviewContext is what a step is judged with besides the application's
// history: who acts, when, the call and the figures.
type ReviewContext struct {
	Reviewer User
	Cluster  Cluster
	// Call is the call the city's receipt is judged under (the province's
	// own, else the national one); nil: no deadline.
	Call *Call
	// Today is the day the step is taken (a date at 00:00 UTC, as the
	// call's deadlines are): no date of the step may lie after it.
	Today time.Time
	// Load is the load that holds the application as it stands: a
	// resubmission after 退回修改 is a later one.
	Load int64
	// Prefill is what the criteria and target rules say of the application,
	// the 初审 the reviewer confirms or overrides.
	Prefill Outcome
	// Quota says why recommending the application at the step's level would
	// break a quota of the call (QuotaBreak), or nil.
	Quota func() Messages
}

// ReviewHistory is an application's decisions, oldest first.
type ReviewHistory []Decision

// Current is the latest decision (Version 0 before any).
func (r ReviewHistory) Current() Decision {
	if len(r) == 0 {
		return Decision{}
	}
	return r[len(r)-1]
}

// State is where the review stands.
func (r ReviewHistory) State() ReviewState { return ReviewState(r.Current().State) }

// Segment is the 细分领域 a reviewer last set (初审), or "".
func (r ReviewHistory) Segment() string {
	for i := len(r) - 1; i >= 0; i-- {
		if s := strings.TrimSpace(r[i].Facts[FactSegment]); s != "" {
			return s
		}
	}
	return ""
}

// StepOf is the step a decision recorded.
func StepOf(d Decision) Step { return Step(d.Facts[factStep]) }

// OutcomeOf is the outcome a decision recorded, "" for a step with one.
func OutcomeOf(d Decision) StepOutcome { return StepOutcome(d.Facts[factOutcome]) }

// publicity is the stage's latest 公示 (its index in r, or -1) and whether an
// objection received since was upheld.
func (r ReviewHistory) publicity(level ReviewLevel) (at int, upheld bool) {
	at = -1
	for i, d := range r {
		switch {
		case StepOf(d) == StepPublicity && d.Facts[factLevel] == string(level):
			at, upheld = i, false
		case StepOf(d) == StepObjection && d.Facts[factLevel] == string(level) && OutcomeOf(d) == OutcomeUpheld && at >= 0:
			upheld = true
		}
	}
	return at, upheld
}

// stageLevel is whose 公示 or 异议 a step from the state is.
func stageLevel(s ReviewState) ReviewLevel {
	if s.AtProvince() {
		return LevelProvince
	}
	return LevelCity
}

// mayAct reports whether u takes steps at the level: 市级 users the city's,
// 省级 users the province's, either (and the ministry) 取消资格. Read-only
// users and administrators take none.
func mayAct(u User, level ReviewLevel) bool {
	if u.Disabled {
		return false
	}
	switch level {
	case LevelCity:
		return u.Role == RoleCity
	case LevelProvince:
		return u.Role == RoleProvince
	}
	return u.Role == RoleCity || u.Role == RoleProvince || u.Role == RoleMinistry
}

// levelOf is who takes the step from the state.
func levelOf(spec StepSpec, from ReviewState) ReviewLevel {
	if spec.Step == StepPublicity || spec.Step == StepObjection {
		return stageLevel(from)
	}
	return spec.Level
}

// Allowed are the steps u may take on the application now.
func (r ReviewHistory) Allowed(u User) []Step {
	var out []Step
	st := r.State()
	for _, s := range Steps {
		spec := stepSpecs[s]
		if !slices.Contains(spec.From, st) {
			continue
		}
		// A late application is received by the province, which records why.
		if s == StepReceive && st == StateLate {
			if mayExcuse(u) {
				out = append(out, s)
			}
		} else if mayAct(u, levelOf(spec, st)) {
			out = append(out, s)
		}
	}
	return out
}

// mayExcuse reports whether u may accept a late application: an official
// above the city (省级 or 部级), who records why.
func mayExcuse(u User) bool { return !u.Disabled && (u.Role == RoleProvince || u.Role == RoleMinistry) }

// ReceiptDeadline is the last day an application may be received at the
// city under the call: the deadline from the county to the city, or, when
// the call sets none, the first later one (an application received after
// the city must have sent its list on cannot be sent on). ok is false when
// the call sets none.
func ReceiptDeadline(c *Call) (day time.Time, level Level, ok bool) {
	if c == nil {
		return time.Time{}, "", false
	}
	for _, lv := range Levels {
		if d, found := c.Deadlines[lv]; found {
			return d, lv, true
		}
	}
	return time.Time{}, "", false
}

// Take judges the act on the application as it stands and returns the
// decision to record (the caller records it on r.Current().Version), or
// the refusal: an *Error whose Reason says why, with the code EINVALID (the
// act is incomplete), EFORBIDDEN (not the reviewer's step) or ECONFLICT
// (the application's state does not allow it).
func (r ReviewHistory) Take(a Act, ctx ReviewContext) (Decision, error) {
	spec, ok := stepSpecs[a.Step]
	if !ok {
		return Decision{}, Refuse(EINVALID, M("review.unknown_step", a.Step))
	}
	from := r.State()
	label := Word(a.Step.Label())
	switch {
	case from == StateCancelled:
		return Decision{}, Refuse(ECONFLICT, M("review.cancelled", label))
	case !slices.Contains(spec.From, from):
		return Decision{}, Refuse(ECONFLICT, M("review.not_from", label, Word(from.Label())))
	}
	level := levelOf(spec, from)
	excusing := a.Step == StepReceive && strings.TrimSpace(a.Facts[FactExcuse]) != ""
	if !mayAct(ctx.Reviewer, level) && !(excusing && mayExcuse(ctx.Reviewer)) {
		return Decision{}, Refuse(EFORBIDDEN, M("review.not_yours", label, Word(levelWord(level))))
	}
	facts, err := checkFacts(spec, a, ctx.Today)
	if err != nil {
		return Decision{}, err
	}
	why := strings.TrimSpace(a.Why)
	if why == "" {
		return Decision{}, Refuse(EINVALID, M("review.why_missing", label))
	}
	d := Decision{Kind: KindApplication, Subject: ctx.Cluster.ID, Batch: ctx.Cluster.Batch, Who: ctx.Reviewer.Name, Why: why, Facts: facts}
	facts[factStep] = string(a.Step)
	if a.Outcome != "" {
		facts[factOutcome] = string(a.Outcome)
	}
	state, err := r.judge(a, spec, from, level, ctx, facts)
	if err != nil {
		return Decision{}, err
	}
	d.State = string(state)
	return d, nil
}

// judge is the state the step leads to, with the step's own rules.
func (r ReviewHistory) judge(a Act, spec StepSpec, from ReviewState, level ReviewLevel, ctx ReviewContext, facts map[string]string) (ReviewState, error) {
	label := Word(a.Step.Label())
	switch a.Step {
	case StepReceive:
		return r.receive(from, ctx, facts)
	case StepReturn:
		facts[factLoad] = itoa(ctx.Load)
		return StateReturned, nil
	case StepPrecheck:
		facts[factPrefill] = string(ctx.Prefill)
		if a.Outcome == OutcomePass && ctx.Prefill != Pass && ctx.Prefill != Warn {
			facts[factOverride] = "true" // the reason says why the criteria are overridden
		}
		return pick(a.Outcome == OutcomePass, StatePrecheckPassed, StatePrecheckFailed), nil
	case StepVisit:
		return pick(a.Outcome == OutcomePass, StateVisited, StateVisitFailed), nil
	case StepSample:
		return pick(a.Outcome == OutcomePass, StateSampled, StateSampleFailed), nil
	case StepPublicity:
		facts[factLevel] = string(level)
		if facts[FactEnd] < facts[FactStart] {
			return "", Refuse(EINVALID, M("review.period_reversed", facts[FactStart], facts[FactEnd]))
		}
		return pick(level == LevelProvince, StateProvincePublicised, StatePublicised), nil
	case StepObjection:
		facts[factLevel] = string(level)
		at, _ := r.publicity(level)
		if at >= 0 && facts[FactReceivedOn] < r[at].Facts[FactStart] {
			return "", Refuse(EINVALID, M("review.objection_before", facts[FactReceivedOn], r[at].Facts[FactStart]))
		}
		return from, nil
	case StepRecommend, StepProvince:
		if a.Outcome == OutcomeNotRecommend {
			return pick(a.Step == StepProvince, StateProvinceNotRecommended, StateNotRecommended), nil
		}
		if from == StateSampleFailed {
			return "", Refuse(ECONFLICT, M("review.sample_failed"))
		}
		stage := pick(a.Step == StepProvince, LevelProvince, LevelCity)
		if at, upheld := r.publicity(stage); at >= 0 {
			if end := r[at].Facts[FactEnd]; ctx.Today.Format(time.DateOnly) <= end {
				return "", Refuse(ECONFLICT, M("review.publicity_running", end))
			} else if upheld {
				return "", Refuse(ECONFLICT, M("review.objection_upheld"))
			}
		}
		if ctx.Quota != nil {
			if why := ctx.Quota(); len(why) > 0 {
				return "", Refuse(ECONFLICT, M("review.over_quota", label, why))
			}
		}
		return pick(a.Step == StepProvince, StateProvinceRecommended, StateRecommended), nil
	case StepCancel:
		return StateCancelled, nil
	}
	return "", Refuse(EINVALID, M("review.unknown_step", a.Step))
}

// receive judges a receipt against the call's deadline: the deadline day
// itself is on time, the day after is late. A late application is 逾期
// and not accepted, unless an official above the city records why.
func (r ReviewHistory) receive(from ReviewState, ctx ReviewContext, facts map[string]string) (ReviewState, error) {
	if from == StateReturned {
		ret := r.Current()
		if ctx.Load <= atoi(ret.Facts[factLoad]) {
			return "", Refuse(ECONFLICT, M("review.not_resubmitted", ret.At.Format(time.DateOnly)))
		}
		facts[factResubmit] = "true"
	}
	facts[factLoad] = itoa(ctx.Load)
	excuse := strings.TrimSpace(facts[FactExcuse])
	deadline, lv, ok := ReceiptDeadline(ctx.Call)
	late := ok && facts[FactReceivedOn] > deadline.Format(time.DateOnly)
	if from == StateLate && !late {
		// once late, always late: a receipt is not undone by a new date
		late, facts[FactReceivedOn] = true, r.Current().Facts[FactReceivedOn]
	}
	if !late {
		delete(facts, FactExcuse) // nothing to excuse
		if !mayAct(ctx.Reviewer, LevelCity) {
			return "", Refuse(EFORBIDDEN, M("review.not_yours", Word(StepReceive.Label()), Word(levelWord(LevelCity))))
		}
		return StateReceived, nil
	}
	facts[factLate] = "true"
	if ok {
		facts[factDeadline] = deadline.Format(time.DateOnly)
	} else {
		facts[factDeadline] = r.Current().Facts[factDeadline]
	}
	switch {
	case excuse != "" && mayExcuse(ctx.Reviewer):
		return StateReceived, nil
	case excuse != "":
		return "", Refuse(EFORBIDDEN, M("review.excuse_forbidden"))
	case from == StateLate:
		return "", Refuse(ECONFLICT, M("review.still_late", Word(lv.Label()), facts[factDeadline]))
	}
	return StateLate, nil
}

// Prefill is the 初审 the figures suggest, which the reviewer confirms or
// overrides with a reason: the criteria's outcome, a fail when a target
// rule fails.
func Prefill(a Assessment) Outcome {
	o := a.Outcome
	for _, t := range a.Targets {
		if t.Outcome == Fail {
			o = worse(o, Fail)
		}
	}
	return o
}

// LateNote says why a receipt was late, for the history; zero when it was not.
func LateNote(d Decision) Message {
	if d.Facts[factLate] != "true" {
		return Message{}
	}
	if d.State == string(StateLate) {
		return M("review.late", d.Facts[FactReceivedOn], d.Facts[factDeadline])
	}
	return M("review.late_excused", d.Facts[FactReceivedOn], d.Facts[factDeadline], d.Facts[FactExcuse])
}

// Overridden reports whether a 初审 passed what the criteria failed, and
// what they said.
func Overridden(d Decision) (Outcome, bool) {
	return Outcome(d.Facts[factPrefill]), d.Facts[factOverride] == "true"
}

// OverrideStep is the 初审 an override (破格推荐) of an earlier release
// stands for: a pass over failed criteria, with its author's reason; its
// withdrawal (an empty reason) a fail, the criteria's word standing again.
// The time it was taken is kept among the facts.
func OverrideStep(o Override) Decision {
	d := Decision{Kind: KindApplication, Subject: o.ClusterID, Who: o.By, Why: o.Reason,
		State: string(StatePrecheckPassed), Facts: map[string]string{factStep: string(StepPrecheck), factOutcome: string(OutcomePass),
			factPrefill: string(Fail), factOverride: "true", "migrated_from": "override", "taken_at": o.At.UTC().Format(time.RFC3339)}}
	if strings.TrimSpace(o.Reason) == "" {
		d.State, d.Why, d.Facts[factOutcome] = string(StatePrecheckFailed), "撤销破格推荐", string(OutcomeFail)
		delete(d.Facts, factOverride)
	}
	return d
}

// Resubmitted reports whether a receipt took a corrected resubmission.
func Resubmitted(d Decision) bool { return d.Facts[factResubmit] == "true" }

// checkFacts checks the act's facts against the step's: each known, each
// required one given, dates real and not after today, a choice among the
// step's; outcome one of the step's. It returns them trimmed.
func checkFacts(spec StepSpec, a Act, today time.Time) (map[string]string, error) {
	label := Word(a.Step.Label())
	if len(spec.Outcomes) > 0 && !slices.Contains(spec.Outcomes, a.Outcome) || len(spec.Outcomes) == 0 && a.Outcome != "" {
		return nil, Refuse(EINVALID, M("review.bad_outcome", label, a.Outcome))
	}
	out := map[string]string{}
	for k := range a.Facts {
		if !slices.ContainsFunc(spec.Facts, func(f FactSpec) bool { return f.Key == k }) {
			return nil, Refuse(EINVALID, M("review.unknown_fact", label, k))
		}
	}
	for _, f := range spec.Facts {
		v := strings.TrimSpace(a.Facts[f.Key])
		if f.Kind == FactLines {
			var lines []string
			for _, line := range strings.Split(v, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					lines = append(lines, line)
				}
			}
			v = strings.Join(lines, "\n")
		}
		switch {
		case v == "" && f.Required:
			return nil, Refuse(EINVALID, M("review.fact_missing", label, Word(f.Label)))
		case v == "":
			continue
		case f.Kind == FactDate:
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return nil, Refuse(EINVALID, M("review.bad_date", Word(f.Label), v))
			}
			// a 公示 may be announced before it starts
			if t.After(today) && f.Key != FactStart && f.Key != FactEnd {
				return nil, Refuse(EINVALID, M("review.future_date", Word(f.Label), v, today.Format(time.DateOnly)))
			}
		case f.Kind == FactChoice && !slices.Contains(f.Choices, v):
			return nil, Refuse(EINVALID, M("review.bad_choice", Word(f.Label), v))
		}
		out[f.Key] = v
	}
	return out, nil
}

func levelWord(l ReviewLevel) string {
	switch l {
	case LevelCity:
		return "市级评审"
	case LevelProvince:
		return "省级评审"
	}
	return "市级、省级或部级评审"
}

func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// atoi reads a number this file wrote; 0 for none.
func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
