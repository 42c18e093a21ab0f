package dashboard

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/dashboard/words"
	"clusterscope/queries"
	"clusterscope/warehouse/region"
)

// beijing is the time zone the review's days and times are told in.
var beijing = time.FixedZone("CST", 8*3600)

// today is the review's day in Beijing, as a date at 00:00 UTC (as the
// calls' deadlines are written).
func today() time.Time {
	y, m, d := time.Now().In(beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// maxBulk bounds the applications one request acts on.
const maxBulk = 200

// reviewBatch is what the review of a batch stands on, within the user's
// scope: the applications, their histories and their loads.
type reviewBatch struct {
	batch     int
	clusters  map[string]clusterscope.Cluster
	order     []string // ids, as the query layer lists them
	histories map[string]clusterscope.ReviewHistory
	loads     map[string]int64
}

// reviewOf reads the review of the batch within scope: a cluster outside
// it is not there at all, as for every read.
func (s *Server) reviewOf(c echo.Context, scope clusterscope.Scope, batch int) (*reviewBatch, error) {
	ctx := c.Request().Context()
	f := queries.Filter{Batch: batch}
	list, err := s.db.ClusterList(ctx, scope, f)
	if err != nil {
		return nil, err
	}
	rb := &reviewBatch{batch: batch, clusters: map[string]clusterscope.Cluster{}, histories: map[string]clusterscope.ReviewHistory{}}
	for _, cl := range list {
		rb.clusters[cl.ID] = cl
		rb.order = append(rb.order, cl.ID)
	}
	all, err := s.wh.DecisionHistories(clusterscope.KindApplication, batch)
	if err != nil {
		return nil, err
	}
	for id, h := range all {
		if _, ok := rb.clusters[id]; ok {
			rb.histories[id] = h
		}
	}
	if rb.loads, err = s.db.ReviewLoads(ctx, scope, f); err != nil {
		return nil, err
	}
	return rb, nil
}

// levelCall is the call the review at a level keeps: the province's own
// for the city's steps (else the national), the national for the
// province's.
func (s *Server) levelCall(batch int, province string, atProvince bool) *clusterscope.Call {
	calls, _ := s.calls()
	if atProvince {
		return clusterscope.SelectCall(calls, batch, "")
	}
	return clusterscope.SelectCall(calls, batch, province)
}

// quota is the selection and the recorded recommendations at a level that
// QuotaBreak judges a new one against.
type quota struct {
	sel   clusterscope.Selection
	taken []clusterscope.Cluster
}

// quotaAt is the quota of the level over the batch's applications (those
// of the user's scope: every quota unit lies within a reviewer's scope).
func (s *Server) quotaAt(rb *reviewBatch, call *clusterscope.Call, atProvince bool) *quota {
	q := &quota{sel: clusterscope.Selection{Call: call, Units: map[string]clusterscope.QuotaUnit{}, Segments: rb.segments()}}
	for _, id := range rb.order {
		cl := rb.clusters[id]
		if u, ok := region.UnitOf(cl); ok {
			q.sel.Units[id] = u
		}
		if recordedAt(rb.histories[id].State(), atProvince) {
			q.taken = append(q.taken, cl)
		}
	}
	return q
}

// recordedAt reports whether an application in the state is recommended
// at the level: by the city (whatever the province did since), or by the
// province.
func recordedAt(st clusterscope.ReviewState, atProvince bool) bool {
	if atProvince {
		return st == clusterscope.StateProvinceRecommended
	}
	return st.AtProvince()
}

// segments are the reviewers' 细分领域, by application.
func (rb *reviewBatch) segments() map[string]string {
	out := map[string]string{}
	for id, h := range rb.histories {
		if seg := h.Segment(); seg != "" {
			out[id] = seg
		}
	}
	return out
}

// prefill is the 初审 the figures suggest for one application.
func (s *Server) prefill(c echo.Context, scope clusterscope.Scope, cl clusterscope.Cluster) (clusterscope.Outcome, error) {
	apps, err := s.db.AssessApplications(c.Request().Context(), scope, queries.Filter{Batch: cl.Batch, Q: cl.ID})
	if err != nil {
		return "", err
	}
	for _, d := range apps {
		if d.Cluster.ID == cl.ID {
			return clusterscope.Prefill(clusterscope.AssessCluster(s.ruleSetFor(cl), d)), nil
		}
	}
	return clusterscope.Missing, nil
}

// canReview reports whether u takes any review step: read-only users and
// administrators take none.
func canReview(u clusterscope.User) bool {
	return !u.Disabled && (u.Role == clusterscope.RoleCity || u.Role == clusterscope.RoleProvince || u.Role == clusterscope.RoleMinistry)
}

// postReview takes one review step on one application, or (受理, 推荐) on
// many: every one is judged first, and nothing is recorded unless all may
// be; each decision is recorded with its audit entry. The applications are
// looked up in the user's scope, as for every read: another region's is
// not found.
func (s *Server) postReview(c echo.Context) error {
	u, _ := auth.UserFrom(c)
	l := langOf(c)
	if !canReview(u) {
		return errorf(l, clusterscope.EFORBIDDEN, "只读账户和管理员不能办理评审")
	}
	batch, err := strconv.Atoi(c.FormValue("batch"))
	if err != nil {
		return errorf(l, clusterscope.EINVALID, "批次「%s」无效", c.FormValue("batch"))
	}
	step := clusterscope.Step(c.FormValue("step"))
	spec, ok := step.Spec()
	if !ok {
		return errorf(l, clusterscope.EINVALID, "未知的评审环节「%s」", string(step))
	}
	form, err := c.FormParams()
	if err != nil {
		return errorf(l, clusterscope.EINVALID, "表单无法读取")
	}
	ids, versions := form["id"], form["version"]
	switch {
	case len(ids) == 0 || len(ids) != len(versions):
		return errorf(l, clusterscope.EINVALID, "请选择要办理的申报（每项附其版本）")
	case len(ids) > 1 && !spec.Bulk:
		return errorf(l, clusterscope.EINVALID, "「%s」须逐项办理", tr(l, step.Label()))
	case len(ids) > maxBulk:
		return errorf(l, clusterscope.EINVALID, "一次最多办理 %d 项", maxBulk)
	}
	rb, err := s.reviewOf(c, s.scope(c), batch)
	if err != nil {
		return err
	}
	act := clusterscope.Act{Step: step, Outcome: clusterscope.StepOutcome(c.FormValue("outcome")), Why: c.FormValue("why"), Facts: map[string]string{}}
	for _, f := range spec.Facts {
		if v := c.FormValue("f_" + f.Key); strings.TrimSpace(v) != "" {
			act.Facts[f.Key] = v
		}
	}
	quotas := map[bool]*quota{}
	type taken struct {
		d        clusterscope.Decision
		expected int64
	}
	var todo []taken
	for i, id := range ids {
		cl, ok := rb.clusters[id]
		if !ok {
			return errorf(l, clusterscope.ENOTFOUND, "没有找到 %d 年度批次的集群「%s」（或不在您的权限范围内）", batch, id)
		}
		expected, err := strconv.ParseInt(versions[i], 10, 64)
		if err != nil || expected < 0 {
			return errorf(l, clusterscope.EINVALID, "「%s」的版本「%s」无效", id, versions[i])
		}
		h := rb.histories[id]
		atProvince := step == clusterscope.StepProvince
		ctx := clusterscope.ReviewContext{Reviewer: u, Cluster: cl, Call: s.levelCall(batch, cl.Province, false), Today: today(),
			Load: rb.loads[id]}
		if step == clusterscope.StepPrecheck {
			if ctx.Prefill, err = s.prefill(c, s.scope(c), cl); err != nil {
				return err
			}
		}
		var q *quota
		if step == clusterscope.StepRecommend || step == clusterscope.StepProvince {
			if q = quotas[atProvince]; q == nil {
				q = s.quotaAt(rb, s.levelCall(batch, cl.Province, atProvince), atProvince)
				quotas[atProvince] = q
			}
			ctx.Quota = func() clusterscope.Messages { return clusterscope.QuotaBreak(q.sel, without(q.taken, id), cl) }
		}
		d, err := h.Take(act, ctx)
		if err != nil {
			return namedRefusal(err, cl, len(ids) > 1)
		}
		if q != nil && (d.State == string(clusterscope.StateRecommended) || d.State == string(clusterscope.StateProvinceRecommended)) {
			q.taken = append(without(q.taken, id), cl) // the next of the same request counts it
		}
		todo = append(todo, taken{d, expected})
	}
	// all or none: each decision with its audit entry, in one transaction
	decs, expects, entries := make([]clusterscope.Decision, len(todo)), make([]int64, len(todo)), make([]clusterscope.AuditEntry, len(todo))
	for i, t := range todo {
		decs[i], expects[i], entries[i] = t.d, t.expected, ReviewAudit(u, c.RealIP(), t.d)
	}
	if _, err := s.wh.DecideAllAudited(decs, expects, entries); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"ok": trf(l, "已记录 %d 项", len(todo)), "recorded": len(todo)})
}

// without is the clusters but the one with the id.
func without(cs []clusterscope.Cluster, id string) []clusterscope.Cluster {
	var out []clusterscope.Cluster
	for _, c := range cs {
		if c.ID != id {
			out = append(out, c)
		}
	}
	return out
}

// namedRefusal names the application a refusal is about when a request
// acts on many.
func namedRefusal(err error, cl clusterscope.Cluster, many bool) error {
	e, ok := err.(*clusterscope.Error)
	if !ok || !many || len(e.Reason) == 0 {
		return err
	}
	return clusterscope.Refuse(e.Code, clusterscope.M("review.for", clusterscope.ShortName(cl.Name), e.Reason))
}

// ReviewAudit is a step's audit entry: in Chinese, whatever the user reads
// (the CLI records the demo's steps with it too).
func ReviewAudit(u clusterscope.User, ip string, d clusterscope.Decision) clusterscope.AuditEntry {
	step := clusterscope.StepOf(d)
	detail := native("%s：%s") // step: state
	detail = fmt.Sprintf(detail, step.Label(), clusterscope.ReviewState(d.State).Label())
	if spec, ok := step.Spec(); ok {
		for _, f := range spec.Facts {
			if v := d.Facts[f.Key]; v != "" {
				detail += fmt.Sprintf(native("；%s：%s"), f.Label, factValue(words.Chinese, f, v))
			}
		}
	}
	if n := clusterscope.LateNote(d); !n.IsZero() {
		detail += native("；") + words.Say(words.Chinese, n)
	}
	detail += native("；理由：") + d.Why
	return clusterscope.AuditEntry{Who: u.Name, Action: clusterscope.AuditReview, Target: fmt.Sprintf("%d/%s", d.Batch, d.Subject),
		Detail: detail, IP: ip}
}

// factValue is a recorded fact as a reader reads it: a ground of 取消资格 in
// the notice's words, the rest as entered.
func factValue(l lang, f clusterscope.FactSpec, v string) string {
	if f.Kind == clusterscope.FactChoice {
		return tr(l, clusterscope.GroundLabel(v))
	}
	return v
}

// historyEvent is one decision on the timeline.
type historyEvent struct {
	Version int64       `json:"version"`
	At      string      `json:"at"` // Beijing time
	Who     string      `json:"who"`
	Step    string      `json:"step"`
	Outcome string      `json:"outcome,omitempty"`
	State   string      `json:"state"`
	Why     string      `json:"why"`
	Facts   []factShown `json:"facts,omitempty"`
	Notes   []string    `json:"notes,omitempty"`
}

type factShown struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// reviewHistory is one application's timeline, for the desk.
type reviewHistory struct {
	ID      string         `json:"id"`
	Name    string         `json:"name"`
	State   string         `json:"state"`
	Version int64          `json:"version"`
	Events  []historyEvent `json:"events"`
}

// serveReviewHistory answers one application's timeline: every step, who
// took it when, the outcome, the facts and the reason. Another region's
// application is not found, as an unknown one.
func (s *Server) serveReviewHistory(c echo.Context) error {
	if err := params(c, "batch", "id"); err != nil {
		return err
	}
	l := langOf(c)
	batch, err := intParam(c, "batch", msg("批次"), 0)
	if err != nil {
		return err
	}
	id := c.QueryParam("id")
	list, err := s.db.ClusterList(c.Request().Context(), s.scope(c), queries.Filter{Batch: batch, Q: id})
	if err != nil {
		return err
	}
	var cl *clusterscope.Cluster
	for i := range list {
		if list[i].ID == id && list[i].Batch == batch {
			cl = &list[i]
		}
	}
	if cl == nil || batch == 0 {
		// not even the id is said back: the answer is the same for every region's
		return errorf(l, clusterscope.ENOTFOUND, "没有找到 %d 年度批次的该集群（或不在您的权限范围内）", batch)
	}
	h, err := s.wh.DecisionHistory(clusterscope.KindApplication, id, batch)
	if err != nil {
		return err
	}
	rh := clusterscope.ReviewHistory(h)
	out := reviewHistory{ID: id, Name: cl.Name, State: tr(l, rh.State().Label()), Version: rh.Current().Version, Events: []historyEvent{}}
	for _, d := range h {
		out.Events = append(out.Events, eventOf(l, d))
	}
	return c.JSON(http.StatusOK, out)
}

// eventOf is a decision as the timeline shows it.
func eventOf(l lang, d clusterscope.Decision) historyEvent {
	step := clusterscope.StepOf(d)
	ev := historyEvent{Version: d.Version, At: d.At.In(beijing).Format("2006-01-02 15:04"), Who: d.Who, Step: tr(l, step.Label()),
		State: tr(l, clusterscope.ReviewState(d.State).Label()), Why: d.Why}
	if o := clusterscope.OutcomeOf(d); o != "" {
		ev.Outcome = tr(l, clusterscope.OutcomeLabel(o))
	}
	if spec, ok := step.Spec(); ok {
		for _, f := range spec.Facts {
			if v := d.Facts[f.Key]; v != "" {
				ev.Facts = append(ev.Facts, factShown{tr(l, f.Label), factValue(l, f, v)})
			}
		}
	}
	if n := clusterscope.LateNote(d); !n.IsZero() {
		ev.Notes = append(ev.Notes, say(l, n))
	}
	if prefill, over := clusterscope.Overridden(d); over {
		ev.Notes = append(ev.Notes, trf(l, "初审结论与认定标准、发展目标审核结果（%s）不同，理由见上", outcomeLabel(l, prefill)))
	}
	if clusterscope.Resubmitted(d) {
		ev.Notes = append(ev.Notes, tr(l, "受理的是退回修改后重新提交的申报表"))
	}
	if d.Facts["migrated_from"] == "override" {
		ev.Notes = append(ev.Notes, trf(l, "由原破格推荐记录迁移（原记录于 %s）", d.Facts["taken_at"]))
	}
	return ev
}
