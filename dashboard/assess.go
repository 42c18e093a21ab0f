package dashboard

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/queries"
)

// weightParam is the URL parameter of a dimension's weight.
func weightParam(dim string) string { return "w_" + dim }

func assessParams() []string {
	out := append([]string{"per_city", "per_province", "authority", "contact"}, filterParams...)
	for _, d := range clusterscope.Dimensions {
		out = append(out, weightParam(d.Code))
	}
	return out
}

// assessment is a page's selection judged, scored and recommended.
type assessment struct {
	sel  *selection
	data []*clusterscope.ClusterData
	clusterscope.BatchAssessment
}

// runAssessment reads the weights and quotas of the request and assesses
// the selected clusters (candidates unless the status filter says otherwise).
func (s *Server) runAssessment(c echo.Context, scope clusterscope.Scope) (*assessment, error) {
	if err := params(c, assessParams()...); err != nil {
		return nil, err
	}
	w := clusterscope.DefaultWeights()
	for _, d := range clusterscope.Dimensions {
		if v := c.QueryParam(weightParam(d.Code)); v != "" {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || x < 0 || x > 1000 {
				return nil, clusterscope.Errorf(clusterscope.EINVALID, "%s的权重「%s」应为 0–1000 的数", d.Label, v)
			}
			w[d.Code] = x
		}
	}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	var q clusterscope.Quotas
	var err error
	if q.PerCity, err = intParam(c, "per_city", "每市推荐数", 2); err != nil {
		return nil, err
	}
	if q.PerProvince, err = intParam(c, "per_province", "每省推荐上限", 8); err != nil {
		return nil, err
	}
	if q.PerCity < 1 || q.PerCity > 10 || q.PerProvince < 1 || q.PerProvince > 100 {
		return nil, clusterscope.Errorf(clusterscope.EINVALID, "名额应为：每市 1–10 个，每省 1–100 个")
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
	if a.data, err = s.db.Applications(c.Request().Context(), scope, sel.Filter); err != nil {
		return nil, err
	}
	overrides, err := s.wh.Overrides(sel.Batch)
	if err != nil {
		return nil, err
	}
	a.BatchAssessment = clusterscope.AssessBatch(s.ruleSets(), a.data, w, q, overrides)
	return a, nil
}

// overrideForm offers the clusters an official may admit despite the
// criteria, with a reason that is recorded with their name.
type overrideForm struct {
	Batch    int      `json:"batch"`
	Clusters []option `json:"clusters"`
}

// postOverride records (or, with an empty reason, withdraws) an official's
// decision to recommend a cluster that did not pass the criteria.
func (s *Server) postOverride(c echo.Context) error {
	u, ok := auth.UserFrom(c)
	if !ok || u.Role == clusterscope.RoleViewer {
		return clusterscope.Errorf(clusterscope.EFORBIDDEN, "只读账户不能破格推荐")
	}
	batch, err := strconv.Atoi(c.FormValue("batch"))
	if err != nil {
		return clusterscope.Errorf(clusterscope.EINVALID, "批次「%s」无效", c.FormValue("batch"))
	}
	id := c.FormValue("cluster_id")
	list, err := s.db.Clusters(c.Request().Context(), s.scope(c), queries.Filter{Batch: batch, Q: id})
	if err != nil {
		return err
	}
	if len(list) == 0 || list[0].ID != id {
		return clusterscope.Errorf(clusterscope.ENOTFOUND, "没有找到 %d 年度批次的集群「%s」（或不在您的权限范围内）", batch, id)
	}
	o := clusterscope.Override{ClusterID: id, By: u.Name, Reason: c.FormValue("reason")}
	if err := s.wh.AddOverride(batch, o); err != nil {
		return err
	}
	detail := "破格推荐理由：" + o.Reason
	if o.Reason == "" {
		detail = "撤销破格推荐"
	}
	if err := s.wh.Audit(clusterscope.AuditEntry{Who: u.Name, Action: clusterscope.AuditOverride,
		Target: fmt.Sprintf("%d/%s", batch, id), Detail: detail, IP: c.RealIP()}); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"ok": "已记录"})
}

func (s *Server) buildAssess(c echo.Context, scope clusterscope.Scope) (*view, error) {
	a, err := s.runAssessment(c, scope)
	if err != nil {
		return nil, err
	}
	v := s.newView("评审与推荐")
	if len(a.sel.Batches) == 0 {
		v.Summary = emptyWarehouse
		return v, nil
	}
	v.Filters = a.sel.filters()
	for _, d := range clusterscope.Dimensions {
		v.Filters[weightParam(d.Code)] = filter{a.Weights[d.Code], nil}
	}
	v.Filters["per_city"] = filter{a.Recommendation.Quotas.PerCity, nil}
	v.Filters["per_province"] = filter{a.Recommendation.Quotas.PerProvince, nil}
	v.Filters["authority"] = filter{c.QueryParam("authority"), nil}
	v.Filters["contact"] = filter{c.QueryParam("contact"), nil}
	sel := a.Recommendation.Selected()
	v.Summary = fmt.Sprintf("%s · %d 个集群参评，推荐 %d 个（每市至多 %d 个、每个细分领域 1 个，每省至多 %d 个）",
		a.sel.Where(), len(a.data), len(sel), a.Recommendation.Quotas.PerCity, a.Recommendation.Quotas.PerProvince)
	v.Rule = "综合得分：各维度指标按在参评集群中的百分位（0–1，越低越好的指标取反）取平均，乘以权重占比后相加，满分 100。" +
		a.TieBreak + "。只有符合认定标准（含警告）的集群可被推荐。"
	if len(a.data) == 0 {
		return v, nil
	}
	ch, err := scoreChart(a.Ranking, v.subtitle(a.sel.Where()))
	if err != nil {
		return nil, err
	}
	v.Charts = append(v.Charts, ch)
	v.Tables = append(v.Tables, rankingTable(a), criteriaTable(a), targetRulesTable(a))
	form := &overrideForm{Batch: a.sel.Batch}
	for _, it := range a.Recommendation.Items {
		if it.Criteria != clusterscope.Pass && it.Criteria != clusterscope.Warn {
			form.Clusters = append(form.Clusters, option{it.Cluster.ID, it.Cluster.Name + "（" + it.Criteria.Label() + "）"})
		}
	}
	if u, ok := auth.UserFrom(c); ok && u.Role != clusterscope.RoleViewer && len(form.Clusters) > 0 {
		v.Override = form
	}
	return v, nil
}

// scoreChart stacks each cluster's points by dimension: the score explains itself.
func scoreChart(ranking []clusterscope.ScoreResult, sub string) (chart, error) {
	title := "综合得分构成（按名次）"
	names := make([]string, len(ranking))
	for i, r := range ranking {
		names[i] = fmt.Sprintf("%d. %s", r.Rank, clusterscope.ShortName(r.Cluster.Name))
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(common(title, sub),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "50", Right: "30", Bottom: "140", Top: "80"}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 40, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Name: "分", Max: 100}),
	)...)
	bar.SetXAxis(names)
	for d, dim := range clusterscope.Dimensions {
		data := make([]opts.BarData, len(ranking))
		for i, r := range ranking {
			data[i] = opts.BarData{Value: round2(r.Components[d].Points)}
		}
		bar.AddSeries(dim.Label, data, charts.WithBarChartOpts(opts.BarChart{Stack: "score"}))
	}
	bar.Validate()
	return finish("score", title, bar.JSON())
}

func rankingTable(a *assessment) *table {
	t := &table{ID: "ranking", Caption: "推荐名单与排名", Columns: []column{
		{Key: "rank", Label: "名次", Numeric: true}, {Key: "name", Label: "集群名称", Link: "link"},
		{Key: "city", Label: "市"}, {Key: "leading_industry", Label: "主导产业（细分领域）"},
		{Key: "score", Label: "综合得分", Numeric: true}}}
	for _, d := range clusterscope.Dimensions {
		t.Columns = append(t.Columns, column{Key: "dim_" + d.Code, Label: d.Label, Numeric: true})
	}
	t.Columns = append(t.Columns, column{Key: "criteria", Label: "认定标准"}, column{Key: "recommended", Label: "推荐"},
		column{Key: "reason", Label: "说明"})
	scores := map[string]clusterscope.ScoreResult{}
	for _, r := range a.Ranking {
		scores[r.Cluster.ID] = r
	}
	for _, it := range a.Recommendation.Items {
		r := scores[it.Cluster.ID]
		score := round2(it.Score)
		row := map[string]any{"rank": float64(it.Rank), "name": it.Cluster.Name, "link": profileLink(it.Cluster.Batch, it.Cluster.ID),
			"city": it.Cluster.City, "leading_industry": it.Cluster.LeadingIndustry, "score": &score,
			"criteria": it.Criteria.Label(), "recommended": yesNo(it.Recommended), "reason": it.Reason,
			"score__title": r.Explain()}
		for _, comp := range r.Components {
			p := round2(comp.Points)
			row["dim_"+comp.Dimension] = &p
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func yesNo(b bool) string {
	if b {
		return "推荐"
	}
	return ""
}

// criteriaTable is the matrix of clusters × criteria; each cell's reason
// is its tooltip and is in the download.
func criteriaTable(a *assessment) *table {
	t := &table{ID: "criteria", Caption: "认定标准审核（集群 × 标准）",
		Columns: []column{{Key: "name", Label: "集群名称", Link: "link"}, {Key: "rule_set", Label: "标准版本"}}}
	seen := map[string]bool{}
	for _, r := range a.Ranking {
		as := a.Assessments[r.Cluster.ID]
		row := map[string]any{"name": r.Cluster.Name, "link": profileLink(r.Cluster.Batch, r.Cluster.ID), "rule_set": as.RuleSet,
			"overall": as.Outcome.Label()}
		for _, cr := range as.Criteria {
			if !seen[cr.Criterion] {
				seen[cr.Criterion] = true
				t.Columns = append(t.Columns, column{Key: "c_" + cr.Criterion, Label: cr.Wording})
			}
			row["c_"+cr.Criterion] = cr.Outcome.Label()
			row["c_"+cr.Criterion+"__title"] = cr.Reason
		}
		t.Rows = append(t.Rows, row)
	}
	t.Columns = append(t.Columns, column{Key: "overall", Label: "结论"})
	return t
}

// targetRulesTable judges each cluster's part 八 targets by rules a–g.
func targetRulesTable(a *assessment) *table {
	t := &table{ID: "targets", Caption: "发展目标审核（第八部分 备注 a–g）",
		Columns: []column{{Key: "name", Label: "集群名称", Link: "link"}}}
	seen := map[string]bool{}
	for _, r := range a.Ranking {
		row := map[string]any{"name": r.Cluster.Name, "link": profileLink(r.Cluster.Batch, r.Cluster.ID)}
		for _, tr := range a.Assessments[r.Cluster.ID].Targets {
			key := "t_" + tr.Code + "_" + string(tr.Rule)
			if !seen[key] {
				seen[key] = true
				label := tr.RuleText
				if label == "" {
					label = tr.Label
				}
				t.Columns = append(t.Columns, column{Key: key, Label: label})
			}
			row[key] = tr.Outcome.Label()
			row[key+"__title"] = tr.Reason
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
		return nil, nil, clusterscope.Errorf(clusterscope.ENOTFOUND, "没有可推荐的集群")
	}
	return a, a.Recommendation.Selected(), nil
}
