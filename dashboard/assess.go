package dashboard

import (
	"fmt"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/warehouse/region"
)

// weightParam is the URL parameter of a dimension's weight.
func weightParam(dim string) string { return "w_" + dim }

func assessParams() []string {
	out := append([]string{"call", "per_city", "per_province", "authority", "contact", "review", "step"}, filterParams...)
	for _, d := range clusterscope.Dimensions {
		out = append(out, weightParam(d.Code))
	}
	return out
}

// assessment is a page's selection judged, scored and recommended.
type assessment struct {
	sel         *selection
	data        []*clusterscope.ClusterData
	call        *clusterscope.Call    // nil: the batch has no call, nothing is recommended
	callOptions []option              // the calls the selection may be recommended under
	ruleSet     *clusterscope.RuleSet // the call's own set, whose settings the page states
	review      *reviewBatch          // the review recorded so far
	recorded    map[string]bool       // the applications recorded as recommended at the user's level
	receipt     *clusterscope.Call    // the call the city's receipt keeps (its deadline)
	signals     map[string][]clusterscope.Signal
	clusterscope.BatchAssessment
}

// runAssessment reads the weights and quotas of the request and assesses
// the selected clusters (candidates unless the status filter says otherwise).
func (s *Server) runAssessment(c echo.Context, scope clusterscope.Scope) (*assessment, error) {
	if err := params(c, assessParams()...); err != nil {
		return nil, err
	}
	l := langOf(c)
	w := clusterscope.DefaultWeights()
	for _, d := range clusterscope.Dimensions {
		if v := c.QueryParam(weightParam(d.Code)); v != "" {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || x < 0 || x > 1000 {
				return nil, errorf(l, clusterscope.EINVALID, "%s的权重「%s」应为 0–1000 的数", tr(l, d.Label), v)
			}
			w[d.Code] = x
		}
	}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	var lim clusterscope.Limits
	var err error
	if lim.PerCity, err = intParam(c, "per_city", msg("每市推荐数"), 0); err != nil {
		return nil, err
	}
	if lim.PerUnit, err = intParam(c, "per_province", msg("每省推荐上限"), 0); err != nil {
		return nil, err
	}
	if !c.QueryParams().Has("status") {
		c.QueryParams().Set("status", "candidate") // recommendation is about candidates
	}
	sel, err := s.parseSelection(c, scope, false)
	if err != nil {
		return nil, err
	}
	a := &assessment{sel: sel}
	if len(sel.Batches) == 0 {
		return a, nil
	}
	calls, _ := s.calls()
	province := sel.Province // the province the selection lies in, if one
	if province == "" {
		province = scope.Province
	}
	if a.call, err = pickCall(l, calls, c.QueryParam("call"), sel.Batch, province, scope); err != nil {
		return nil, err
	}
	a.callOptions = callOptions(calls, sel.Batch, province)
	a.receipt = clusterscope.SelectCall(calls, sel.Batch, province)
	if err := checkLimits(l, lim); err != nil {
		return nil, err
	}
	if a.data, err = s.db.AssessApplications(c.Request().Context(), scope, sel.Filter); err != nil {
		return nil, err
	}
	if a.review, err = s.reviewOf(c, scope, sel.Batch); err != nil {
		return nil, err
	}
	sets := s.setsOutsideCall()
	if a.call != nil {
		if sets, err = a.call.RuleSets(s.allRuleSets()); err != nil {
			return nil, err
		}
		a.ruleSet = sets[len(sets)-1]
	}
	// A reviewer's 细分领域 (初审) replaces the suggestion of the 主导产业.
	rsel := clusterscope.Selection{Call: a.call, Limits: lim, Units: map[string]clusterscope.QuotaUnit{}, Segments: a.review.segments()}
	a.recorded = a.review.applyReview(&rsel, atProvince(scope))
	for _, d := range a.data {
		if u, ok := region.UnitOf(d.Cluster); ok {
			rsel.Units[d.Cluster.ID] = u
		}
	}
	a.BatchAssessment = clusterscope.AssessBatch(sets, a.data, w, rsel)
	a.signals = clusterscope.Consistency(a.data)
	return a, nil
}

// checkLimits checks an official's limits; a limit above the call's quota
// keeps the quota (clusterscope.Caps), and the page's boxes show what holds.
func checkLimits(l lang, lim clusterscope.Limits) error {
	if lim.PerCity < 0 || lim.PerCity > 10 || lim.PerUnit < 0 || lim.PerUnit > 100 {
		return errorf(l, clusterscope.EINVALID, "名额应为：每市 1–10 个，每省 1–100 个")
	}
	return nil
}

func (s *Server) buildAssess(c echo.Context, scope clusterscope.Scope) (*view, error) {
	a, err := s.runAssessment(c, scope)
	if err != nil {
		return nil, err
	}
	l := langOf(c)
	if err := checkReviewFilters(l, c.QueryParam("review"), c.QueryParam("step")); err != nil {
		return nil, err
	}
	v := s.newView(l, "评审与推荐")
	if len(a.sel.Batches) == 0 {
		v.Summary = tr(v.lang, emptyWarehouse)
		return v, nil
	}
	v.Filters = a.sel.filters(l)
	for _, d := range clusterscope.Dimensions {
		v.Filters[weightParam(d.Code)] = filter{a.Weights[d.Code], nil}
	}
	rec := a.Recommendation
	v.Filters["call"] = filter{"", a.callOptions}
	if a.call != nil {
		v.Filters["call"] = filter{a.call.ID, a.callOptions}
	}
	v.Filters["per_city"] = filter{capValue(rec, clusterscope.UnitCity), nil}
	v.Filters["per_province"] = filter{capValue(rec, clusterscope.UnitProvince), nil}
	v.Filters["authority"] = filter{c.QueryParam("authority"), nil}
	v.Filters["contact"] = filter{c.QueryParam("contact"), nil}
	sel := rec.Selected()
	if a.call == nil {
		v.Summary = trf(l, "%s · %d 个集群参评，本批次没有推荐通知，不作推荐", a.sel.Where(l), len(a.data))
	} else {
		v.Summary = trf(l, "%s · %d 个集群参评，推荐 %d 个（%s）", a.sel.Where(l), len(a.data), len(sel), capsText(l, rec))
	}
	v.Rule = callRule(l, a.call, rec, a.ruleSet) +
		tr(l, "综合得分：各维度指标按在参评集群中的百分位（0–1，越低越好的指标取反）取平均，乘以权重占比后相加，满分 100。") +
		tr(l, a.TieBreak) + tr(l, "。只有符合认定标准（含警告）的集群可被推荐。")
	u, _ := auth.UserFrom(c)
	v.Filters["review"], v.Filters["step"] = reviewFilters(l, a, u, c.QueryParam("review"), c.QueryParam("step"))
	if len(a.data) == 0 {
		return v, nil
	}
	ch, err := scoreChart(l, a.Ranking, v.subtitle(a.sel.Where(l)))
	if err != nil {
		return nil, err
	}
	v.Charts = append(v.Charts, ch)
	ranked := make([]clusterscope.Cluster, len(a.Ranking))
	for i, r := range a.Ranking {
		ranked[i] = r.Cluster
	}
	v.Tables = append(v.Tables, rankingTable(l, a), criteriaTable(l, a), targetRulesTable(l, a),
		signalsTable(l, ranked, a.signals), checksTable(l))
	v.Desk = deskOf(l, a, u, c.QueryParam("review"), c.QueryParam("step"))
	v.Desk.Note = deskNote(l, a, len(annexItems(a)))
	if len(annexItems(a)) > 0 {
		v.Downloads = annexDownloads(l, len(a.recorded) > 0)
	}
	return v, nil
}

// download is a file a page offers: app.js links it with the page's query,
// the current values of the boxes named in Boxes put in.
type download struct {
	Label string   `json:"label"`
	Href  string   `json:"href"`
	Boxes []string `json:"boxes,omitempty"`
}

// annexDownloads are 附件1 as .xlsx and .csv, its two header lines taken
// from the page's 主管部门 and 联系人 boxes; they say whether it lists the
// recorded recommendations or the computed ones.
func annexDownloads(l lang, recorded bool) []download {
	boxes := []string{"authority", "contact"}
	if recorded {
		return []download{{Label: tr(l, "下载附件1 推荐汇总表（Excel，按已记录的推荐）"), Href: "/api/assess.annex1.xlsx", Boxes: boxes},
			{Label: tr(l, "下载附件1 推荐汇总表（CSV，按已记录的推荐）"), Href: "/api/assess.annex1.csv", Boxes: boxes}}
	}
	return []download{{Label: tr(l, "下载附件1 推荐汇总表（Excel，按测算的推荐名单）"), Href: "/api/assess.annex1.xlsx", Boxes: boxes},
		{Label: tr(l, "下载附件1 推荐汇总表（CSV，按测算的推荐名单）"), Href: "/api/assess.annex1.csv", Boxes: boxes}}
}

// scoreChart stacks each cluster's points by dimension: the score explains itself.
func scoreChart(l lang, ranking []clusterscope.ScoreResult, sub string) (chart, error) {
	title := tr(l, "综合得分构成（按名次）")
	if len(ranking) > maxBars { // bounded as clusterBars is: the first ranks
		sub += "\n" + trf(l, "共 %d 个集群参评，图中为前 %d 名（全部见下表）", len(ranking), maxBars)
		ranking = ranking[:maxBars]
	}
	names := make([]string, len(ranking))
	for i, r := range ranking {
		names[i] = fmt.Sprintf("%d. %s", r.Rank, clusterscope.ShortName(r.Cluster.Name))
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(common(l, title, sub),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "50", Right: "30", Bottom: "140", Top: "80"}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 40, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Name: tr(l, "分"), Max: 100}),
	)...)
	bar.SetXAxis(names)
	for d, dim := range clusterscope.Dimensions {
		data := make([]opts.BarData, len(ranking))
		for i, r := range ranking {
			data[i] = opts.BarData{Value: round2(r.Components[d].Points)}
		}
		bar.AddSeries(tr(l, dim.Label), data, charts.WithBarChartOpts(opts.BarChart{Stack: "score"}))
	}
	bar.Validate()
	return finish("score", title, bar.JSON())
}

func rankingTable(l lang, a *assessment) *table {
	t := &table{ID: "ranking", Caption: tr(l, "推荐名单与排名"), Columns: []column{
		{Key: "rank", Label: tr(l, "名次"), Numeric: true}, {Key: "name", Label: tr(l, "集群名称"), Link: "link"},
		{Key: "city", Label: tr(l, "市")}, {Key: "leading_industry", Label: tr(l, "主导产业")}, {Key: "segment", Label: tr(l, "细分领域")},
		{Key: "score", Label: tr(l, "综合得分"), Numeric: true}}}
	for _, d := range clusterscope.Dimensions {
		t.Columns = append(t.Columns, column{Key: "dim_" + d.Code, Label: tr(l, d.Label), Numeric: true})
	}
	t.Columns = append(t.Columns, column{Key: "criteria", Label: tr(l, "认定标准")}, column{Key: "recommended", Label: tr(l, "推荐")},
		column{Key: "reason", Label: tr(l, "说明")})
	scores := map[string]clusterscope.ScoreResult{}
	for _, r := range a.Ranking {
		scores[r.Cluster.ID] = r
	}
	for _, it := range a.Recommendation.Items {
		r := scores[it.Cluster.ID]
		score := round2(it.Score)
		row := map[string]any{"rank": it.Rank, "name": it.Cluster.Name, "link": profileLink(it.Cluster.Batch, it.Cluster.ID),
			"city": it.Cluster.City, "leading_industry": it.Cluster.LeadingIndustry, "segment": segmentText(l, it), "score": &score,
			"criteria": outcomeLabel(l, it.Criteria), "recommended": yesNo(l, it.Recommended), "reason": sayAll(l, it.Reason),
			"score__title": explain(l, r)}
		for _, comp := range r.Components {
			p := round2(comp.Points)
			row["dim_"+comp.Dimension] = &p
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// segmentText is the 细分领域 an item was judged in, and whose word it is.
func segmentText(l lang, it clusterscope.RecommendationItem) string {
	if it.SegmentSet {
		return it.Segment + tr(l, "（评审认定）")
	}
	return it.Segment
}

func yesNo(l lang, b bool) string {
	if b {
		return tr(l, "推荐")
	}
	return ""
}

// explain is r.Explain() in the language l.
func explain(l lang, r clusterscope.ScoreResult) string { return sayAll(l, r.Explain()) }

// ruleEN is the assessment's rule (v.Rule) in English; see english.
const (
	scoreRuleEN = "Composite score: each dimension is the mean of its indicators' percentiles among the clusters assessed " +
		"(0–1, inverted where lower is better), weighted by its share of the weights and summed; 100 at most. "
	tieBreakRuleEN = "Equal scores are ordered by: the higher leading-industry score first, then the higher total output " +
		"in the year before the batch (missing data last), then the smaller cluster ID"
	eligibleRuleEN = ". Only clusters that meet the recognition criteria (warnings included) may be recommended."
)

// criteriaTable is the matrix of clusters × criteria; each cell's reason
// is its tooltip and is in the download.
func criteriaTable(l lang, a *assessment) *table {
	t := &table{ID: "criteria", Caption: tr(l, "认定标准审核（集群 × 标准）"),
		Columns: []column{{Key: "name", Label: tr(l, "集群名称"), Link: "link"}, {Key: "rule_set", Label: tr(l, "标准版本")}}}
	seen := map[string]bool{}
	for _, r := range a.Ranking {
		as := a.Assessments[r.Cluster.ID]
		row := map[string]any{"name": r.Cluster.Name, "link": profileLink(r.Cluster.Batch, r.Cluster.ID), "rule_set": as.RuleSet,
			"overall": outcomeLabel(l, as.Outcome)}
		for _, cr := range as.Criteria {
			if !seen[cr.Criterion] {
				seen[cr.Criterion] = true
				// The regulation's own words: there is no official English.
				label := cr.Wording
				if p := clusterscope.PartWord(cr.Part); p != "" {
					label = trf(l, "%s：%s", tr(l, string(p)), cr.Wording)
				}
				t.Columns = append(t.Columns, column{Key: "c_" + cr.Criterion, Label: label})
			}
			row["c_"+cr.Criterion] = outcomeLabel(l, cr.Outcome)
			row["c_"+cr.Criterion+"__title"] = sayAll(l, cr.Reason)
		}
		t.Rows = append(t.Rows, row)
	}
	t.Columns = append(t.Columns, column{Key: "overall", Label: tr(l, "结论")})
	return t
}

// targetRulesTable judges each cluster's part 八 targets by rules a–g.
func targetRulesTable(l lang, a *assessment) *table {
	t := &table{ID: "targets", Caption: tr(l, "发展目标审核（第八部分 备注 a–g）"),
		Columns: []column{{Key: "name", Label: tr(l, "集群名称"), Link: "link"}}}
	seen := map[string]bool{}
	for _, r := range a.Ranking {
		row := map[string]any{"name": r.Cluster.Name, "link": profileLink(r.Cluster.Batch, r.Cluster.ID)}
		for _, res := range a.Assessments[r.Cluster.ID].Targets {
			key := "t_" + res.Code + "_" + string(res.Rule)
			if !seen[key] {
				seen[key] = true
				t.Columns = append(t.Columns, column{Key: key, Label: targetRuleLabel(l, res, r.Cluster.Batch)})
			}
			row[key] = outcomeLabel(l, res.Outcome)
			row[key+"__title"] = sayAll(l, res.Reason)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// annexSelection is the recommended list of the request's assessment.
func (s *Server) annexSelection(c echo.Context) (*assessment, []clusterscope.RecommendationItem, error) {
	a, err := s.runAssessment(c, s.scope(c))
	if err != nil {
		return nil, nil, err
	}
	if len(a.sel.Batches) == 0 || a.sel.Batch == 0 {
		return nil, nil, errorf(langOf(c), clusterscope.ENOTFOUND, "没有可推荐的集群")
	}
	return a, annexItems(a), nil
}

// annexItems are what 附件1 lists: the recommendations recorded at the
// user's level when there are any, else the computed recommendation.
func annexItems(a *assessment) []clusterscope.RecommendationItem {
	items := a.Recommendation.Selected()
	if len(a.recorded) == 0 {
		return items
	}
	var out []clusterscope.RecommendationItem
	for _, it := range items {
		if a.recorded[it.Cluster.ID] {
			out = append(out, it)
		}
	}
	return out
}

// deskNote says at which level the user reviews, under which call's
// deadline, and where 附件1 comes from.
func deskNote(l lang, a *assessment, listed int) string {
	level := tr(l, "市级评审：受理、初审、实地审查、公示、推荐至省。")
	if atProvince(a.sel.scope) {
		level = tr(l, "省级评审：在各市推荐的申报中实地抽查、公示、推荐至工业和信息化部；逾期申报由省级评审写明理由后受理。")
	}
	if c := a.receipt; c != nil {
		if d, lv, ok := clusterscope.ReceiptDeadline(c); ok {
			level += trf(l, "受理以「%s」的%s截止日 %s 为限（当日有效，次日起逾期）。", c.Name, tr(l, lv.Label()), d.Format("2006-01-02"))
		}
	}
	if len(a.recorded) > 0 {
		return level + trf(l, "附件1 按已记录的推荐生成（%d 个）。", listed)
	}
	return level + tr(l, "尚无记录的推荐：附件1 按系统测算的推荐名单生成。")
}

// targetRuleLabel heads a target rule's column: the form's note (备注 a–g)
// or the target's label, in English followed by the target's code; the
// baseline check and the qualitative goals, which clusterscope words
// itself, in the language l.
func targetRuleLabel(l lang, res clusterscope.TargetResult, batch int) string {
	label := res.RuleText
	if label == "" {
		label = res.Label
	}
	if l == zh {
		return label
	}
	cat := clusterscope.DefaultCatalog()
	t := cat.Target(res.Code)
	switch {
	case res.Rule == clusterscope.RuleBaselineMatches:
		field := clusterscope.TargetFields[res.Code]
		return trf(l, "基准值须与申报表中 %d 年的「%s」一致", batch-1, fieldLabel(l, cat.Label(field), field))
	case res.Rule == clusterscope.RuleBaselineStandard:
		// the criterion's words stay as the regulation has them
		return trf(l, "基准值须符合认定标准：%s", res.Standard)
	case res.Rule == clusterscope.RuleQualitative && t != nil && t.RuleText == "":
		return trf(l, "%s：须有定性描述的目标", tr(l, t.Direction)) + " (" + res.Code + ")"
	}
	return fieldLabel(l, label, res.Code)
}

// capValue is a limit the recommendation kept per unit of the kind, for the
// page's box, or "" when there is none.
func capValue(rec clusterscope.Recommendation, kind clusterscope.UnitKind) any {
	if c, ok := rec.Cap(kind); ok {
		return c.Max
	}
	return ""
}
