package clusterscope_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"clusterscope"
)

var (
	cityReviewer     = clusterscope.User{Name: "zw", Role: clusterscope.RoleCity, Scope: clusterscope.Scope{Province: nx, City: "中卫市"}}
	provinceReviewer = clusterscope.User{Name: "nx", Role: clusterscope.RoleProvince, Scope: clusterscope.Scope{Province: nx}}
	ministryReviewer = clusterscope.User{Name: "mi", Role: clusterscope.RoleMinistry}
	zwCluster        = clusterscope.Cluster{ID: "NX-ZW-001", Batch: 2022, Name: "枸杞", Province: nx, City: "中卫市"}
	// 宁夏's own call of 2022: cities send to the province by 18 October.
	ningxia2022 = &clusterscope.Call{ID: "ningxia-2022", Batch: 2022, Region: nx,
		Deadlines: map[clusterscope.Level]time.Time{clusterscope.CityToProvince: day("2022-10-18")}}
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// historyAt is a review standing at the state, as the steps before would
// have left it: a 公示 records its period and level, a return its load.
func historyAt(st clusterscope.ReviewState) clusterscope.ReviewHistory {
	if st == clusterscope.StatePending {
		return nil
	}
	d := clusterscope.Decision{Kind: clusterscope.KindApplication, Subject: zwCluster.ID, Batch: 2022, Version: 1,
		State: string(st), Who: "zw", Why: "前一步", Facts: map[string]string{}}
	switch st {
	case clusterscope.StatePublicised, clusterscope.StateProvincePublicised:
		level := map[bool]string{true: "province", false: "city"}[st == clusterscope.StateProvincePublicised]
		d.Facts = map[string]string{"step": "publicity", "level": level, "start": "2022-10-11", "end": "2022-10-17"}
	case clusterscope.StateReturned:
		d.Facts = map[string]string{"step": "return", "load": "1"}
	case clusterscope.StateLate:
		d.Facts = map[string]string{"step": "receive", "received_on": "2022-10-19", "late": "true", "deadline": "2022-10-18"}
	}
	return clusterscope.ReviewHistory{d}
}

// validAct is a complete act of the step, by the reviewer whose step it is
// from the state: what a reviewer fills in on the step's form.
func validAct(step clusterscope.Step, from clusterscope.ReviewState) (clusterscope.Act, clusterscope.User) {
	a := clusterscope.Act{Step: step, Why: "按要求办理"}
	who := cityReviewer
	switch step {
	case clusterscope.StepReceive:
		a.Facts = map[string]string{"received_on": "2022-10-10"}
		if from == clusterscope.StateLate {
			a.Facts["excuse"], who = "邮寄延误，有邮戳为证", provinceReviewer
		}
	case clusterscope.StepReturn:
		a.Facts = map[string]string{"problems": "2020 年产值与统计年鉴不符\n缺少佐证材料"}
	case clusterscope.StepPrecheck:
		a.Outcome = clusterscope.OutcomePass
	case clusterscope.StepVisit, clusterscope.StepSample:
		a.Outcome, a.Facts = clusterscope.OutcomePass, map[string]string{"visited_on": "2022-10-12", "team": "张三、李四", "findings": "园区在建"}
	case clusterscope.StepPublicity:
		a.Facts = map[string]string{"start": "2022-10-13", "end": "2022-10-19"}
	case clusterscope.StepObjection:
		a.Outcome, a.Facts = clusterscope.OutcomeRejected, map[string]string{"received_on": "2022-10-14", "summary": "产值存疑"}
	case clusterscope.StepRecommend, clusterscope.StepProvince:
		a.Outcome = clusterscope.OutcomeRecommend
	case clusterscope.StepCancel:
		a.Facts = map[string]string{"ground": clusterscope.GroundFalseDeclaration, "finding": "企业数量虚报"}
	}
	if step == clusterscope.StepSample || step == clusterscope.StepProvince || from.AtProvince() &&
		(step == clusterscope.StepPublicity || step == clusterscope.StepObjection) {
		who = provinceReviewer
	}
	return a, who
}

func context(who clusterscope.User) clusterscope.ReviewContext {
	return clusterscope.ReviewContext{Reviewer: who, Cluster: zwCluster, Call: ningxia2022, Today: day("2022-10-25"), Load: 2,
		Prefill: clusterscope.Pass}
}

// refusal is the key and code of a refused step.
func refusal(t *testing.T, err error) (code, key string) {
	t.Helper()
	var e *clusterscope.Error
	if !errors.As(err, &e) || len(e.Reason) == 0 {
		t.Fatalf("refusal is not a domain refusal: %v", err)
	}
	return e.Code, e.Reason[0].Key
}

// TestReviewTransitions: every step from every state, taken as the
// reviewer whose step it is would: the allowed ones lead where the notice's
// order says, every other is refused as not possible from that state; a
// cancelled application takes no step at all.
func TestReviewTransitions(t *testing.T) {
	S := func(states ...clusterscope.ReviewState) []clusterscope.ReviewState { return states }
	type to = map[clusterscope.ReviewState]clusterscope.ReviewState
	city := S(clusterscope.StatePending, clusterscope.StateLate, clusterscope.StateReceived, clusterscope.StateReturned,
		clusterscope.StatePrecheckFailed, clusterscope.StatePrecheckPassed, clusterscope.StateVisitFailed, clusterscope.StateVisited,
		clusterscope.StatePublicised, clusterscope.StateNotRecommended)
	province := S(clusterscope.StateRecommended, clusterscope.StateSampleFailed, clusterscope.StateSampled,
		clusterscope.StateProvincePublicised, clusterscope.StateProvinceNotRecommended, clusterscope.StateProvinceRecommended)
	all := func(states []clusterscope.ReviewState, target clusterscope.ReviewState) to {
		m := to{}
		for _, s := range states {
			m[s] = target
		}
		return m
	}
	// Written out from the notice's order, not from the rules under test.
	allowed := map[clusterscope.Step]to{
		clusterscope.StepReceive: all(S(clusterscope.StatePending, clusterscope.StateLate, clusterscope.StateReturned), clusterscope.StateReceived),
		clusterscope.StepReturn: all(S(clusterscope.StateReceived, clusterscope.StatePrecheckFailed, clusterscope.StatePrecheckPassed),
			clusterscope.StateReturned),
		clusterscope.StepPrecheck: all(S(clusterscope.StateReceived, clusterscope.StatePrecheckFailed, clusterscope.StatePrecheckPassed),
			clusterscope.StatePrecheckPassed),
		clusterscope.StepVisit: all(S(clusterscope.StatePrecheckPassed, clusterscope.StateVisitFailed, clusterscope.StateVisited),
			clusterscope.StateVisited),
		clusterscope.StepPublicity: {clusterscope.StateVisited: clusterscope.StatePublicised, clusterscope.StatePublicised: clusterscope.StatePublicised,
			clusterscope.StateRecommended: clusterscope.StateProvincePublicised, clusterscope.StateSampled: clusterscope.StateProvincePublicised,
			clusterscope.StateProvincePublicised: clusterscope.StateProvincePublicised},
		clusterscope.StepObjection: {clusterscope.StatePublicised: clusterscope.StatePublicised,
			clusterscope.StateProvincePublicised: clusterscope.StateProvincePublicised},
		clusterscope.StepRecommend: all(S(clusterscope.StateVisited, clusterscope.StatePublicised, clusterscope.StateNotRecommended,
			clusterscope.StateRecommended), clusterscope.StateRecommended),
		clusterscope.StepSample: all(S(clusterscope.StateRecommended, clusterscope.StateSampleFailed, clusterscope.StateSampled),
			clusterscope.StateSampled),
		clusterscope.StepProvince: all(S(clusterscope.StateRecommended, clusterscope.StateSampled, clusterscope.StateProvincePublicised,
			clusterscope.StateProvinceNotRecommended, clusterscope.StateProvinceRecommended), clusterscope.StateProvinceRecommended),
		clusterscope.StepCancel: all(append(slices.Clone(city), province...), clusterscope.StateCancelled),
	}
	n := 0
	for _, step := range clusterscope.Steps {
		for _, from := range clusterscope.ReviewStates {
			n++
			a, who := validAct(step, from)
			d, err := historyAt(from).Take(a, context(who))
			want, ok := allowed[step][from]
			name := string(step) + " from " + string(from)
			if from == "" {
				name = string(step) + " from pending"
			}
			switch {
			case ok && err != nil:
				t.Errorf("%s: refused: %v", name, err)
			case ok && d.State != string(want):
				t.Errorf("%s: to %q, want %q", name, d.State, want)
			case ok && (d.Who != who.Name || d.Why != a.Why || clusterscope.StepOf(d) != step || d.Subject != zwCluster.ID):
				t.Errorf("%s: decision does not record who, why and the step: %+v", name, d)
			case !ok && err == nil:
				t.Errorf("%s: allowed (to %q), want refused", name, d.State)
			case !ok:
				code, key := refusal(t, err)
				wantKey := "review.not_from"
				switch {
				case from == clusterscope.StateCancelled:
					wantKey = "review.cancelled"
				case step == clusterscope.StepProvince && from == clusterscope.StateSampleFailed:
					wantKey = "review.sample_failed"
				}
				if code != clusterscope.ECONFLICT || key != wantKey {
					t.Errorf("%s: refused with %s %s, want %s %s", name, code, key, clusterscope.ECONFLICT, wantKey)
				}
			}
		}
	}
	if n != len(clusterscope.Steps)*len(clusterscope.ReviewStates) || n < 150 {
		t.Errorf("walked %d transitions", n)
	}
}

// TestReceiptDeadline: the deadline day itself is on time, the day after is
// late and not accepted; a late application is received only by an
// official above the city who records why, never by a new date.
func TestReceiptDeadline(t *testing.T) {
	national := &clusterscope.Call{ID: "national-2022", Batch: 2022,
		Deadlines: map[clusterscope.Level]time.Time{clusterscope.ProvinceToMinistry: day("2022-10-31")}}
	open := &clusterscope.Call{ID: "open", Batch: 2025}
	for _, c := range []struct {
		name     string
		call     *clusterscope.Call
		from     clusterscope.ReviewState
		on       string
		excuse   string
		who      clusterscope.User
		want     clusterscope.ReviewState
		code     string // of the refusal, "" when taken
		refusal  string
		lateNote string // what the history says of it
	}{
		{"宁夏: on the deadline day", ningxia2022, "", "2022-10-18", "", cityReviewer, clusterscope.StateReceived, "", "", ""},
		{"宁夏: the day before", ningxia2022, "", "2022-10-17", "", cityReviewer, clusterscope.StateReceived, "", "", ""},
		{"宁夏: the day after is late", ningxia2022, "", "2022-10-19", "", cityReviewer, clusterscope.StateLate, "", "",
			"逾期：2022-10-19 收到，截止日期为 2022-10-18，不予受理"},
		{"宁夏: the city cannot excuse", ningxia2022, "", "2022-10-19", "邮路延误", cityReviewer, "", clusterscope.EFORBIDDEN, "review.excuse_forbidden", ""},
		{"宁夏: the province excuses, with why", ningxia2022, "", "2022-10-19", "邮路延误", provinceReviewer, clusterscope.StateReceived, "", "",
			"逾期受理：2022-10-19 收到，截止日期为 2022-10-18；理由：邮路延误"},
		{"late: received again without why", ningxia2022, clusterscope.StateLate, "2022-10-19", "", cityReviewer, "", clusterscope.ECONFLICT, "review.still_late", ""},
		{"late: an earlier date does not undo it", ningxia2022, clusterscope.StateLate, "2022-10-10", "", cityReviewer, "", clusterscope.ECONFLICT, "review.still_late", ""},
		{"late: the ministry excuses", ningxia2022, clusterscope.StateLate, "2022-10-19", "经核实按期寄出", ministryReviewer, clusterscope.StateReceived, "", "",
			"逾期受理：2022-10-19 收到，截止日期为 2022-10-18；理由：经核实按期寄出"},
		{"national: cities receive until the ministry's deadline", national, "", "2022-10-31", "", cityReviewer, clusterscope.StateReceived, "", "", ""},
		{"national: the day after", national, "", "2022-11-01", "", cityReviewer, clusterscope.StateLate, "", "",
			"逾期：2022-11-01 收到，截止日期为 2022-10-31，不予受理"},
		{"a call without deadlines", open, "", "2025-12-31", "", cityReviewer, clusterscope.StateReceived, "", "", ""},
		{"a date after today", ningxia2022, "", "2022-11-02", "", cityReviewer, "", clusterscope.EINVALID, "review.future_date", ""},
		{"no date", ningxia2022, "", "", "", cityReviewer, "", clusterscope.EINVALID, "review.fact_missing", ""},
		{"not a date", ningxia2022, "", "10月18日", "", cityReviewer, "", clusterscope.EINVALID, "review.bad_date", ""},
		{"the province does not receive on time", ningxia2022, "", "2022-10-10", "", provinceReviewer, "", clusterscope.EFORBIDDEN, "review.not_yours", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context(c.who)
			ctx.Call, ctx.Today = c.call, day("2022-11-01")
			if c.call == open {
				ctx.Today = day("2026-01-01")
			}
			a := clusterscope.Act{Step: clusterscope.StepReceive, Why: "材料齐全", Facts: map[string]string{"received_on": c.on}}
			if c.excuse != "" {
				a.Facts["excuse"] = c.excuse
			}
			d, err := historyAt(c.from).Take(a, ctx)
			if c.code != "" {
				if err == nil {
					t.Fatalf("taken (%s), want refused", d.State)
				}
				if code, key := refusal(t, err); code != c.code || key != c.refusal {
					t.Errorf("refused with %s %s, want %s %s", code, key, c.code, c.refusal)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.State != string(c.want) {
				t.Errorf("state %q, want %q", d.State, c.want)
			}
			if got := zh(clusterscope.Messages{clusterscope.LateNote(d)}); clusterscope.LateNote(d).IsZero() && c.lateNote != "" || !clusterscope.LateNote(d).IsZero() && got != c.lateNote {
				t.Errorf("late note %q, want %q", got, c.lateNote)
			}
		})
	}
}

// TestReviewRules: what a step needs besides its state, and what it refuses.
func TestReviewRules(t *testing.T) {
	publicised := historyAt(clusterscope.StatePublicised) // 2022-10-11 … 2022-10-17
	upheld := append(slices.Clone(publicised), clusterscope.Decision{State: string(clusterscope.StatePublicised),
		Facts: map[string]string{"step": "objection", "level": "city", "outcome": "upheld", "received_on": "2022-10-12"}})
	returned := historyAt(clusterscope.StateReturned) // at load 1
	type change func(a *clusterscope.Act, ctx *clusterscope.ReviewContext)
	for _, c := range []struct {
		name   string
		h      clusterscope.ReviewHistory
		step   clusterscope.Step
		change change
		code   string // "" when taken
		key    string
		want   clusterscope.ReviewState
	}{
		{"every step needs a reason", nil, clusterscope.StepReceive, func(a *clusterscope.Act, _ *clusterscope.ReviewContext) { a.Why = "  " },
			clusterscope.EINVALID, "review.why_missing", ""},
		{"a fact the step does not record", nil, clusterscope.StepReceive, func(a *clusterscope.Act, _ *clusterscope.ReviewContext) { a.Facts["team"] = "x" },
			clusterscope.EINVALID, "review.unknown_fact", ""},
		{"an outcome the step does not have", historyAt(clusterscope.StateReceived), clusterscope.StepPrecheck,
			func(a *clusterscope.Act, _ *clusterscope.ReviewContext) { a.Outcome = "maybe" }, clusterscope.EINVALID, "review.bad_outcome", ""},
		{"a read-only user", nil, clusterscope.StepReceive, func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) {
			ctx.Reviewer = clusterscope.User{Name: "v", Role: clusterscope.RoleViewer, Scope: cityReviewer.Scope}
		}, clusterscope.EFORBIDDEN, "review.not_yours", ""},
		{"an administrator", nil, clusterscope.StepReceive, func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) {
			ctx.Reviewer = clusterscope.User{Name: "a", Role: clusterscope.RoleAdmin}
		}, clusterscope.EFORBIDDEN, "review.not_yours", ""},
		{"a disabled city user", nil, clusterscope.StepReceive, func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) { ctx.Reviewer.Disabled = true },
			clusterscope.EFORBIDDEN, "review.not_yours", ""},
		{"the province does not take the city's 初审", historyAt(clusterscope.StateReceived), clusterscope.StepPrecheck,
			func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) { ctx.Reviewer = provinceReviewer }, clusterscope.EFORBIDDEN, "review.not_yours", ""},
		{"the city does not take the province's 抽查", historyAt(clusterscope.StateRecommended), clusterscope.StepSample,
			func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) { ctx.Reviewer = cityReviewer }, clusterscope.EFORBIDDEN, "review.not_yours", ""},
		{"the ministry cancels", historyAt(clusterscope.StateProvinceRecommended), clusterscope.StepCancel,
			func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) { ctx.Reviewer = ministryReviewer }, "", "", clusterscope.StateCancelled},
		{"cancelling needs the notice's ground", nil, clusterscope.StepCancel,
			func(a *clusterscope.Act, _ *clusterscope.ReviewContext) { a.Facts["ground"] = "材料不全" }, clusterscope.EINVALID, "review.bad_choice", ""},
		{"cancelling needs the finding", nil, clusterscope.StepCancel,
			func(a *clusterscope.Act, _ *clusterscope.ReviewContext) { delete(a.Facts, "finding") }, clusterscope.EINVALID, "review.fact_missing", ""},
		{"a return names its problems", historyAt(clusterscope.StateReceived), clusterscope.StepReturn,
			func(a *clusterscope.Act, _ *clusterscope.ReviewContext) { a.Facts["problems"] = "\n \n" }, clusterscope.EINVALID, "review.fact_missing", ""},
		{"no resubmission yet", returned, clusterscope.StepReceive,
			func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) { ctx.Load = 1 }, clusterscope.ECONFLICT, "review.not_resubmitted", ""},
		{"a corrected resubmission is received", returned, clusterscope.StepReceive, nil, "", "", clusterscope.StateReceived},
		{"a 公示 that ends before it starts", historyAt(clusterscope.StateVisited), clusterscope.StepPublicity,
			func(a *clusterscope.Act, _ *clusterscope.ReviewContext) { a.Facts["end"] = "2022-10-12" }, clusterscope.EINVALID, "review.period_reversed", ""},
		{"a 公示 of one day", historyAt(clusterscope.StateVisited), clusterscope.StepPublicity,
			func(a *clusterscope.Act, _ *clusterscope.ReviewContext) { a.Facts["end"] = "2022-10-13" }, "", "", clusterscope.StatePublicised},
		{"an objection before the 公示", publicised, clusterscope.StepObjection,
			func(a *clusterscope.Act, _ *clusterscope.ReviewContext) { a.Facts["received_on"] = "2022-10-10" }, clusterscope.EINVALID, "review.objection_before", ""},
		{"recommending on the 公示's last day", publicised, clusterscope.StepRecommend,
			func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) { ctx.Today = day("2022-10-17") }, clusterscope.ECONFLICT, "review.publicity_running", ""},
		{"recommending the day after it", publicised, clusterscope.StepRecommend,
			func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) { ctx.Today = day("2022-10-18") }, "", "", clusterscope.StateRecommended},
		{"an upheld objection", upheld, clusterscope.StepRecommend, nil, clusterscope.ECONFLICT, "review.objection_upheld", ""},
		{"not recommending needs no quota", upheld, clusterscope.StepRecommend, func(a *clusterscope.Act, ctx *clusterscope.ReviewContext) {
			a.Outcome = clusterscope.OutcomeNotRecommend
			ctx.Quota = func() clusterscope.Messages {
				return clusterscope.Messages{clusterscope.M("recommend.city_full", "中卫市", 2, "")}
			}
		}, "", "", clusterscope.StateNotRecommended},
		{"over quota", historyAt(clusterscope.StateVisited), clusterscope.StepRecommend, func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) {
			ctx.Quota = func() clusterscope.Messages {
				return clusterscope.Messages{clusterscope.M("recommend.city_full", "中卫市", 2, "")}
			}
		}, clusterscope.ECONFLICT, "review.over_quota", ""},
		{"the province's own 公示 holds its recommendation", historyAt(clusterscope.StateProvincePublicised), clusterscope.StepProvince,
			func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) { ctx.Today = day("2022-10-16") }, clusterscope.ECONFLICT, "review.publicity_running", ""},
		{"the city's 公示 does not hold the province", append(slices.Clone(publicised), clusterscope.Decision{State: "recommended",
			Facts: map[string]string{"step": "recommend"}}), clusterscope.StepProvince,
			func(_ *clusterscope.Act, ctx *clusterscope.ReviewContext) { ctx.Today = day("2022-10-18") }, "", "", clusterscope.StateProvinceRecommended},
	} {
		t.Run(c.name, func(t *testing.T) {
			from := c.h.State()
			a, who := validAct(c.step, from)
			ctx := context(who)
			if c.change != nil {
				c.change(&a, &ctx)
			}
			d, err := c.h.Take(a, ctx)
			if c.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				if d.State != string(c.want) {
					t.Errorf("state %q, want %q", d.State, c.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("taken (%s), want refused", d.State)
			}
			if code, key := refusal(t, err); code != c.code || key != c.key {
				t.Errorf("refused with %s %s, want %s %s", code, key, c.code, c.key)
			}
		})
	}
}

// TestPrecheckOverride: a 初审 pass over failed criteria is recorded as an
// override of the pre-filled result, with the reviewer's reason; the
// reviewer's 细分领域 is the application's from then on.
func TestPrecheckOverride(t *testing.T) {
	h := historyAt(clusterscope.StateReceived)
	ctx := context(cityReviewer)
	ctx.Prefill = clusterscope.Fail
	a := clusterscope.Act{Step: clusterscope.StepPrecheck, Outcome: clusterscope.OutcomePass, Why: "经实地核查，2019 年产值统计口径调整后达标",
		Facts: map[string]string{"segment": " 枸杞深加工 "}}
	d, err := h.Take(a, ctx)
	if err != nil {
		t.Fatal(err)
	}
	if prefill, over := clusterscope.Overridden(d); !over || prefill != clusterscope.Fail {
		t.Errorf("override not recorded: %v %v", prefill, over)
	}
	if got := append(h, d).Segment(); got != "枸杞深加工" {
		t.Errorf("segment %q", got)
	}
	ctx.Prefill = clusterscope.Pass
	if d, _ := h.Take(a, ctx); func() bool { _, over := clusterscope.Overridden(d); return over }() {
		t.Error("a pass over passed criteria is recorded as an override")
	}
}

// TestResubmissionKeepsHistory: a returned application is received again
// once a corrected one is loaded; the history keeps the return, and the
// receipt says it took a resubmission.
func TestResubmissionKeepsHistory(t *testing.T) {
	var h clusterscope.ReviewHistory
	take := func(a clusterscope.Act, load int64) {
		t.Helper()
		ctx := context(cityReviewer)
		ctx.Load = load
		d, err := h.Take(a, ctx)
		if err != nil {
			t.Fatal(err)
		}
		d.Version = int64(len(h) + 1)
		h = append(h, d)
	}
	receive, _ := validAct(clusterscope.StepReceive, "")
	ret, _ := validAct(clusterscope.StepReturn, clusterscope.StateReceived)
	take(receive, 3)
	take(ret, 3)
	take(receive, 4)
	if h.State() != clusterscope.StateReceived || len(h) != 3 || !clusterscope.Resubmitted(h[2]) || clusterscope.Resubmitted(h[0]) {
		t.Errorf("history %+v", h)
	}
	if got := h[1].Facts["problems"]; !strings.Contains(got, "缺少佐证材料") {
		t.Errorf("the return's problems are not kept: %q", got)
	}
}

// TestAllowedSteps: what the desk offers each reviewer.
func TestAllowedSteps(t *testing.T) {
	viewer := clusterscope.User{Name: "v", Role: clusterscope.RoleViewer}
	for _, c := range []struct {
		state clusterscope.ReviewState
		who   clusterscope.User
		want  []clusterscope.Step
	}{
		{clusterscope.StatePending, cityReviewer, []clusterscope.Step{clusterscope.StepReceive, clusterscope.StepCancel}},
		{clusterscope.StatePending, provinceReviewer, []clusterscope.Step{clusterscope.StepCancel}},
		{clusterscope.StateLate, cityReviewer, []clusterscope.Step{clusterscope.StepCancel}},
		{clusterscope.StateLate, provinceReviewer, []clusterscope.Step{clusterscope.StepReceive, clusterscope.StepCancel}},
		{clusterscope.StateRecommended, cityReviewer, []clusterscope.Step{clusterscope.StepRecommend, clusterscope.StepCancel}},
		{clusterscope.StateRecommended, provinceReviewer, []clusterscope.Step{clusterscope.StepPublicity, clusterscope.StepSample,
			clusterscope.StepProvince, clusterscope.StepCancel}},
		{clusterscope.StatePublicised, cityReviewer, []clusterscope.Step{clusterscope.StepPublicity, clusterscope.StepObjection,
			clusterscope.StepRecommend, clusterscope.StepCancel}},
		{clusterscope.StateCancelled, ministryReviewer, nil},
		{clusterscope.StateVisited, viewer, nil},
	} {
		if got := historyAt(c.state).Allowed(c.who); !slices.Equal(got, c.want) {
			t.Errorf("%s from %q: %v, want %v", c.who.Name, c.state, got, c.want)
		}
	}
}
