package dashboard

import (
	"slices"
	"strings"

	"clusterscope"
)

// The review desk of the 评审推荐 page: each application's review state,
// the steps the user may take on it, and a form per step. static/review.js
// draws it from the page's JSON.

// desk is the review desk of an assessment, for one user.
type desk struct {
	Batch int               `json:"batch"`
	Note  string            `json:"note"` // the level, the call's deadline, where 附件1 comes from
	Forms []deskForm        `json:"forms"`
	Rows  []deskRow         `json:"rows"`
	Words map[string]string `json:"words"` // what review.js says, in the page's language
	// Paging is the page of the rows sent (desk.page=N, as a table's; the
	// desk keeps the ranking's order).
	Paging *pageInfo `json:"paging,omitempty"`
}

// deskWords are review.js's words, by its name for each.
var deskWords = map[string]string{
	"caption": msg("评审办理：申报及其所处环节"), "all": msg("全选"), "name": msg("集群名称"), "city": msg("市"),
	"state": msg("审查状态"), "prefill": msg("初审预填（认定标准与发展目标）"), "signals": msg("一致性提示"),
	"last": msg("最近一步"), "history": msg("查看记录"), "chosen": msg("已选："), "none": msg("所选申报没有共同可办理的环节"),
	"refused": msg("未记录："), "timeline": msg("办理记录："), "nothing": msg("尚无办理记录"),
}

// deskForm is one step's form.
type deskForm struct {
	Step     string      `json:"step"`
	Label    string      `json:"label"`
	Bulk     bool        `json:"bulk"`
	Outcomes []option    `json:"outcomes,omitempty"`
	Fields   []deskField `json:"fields"`
}

// deskField is one fact of a step's form.
type deskField struct {
	Key      string   `json:"key"` // posted as f_KEY
	Label    string   `json:"label"`
	Kind     string   `json:"kind"` // date, text, lines, choice
	Required bool     `json:"required"`
	Options  []option `json:"options,omitempty"`
}

// deskRow is one application on the desk.
type deskRow struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Link    string   `json:"link"`
	City    string   `json:"city"`
	State   string   `json:"state"`
	Version int64    `json:"version"`
	Steps   []string `json:"steps"`   // what the user may take now
	Last    string   `json:"last"`    // the latest step, who and why
	Prefill string   `json:"prefill"` // what the criteria and target rules suggest for 初审
	Outcome string   `json:"prefill_outcome"`
	Why     string   `json:"why"`         // the criteria and rules that fail
	Default string   `json:"default_why"` // the 初审's reason the figures suggest
	Signals []string `json:"signals,omitempty"`
}

// atProvince reports whether the user reviews at the province's level (the
// province, the ministry), not a city's.
func atProvince(scope clusterscope.Scope) bool { return scope.City == "" }

// applyReview makes the recommendation under the review recorded at the
// level: what reviewers recommended there comes first, what is out of the
// running is never picked. The cities' steps govern a province's
// recommendation only where its review has begun: a province none of whose
// applications has a decision is recommended from the figures, as before.
// A 初审 passed over failed criteria admits its application as an override
// did. It returns the ids recorded as recommended.
func (rb *reviewBatch) applyReview(sel *clusterscope.Selection, province bool) map[string]bool {
	sel.Recorded, sel.Out = map[string]clusterscope.Messages{}, map[string]clusterscope.Messages{}
	begun := map[string]bool{}
	for id := range rb.histories {
		begun[rb.clusters[id].Province] = true
	}
	recorded := map[string]bool{}
	for id, cl := range rb.clusters {
		h := rb.histories[id]
		st := h.State()
		out := clusterscope.M("recommend.out_of_running", clusterscope.Word(st.Label()))
		switch {
		case recordedAt(st, province):
			d := lastOf(h, clusterscope.StepRecommend)
			if province {
				d = lastOf(h, clusterscope.StepProvince)
			}
			sel.Recorded[id] = clusterscope.Messages{clusterscope.M("recommend.recorded", d.Who, d.Why)}
			recorded[id] = true
		case st == clusterscope.StateCancelled:
			sel.Out[id] = clusterscope.Messages{out}
		case province && begun[cl.Province] && !slices.Contains([]clusterscope.ReviewState{clusterscope.StateRecommended,
			clusterscope.StateSampled, clusterscope.StateProvincePublicised}, st):
			if st.AtProvince() {
				sel.Out[id] = clusterscope.Messages{out}
			} else {
				sel.Out[id] = clusterscope.Messages{clusterscope.M("recommend.not_city_recommended", clusterscope.Word(st.Label()))}
			}
		case !province && slices.Contains([]clusterscope.ReviewState{clusterscope.StateLate, clusterscope.StateReturned,
			clusterscope.StatePrecheckFailed, clusterscope.StateVisitFailed, clusterscope.StateNotRecommended}, st):
			sel.Out[id] = clusterscope.Messages{out}
		}
		if d := lastOf(h, clusterscope.StepPrecheck); d.Version > 0 {
			if _, over := clusterscope.Overridden(d); over {
				sel.Overrides = append(sel.Overrides, clusterscope.Override{ClusterID: id, By: d.Who, Reason: d.Why, At: d.At})
			}
		}
	}
	return recorded
}

// lastOf is the latest decision of the step (Version 0 when none).
func lastOf(h clusterscope.ReviewHistory, step clusterscope.Step) clusterscope.Decision {
	for i := len(h) - 1; i >= 0; i-- {
		if clusterscope.StepOf(h[i]) == step {
			return h[i]
		}
	}
	return clusterscope.Decision{}
}

// deskOf is the desk of the assessment for the user: its applications in
// rank order, narrowed by the review state and step filters.
func deskOf(l lang, a *assessment, u clusterscope.User, state, step string) *desk {
	d := &desk{Batch: a.sel.Batch, Forms: []deskForm{}, Rows: []deskRow{}, Words: map[string]string{}}
	for k, w := range deskWords {
		d.Words[k] = tr(l, w)
	}
	offered := map[clusterscope.Step]bool{}
	for _, r := range a.Ranking {
		id := r.Cluster.ID
		h := a.review.histories[id]
		allowed := h.Allowed(u)
		for _, s := range allowed {
			offered[s] = true
		}
		if state != "" && string(h.State()) != strings.TrimPrefix(state, "=") ||
			step != "" && !slices.Contains(allowed, clusterscope.Step(step)) {
			continue
		}
		as := a.Assessments[id]
		pre := clusterscope.Prefill(as)
		row := deskRow{ID: id, Name: r.Cluster.Name, Link: profileLink(r.Cluster.Batch, id), City: r.Cluster.City,
			State: tr(l, h.State().Label()), Version: h.Current().Version, Steps: []string{},
			Prefill: outcomeLabel(l, pre), Outcome: string(pre), Why: failing(l, as), Signals: a.signalsOf(l, id)}
		row.Default = tr(l, "符合认定标准，发展目标符合要求")
		if pre != clusterscope.Pass && pre != clusterscope.Warn {
			row.Default = clip500(tr(l, "未通过：") + strings.ReplaceAll(row.Why, "\n", tr(l, "；")))
		}
		for _, s := range allowed {
			row.Steps = append(row.Steps, string(s))
		}
		if cur := h.Current(); cur.Version > 0 {
			row.Last = trf(l, "%s（%s，%s）：%s", tr(l, clusterscope.StepOf(cur).Label()), cur.Who, cur.At.In(beijing).Format("2006-01-02"), cur.Why)
		}
		d.Rows = append(d.Rows, row)
	}
	for _, s := range clusterscope.Steps {
		if offered[s] {
			d.Forms = append(d.Forms, formOf(l, s))
		}
	}
	return d
}

// clip500 keeps the first 500 characters: what a reason may hold.
func clip500(s string) string {
	if r := []rune(s); len(r) > 500 {
		return string(r[:500])
	}
	return s
}

// formOf is a step's form in the language l.
func formOf(l lang, s clusterscope.Step) deskForm {
	spec, _ := s.Spec()
	f := deskForm{Step: string(s), Label: tr(l, s.Label()), Bulk: spec.Bulk, Fields: []deskField{}}
	for _, o := range spec.Outcomes {
		f.Outcomes = append(f.Outcomes, option{o, tr(l, clusterscope.OutcomeLabel(o))})
	}
	for _, fs := range spec.Facts {
		field := deskField{Key: fs.Key, Label: tr(l, fs.Label), Kind: string(fs.Kind), Required: fs.Required}
		for _, c := range fs.Choices {
			field.Options = append(field.Options, option{c, tr(l, clusterscope.GroundLabel(c))})
		}
		f.Fields = append(f.Fields, field)
	}
	return f
}

// failing names the criteria and target rules an application fails, the
// reasons behind a pre-filled 初审 fail.
func failing(l lang, as clusterscope.Assessment) string {
	var out []string
	for _, cr := range as.Criteria {
		if cr.Outcome == clusterscope.Fail || cr.Outcome == clusterscope.Missing {
			out = append(out, cr.Wording+tr(l, "：")+sayAll(l, cr.Reason))
		}
	}
	for _, t := range as.Targets {
		if t.Outcome == clusterscope.Fail {
			label := t.RuleText
			if label == "" {
				label = t.Label
			}
			out = append(out, label+tr(l, "：")+sayAll(l, t.Reason))
		}
	}
	return strings.Join(out, "\n")
}

// reviewFilters are the desk's filters: the review state and the step the
// user may take, each with the applications it holds.
func reviewFilters(l lang, a *assessment, u clusterscope.User, state, step string) (filter, filter) {
	states, steps := map[clusterscope.ReviewState]int{}, map[clusterscope.Step]int{}
	for _, r := range a.Ranking {
		h := a.review.histories[r.Cluster.ID]
		states[h.State()]++
		for _, s := range h.Allowed(u) {
			steps[s]++
		}
	}
	st := filter{state, []option{{"", tr(l, "全部")}}}
	for _, s := range clusterscope.ReviewStates {
		if n := states[s]; n > 0 {
			// "=" stands for the pending state, whose key is empty
			st.Options = append(st.Options, option{"=" + string(s), trf(l, "%s（%d）", tr(l, s.Label()), n)})
		}
	}
	sp := filter{step, []option{{"", tr(l, "全部")}}}
	for _, s := range clusterscope.Steps {
		if n := steps[s]; n > 0 {
			sp.Options = append(sp.Options, option{string(s), trf(l, "%s（%d）", tr(l, s.Label()), n)})
		}
	}
	return st, sp
}

// checkReviewFilters refuses a review state or step the page does not know.
func checkReviewFilters(l lang, state, step string) error {
	if state != "" && !slices.Contains(clusterscope.ReviewStates, clusterscope.ReviewState(strings.TrimPrefix(state, "="))) ||
		state != "" && !strings.HasPrefix(state, "=") {
		return errorf(l, clusterscope.EINVALID, "审查状态「%s」无效", state)
	}
	if _, ok := clusterscope.Step(step).Spec(); step != "" && !ok {
		return errorf(l, clusterscope.EINVALID, "未知的评审环节「%s」", step)
	}
	return nil
}
