package dashboard

import (
	"cmp"
	"context"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/errgroup"

	"clusterscope"
	"clusterscope/queries"
)

// dueRow is a cluster with a term ending in the 复核 year, and its 复核.
type dueRow struct {
	*lifeRow
	Recheck clusterscope.Recheck
}

// endsIn reports whether one of the life's terms ends in the year.
func endsIn(l clusterscope.Life, year int) bool {
	return slices.ContainsFunc(l.Terms, func(t clusterscope.Term) bool { return t.End == year })
}

// termEnding is the life's term that ends in the year (endsIn).
func termEnding(l clusterscope.Life, year int) clusterscope.Term {
	i := slices.IndexFunc(l.Terms, func(t clusterscope.Term) bool { return t.End == year })
	return l.Terms[i]
}

// rechecks judges for 复核 the selection's clusters with a term ending in
// termEnd (not those withdrawn before that year), by the rule set in force in that year, on what was received by
// asOf; missing are the batches without a list notice. Only the cluster
// whose id is detail keeps its criteria and targets: the lists show the
// suggestion, its reasons, the reports and the changes.
func (s *Server) rechecks(ctx context.Context, scope clusterscope.Scope, f queries.Filter, asOf time.Time, termEnd int,
	detail string) ([]*dueRow, []int, error) {
	rows, missing, err := s.lives(ctx, scope, f, asOf)
	if err != nil {
		return nil, nil, err
	}
	due, err := s.rechecksOf(ctx, scope, f, rows, termEnd, detail)
	return due, missing, err
}

// rechecksOf is rechecks of the lives rows, judged already (by lives, of
// the same selection and day): at 100,000 clusters they take seconds.
func (s *Server) rechecksOf(ctx context.Context, scope clusterscope.Scope, f queries.Filter, rows []*lifeRow, termEnd int,
	detail string) ([]*dueRow, error) {
	var due []*dueRow
	for _, r := range rows {
		// withdrawn before the 复核's year, a cluster has none
		if w := r.Life.Withdrawal; endsIn(r.Life, termEnd) && (w == nil || w.Date.Year() >= termEnd) {
			due = append(due, &dueRow{lifeRow: r})
		}
	}
	if len(due) == 0 {
		return nil, nil
	}
	f.Status = "" // the lives say which are recognised
	// A batch's 复核 at 10,000 clusters is thousands of applications and
	// their reports: read a batch and province at a time, so that only a
	// part is held at once.
	parts := map[queries.Filter][]*dueRow{}
	var order []queries.Filter
	for _, d := range due {
		part := f
		part.Batch, part.Province = d.Batch, d.Province
		if parts[part] == nil {
			order = append(order, part)
		}
		parts[part] = append(parts[part], d)
	}
	// one part per core: the questions wait for DuckDB, the judging does
	// not; each part is read once (the page is cached whole)
	g, gctx := errgroup.WithContext(queries.Uncached(ctx))
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, part := range order {
		g.Go(func() error { return s.recheckPart(gctx, scope, part, parts[part], termEnd, detail) })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := s.judgments().save(); err != nil {
		s.log.Warn("judgments not kept", "err", err)
	}
	return due, nil
}

// recheckPart judges the due clusters of one batch and province (part):
// those whose figures were judged before from what was kept (judged), the
// others by asking for the part's applications and reports, keeping what
// they judge.
func (s *Server) recheckPart(ctx context.Context, scope clusterscope.Scope, part queries.Filter, due []*dueRow, termEnd int,
	detail string) error {
	j := s.judgments()
	todo := s.keptFor(j, due, termEnd, detail)
	if len(todo) == 0 {
		return nil
	}
	apps, err := s.db.RecheckApplications(ctx, scope, part)
	if err != nil {
		return err
	}
	app := map[string]*clusterscope.ClusterData{}
	for _, d := range apps {
		app[d.Cluster.ID] = d
	}
	got, err := s.db.ReportObservations(ctx, scope, part)
	if err != nil {
		return err
	}
	reports := map[string][]*clusterscope.Report{}
	for _, r := range got {
		reports[r.ClusterID] = append(reports[r.ClusterID], r)
	}
	for _, d := range todo {
		a := app[d.ID]
		if a == nil { // reports without an application: every figure of the plan is missing
			a = clusterscope.NewClusterData(d.Cluster, nil)
		}
		r := clusterscope.RecheckFigures(d.set, a, reports[d.ID], d.received, d.term)
		j.put(d.key, r)
		if d.ID != detail { // thousands of them at 10,000 clusters
			r.Criteria, r.Targets = nil, nil
		}
		d.Recheck = r.WithReports(d.Reports)
	}
	return nil
}

// termEndOptions are the years a 复核 may be chosen for: each notice's
// terms ending up to three years after the as-of day.
func termEndOptions(l lang, notices []*clusterscope.ListNotice, asOf time.Time) []option {
	var years []int
	for _, n := range notices {
		for end := n.FirstTerm().End; end <= asOf.Year()+clusterscope.RenewalYears; end += clusterscope.RenewalYears {
			if !slices.Contains(years, end) {
				years = append(years, end)
			}
		}
	}
	slices.Sort(years)
	out := make([]option, len(years))
	for i, y := range years {
		out[i] = option{y, trf(l, "%d 年有效期届满", y)}
	}
	return out
}

func (s *Server) buildRecheck(c echo.Context, scope clusterscope.Scope) (*view, error) {
	if err := params(c, "term_end", "suggest", "id", "batch", "province", "city", "q"); err != nil {
		return nil, err
	}
	l := langOf(c)
	v := s.newView(l, "复核")
	asOf, how := s.asOf(l)
	sel, empty, err := s.selectInto(c, scope, v, true)
	if err != nil || empty {
		return v, err
	}
	termEnd, err := intParam(c, "term_end", msg("复核年度"), asOf.Year())
	if err != nil {
		return nil, err
	}
	if termEnd < clusterscope.FirstBatch || termEnd > clusterscope.LastBatch+3*clusterscope.RenewalYears {
		return nil, errorf(l, clusterscope.EINVALID, "复核年度「%d」无效", termEnd)
	}
	suggest := clusterscope.Suggestion(c.QueryParam("suggest"))
	if suggest != "" && !slices.Contains(clusterscope.Suggestions, suggest) {
		return nil, errorf(l, clusterscope.EINVALID, "建议「%s」无效：应为 pass、fail 或 check", suggest)
	}
	all, missing, err := s.rechecks(c.Request().Context(), scope, sel.Filter, asOf, termEnd, c.QueryParam("id"))
	if err != nil {
		return nil, err
	}
	v.noNotice(missing)
	var due []*dueRow
	for _, d := range all {
		if suggest == "" || d.Recheck.Suggest == suggest {
			due = append(due, d)
		}
	}
	v.Filters["term_end"] = filter{termEnd, termEndOptions(l, s.listNotices(), asOf)}
	sugg := []option{{"", tr(l, "全部建议")}}
	for _, sg := range clusterscope.Suggestions {
		sugg = append(sugg, option{string(sg), tr(l, sg.Label())})
	}
	v.Filters["suggest"] = filter{string(suggest), sugg}
	id := c.QueryParam("id")
	// the picker lists the first due clusters, as 集群档案's: at 100,000
	// clusters, 33,000 options were 5 MB of the page
	var chosen *dueRow
	var first []clusterscope.Cluster
	for _, d := range due {
		if d.ID == id {
			chosen = d
		}
		if len(first) < pickerSize {
			first = append(first, d.Cluster)
		}
	}
	if id != "" && chosen == nil {
		return nil, errorf(l, clusterscope.ENOTFOUND, "%d 年复核的集群中没有「%s」（或不在您的权限范围内）", termEnd, id)
	}
	var shown *clusterscope.Cluster
	if chosen != nil {
		shown = &chosen.Cluster
	}
	v.Filters["id"] = filter{id, append([]option{{"", tr(l, "（选择一个集群查看详情并记录决定）")}}, pickerOptions(l, first, shown)...)}
	v.Summary = recheckSummary(l, sel.Where(l), termEnd, all) + pickerNote(l, len(due))
	v.Rule = sentences(l, tr(l, "复核：有效期最后一年起，逐条复核认定标准（按复核年度在用的认定标准，以最近一个已收到的年度报告的数据：按年度的指标取各年报告，单值项取最近一次报告所填，占地面积、运营管理机构、主导产业等未重报的沿用申报表），并核算三年规划的完成情况（各目标最后一年的实绩对照规划值：只给出最终目标的按基准值到目标值的等比路径；低于计划变化的监测线为“落后”；并以实绩代入该目标须满足的规则 a–g）。有认定标准不符合、目标落后或未达规则、重大变化未报告的，建议不通过；缺少能决定结论的数据的，待核实；其余建议通过。逾期、缺报的年度报告列出，不单独决定结论。建议只供参考：初审由省级记录，复核结果由工业和信息化部决定；通过的有效期延长三年，不通过或未申请复核的撤销认定。延长后的有效期届满再复核时，只看该有效期的年度报告和其中的重大变化；规划完成情况仍按申报时的三年规划核算：现行文件未要求复核通过的集群另订三年目标，页面逐一注明。"), how)
	v.recognitionNote(s.listNotices(), sel.batchYears())
	ch, err := suggestionChart(l, v.subtitle(sel.Where(l)), termEnd, due)
	if err != nil {
		return nil, err
	}
	v.Charts = append(v.Charts, ch)
	// the chosen cluster first, the form above it; the whole list after
	if chosen != nil {
		v.Tables = append(v.Tables, s.recheckDetail(l, chosen)...)
		if u, ok := s.user(c); ok {
			v.Decide = decisionForm(l, u, chosen, asOf)
		}
	}
	v.Tables = append(v.Tables, dueTable(l, termEnd, due, trf(l, "%s · %d 年有效期届满的集群：复核建议与决定（判定日 %s）", sel.Where(l), termEnd, date(asOf))))
	return v, nil
}

// recheckSummary counts the 复核's suggestions and decisions.
func recheckSummary(l lang, where string, termEnd int, due []*dueRow) string {
	n := map[clusterscope.Suggestion]int{}
	province, decided := 0, 0
	for _, d := range due {
		n[d.Recheck.Suggest]++
		r := roundOf(d, termEnd)
		if r.Province != nil {
			province++
		}
		if r.Decision != nil {
			decided++
		}
	}
	return trf(l, "%s · %d 年有效期届满 %d 个：建议通过 %d，建议不通过 %d，待核实 %d；已记录初审 %d，已作复核决定 %d",
		where, termEnd, len(due), n[clusterscope.SuggestPass], n[clusterscope.SuggestFail], n[clusterscope.SuggestCheck], province, decided)
}

// roundOf is the row's 复核 of the term ending in the year: its 初审 and
// decision as recorded; zero when nothing is.
func roundOf(d *dueRow, termEnd int) clusterscope.ReviewRound {
	for _, r := range d.Life.Rounds {
		if r.TermEnd == termEnd {
			return r
		}
	}
	return clusterscope.ReviewRound{TermEnd: termEnd}
}

// decisionLabel is a ministry's 复核 decision in the language l.
func decisionLabel(l lang, d *clusterscope.Decision) string {
	if d.State == clusterscope.StateRenewed {
		return tr(l, "复核通过，有效期延长")
	}
	return trf(l, "撤销认定：%s", tr(l, clusterscope.WithdrawCause(d.Facts[clusterscope.FactCause]).Label()))
}

var suggestionColors = map[clusterscope.Suggestion]string{clusterscope.SuggestPass: "#3ba272", clusterscope.SuggestFail: "#ee6666",
	clusterscope.SuggestCheck: "#fac858"}

// suggestionChart stacks the suggestions per province.
func suggestionChart(l lang, sub string, termEnd int, due []*dueRow) (chart, error) {
	c := newCounter()
	for _, d := range due {
		c.add(d.Province, string(d.Recheck.Suggest))
	}
	var series []stack
	for _, sg := range clusterscope.Suggestions {
		series = append(series, c.stack(string(sg), tr(l, sg.Label()), suggestionColors[sg]))
	}
	return stackedBars(l, "suggestions", trf(l, "%d 年复核：各省份复核建议", termEnd), sub, c.groups, series)
}

// recheckLink is the desk opened on one cluster.
func recheckLink(termEnd int, id string) string {
	return "/recheck?id=" + url.QueryEscape(id) + "&term_end=" + strconv.Itoa(termEnd) // as url.Values encodes them, by name
}

// dueTable lists the clusters of the 复核 with their suggestion, reports,
// changes and the decisions recorded.
func dueTable(l lang, termEnd int, due []*dueRow, caption string) *table {
	t := &table{ID: "due", Caption: caption, Columns: []column{
		{Key: "name", Label: tr(l, "集群名称"), Link: "link"}, {Key: "id", Label: tr(l, "集群编号")}, {Key: "province", Label: tr(l, "省份")},
		{Key: "city", Label: tr(l, "市")}, {Key: "batch", Label: tr(l, "批次")}, {Key: "term", Label: tr(l, "有效期")},
		{Key: "status", Label: tr(l, "状态")}, {Key: "suggest", Label: tr(l, "复核建议")}, {Key: "reasons", Label: tr(l, "理由")},
		{Key: "late", Label: tr(l, "逾期或缺报的年度报告")}, {Key: "changes", Label: tr(l, "未申报的重大变化"), Numeric: true},
		{Key: "province_review", Label: tr(l, "省级初审")}, {Key: "decision", Label: tr(l, "复核决定")},
	}}
	sortStable(due, func(a, b *dueRow) int {
		return cmp.Or(cmp.Compare(suggestRank(a.Recheck.Suggest), suggestRank(b.Recheck.Suggest)), strings.Compare(a.Province, b.Province),
			strings.Compare(a.ID, b.ID))
	})
	b := newRowsBuilder(len(due), "name", "link", "id", "province", "city", "batch", "term", "status", "suggest", "reasons", "late", "changes",
		"province_review", "decision")
	for _, d := range due {
		undeclared := 0
		for _, ch := range d.Recheck.Changes {
			if !ch.Declared {
				undeclared++
			}
		}
		first := d.Life.Terms[0]
		b.next()
		b.cluster(d.Cluster, recheckLink(termEnd, d.ID))
		b.text("term", trf(l, "%d–%d 年", first.Start, d.Life.Term().End))
		b.text("status", termStatusLabel(l, d.Life.Status))
		b.text("suggest", tr(l, d.Recheck.Suggest.Label()))
		b.text("reasons", sayAll(l, d.Recheck.Reasons))
		b.text("late", lateReports(l, d.Recheck.Reports))
		b.int("changes", int64(undeclared))
		r := roundOf(d, termEnd)
		if p := r.Province; p != nil {
			b.text("province_review", trf(l, "%s（%s，%s）：%s", provinceStateLabel(l, p.State), p.Who, date(clusterscope.EffectiveDate(*p)), p.Why))
		}
		if m := r.Decision; m != nil {
			b.text("decision", trf(l, "%s（%s，%s）：%s", decisionLabel(l, m), m.Who, date(clusterscope.EffectiveDate(*m)), m.Why))
		}
	}
	b.rows(t)
	return t
}

// suggestRank puts the clusters to look at first: not passing, then to be
// checked, then passing.
func suggestRank(s clusterscope.Suggestion) int {
	switch s { // not a map made per call: the due table's sort calls it a million times at 100k
	case clusterscope.SuggestFail:
		return 0
	case clusterscope.SuggestCheck:
		return 1
	case clusterscope.SuggestPass:
		return 2
	}
	return 0
}

// provinceStateLabel is a 初审's state in the language l.
func provinceStateLabel(l lang, state string) string {
	if state == clusterscope.StateProvincePass {
		return tr(l, "初审通过")
	}
	return tr(l, "初审不通过")
}
