package dashboard

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/queries"
)

var sectionTitles = []string{msg("封面"), msg("一、基本情况"), msg("二、主导产业情况"), msg("三、创新能力情况"), msg("四、数字化升级情况"),
	msg("五、绿色化转型情况"), msg("六、开放合作情况"), msg("七、治理和服务水平"), msg("八、发展规划"), msg("九、真实性声明")}

// buildProfile: every part of the form for one cluster, numbers with their
// trend, answers, ticks and texts, and its targets beside its actuals.
func (s *Server) buildProfile(c echo.Context, scope clusterscope.Scope) (*view, error) {
	if err := params(c, "batch", "id", "q"); err != nil {
		return nil, err
	}
	l := langOf(c)
	v := s.newView(l, "集群档案")
	ctx := c.Request().Context()
	batch, err := intParam(c, "batch", msg("批次"), 0)
	if err != nil {
		return nil, err
	}
	id, q := c.QueryParam("id"), strings.TrimSpace(c.QueryParam("q"))
	v.Filters["q"] = filter{q, nil}
	// the picker lists the first of the search's clusters (or of all): a
	// list of 10,000 could be neither sent nor read
	list, total, err := s.db.ClusterPicker(ctx, scope, queries.Filter{Batch: batch, Q: q}, pickerSize)
	if err != nil {
		return nil, err
	}
	if total == 0 {
		v.Filters["id"] = filter{"", nil}
		if q != "" {
			v.Warning = strings.TrimSpace(v.Warning + " " + trf(l, "没有名称含「%s」或编号为「%s」的集群（或不在您的权限范围内）。", q, q))
			return v, nil
		}
		v.Summary = tr(v.lang, emptyWarehouse)
		return v, nil
	}
	if id == "" {
		id, batch = list[0].ID, list[0].Batch
	}
	if batch == 0 { // a link by id alone: the cluster's batch, from the picker's list or asked by id
		found := list
		if !slices.ContainsFunc(found, func(cl clusterscope.Cluster) bool { return cl.ID == id }) {
			if found, _, err = s.db.ClusterPicker(ctx, scope, queries.Filter{Q: id}, pickerSize); err != nil {
				return nil, err
			}
		}
		for _, cl := range found {
			if cl.ID == id {
				batch = cl.Batch
				break
			}
		}
	}
	obs, err := s.db.ClusterObservations(ctx, scope, batch, id)
	if err != nil {
		return nil, err
	}
	if len(obs) == 0 {
		// The same answer for unknown and out-of-scope: existence is not disclosed.
		return nil, errorf(l, clusterscope.ENOTFOUND, "没有找到 %d 年度批次的集群「%s」（或不在您的权限范围内）", batch, id)
	}
	p := newProfile(batch, obs)
	v.Title = p.text("cluster_name")
	v.Filters["id"] = filter{id, pickerOptions(l, list, &clusterscope.Cluster{ID: id, Batch: batch, Name: v.Title})}
	v.Filters["batch"] = filter{batch, nil}
	status := tr(l, "候选")
	if p.maxReport > 0 {
		status = trf(l, "已认定，跟踪报告至 %d 年", p.maxReport)
	}
	v.Summary = trf(l, "%s · %s%s%s · %d 年度批次 · %s", v.Title, p.text("province"), p.text("city"), p.text("county"), batch, status)
	v.Summary += pickerNote(l, total)
	sub := v.subtitle(trf(l, "%s · %d 年度批次", clusterscope.ShortName(v.Title), batch))
	for _, ind := range clusterscope.Headline {
		years, vals := p.series(ind.Code)
		ch, err := lineChart(l, "trend-"+ind.Code, withUnit(l, trf(l, "%s历年", ind.Label), ind.Unit), tr(l, ind.Unit), sub,
			years, []string{ind.Label}, [][]*float64{vals})
		if err != nil {
			return nil, err
		}
		v.Charts = append(v.Charts, ch)
	}
	for sec := 0; sec <= 9; sec++ {
		v.Tables = append(v.Tables, p.sectionTable(l, sec))
	}
	v.Tables = append(v.Tables, p.targetTable(l))
	if p.maxReport > 0 {
		c := clusterscope.Cluster{ID: id, Batch: batch, Name: v.Title, Province: p.text("province")}
		v.Tables = append(v.Tables, changeTable(l, "changes", tr(l, "重大变化：年度报告与申报表、上一年度报告相比（运营管理机构、占地面积、主导产业）"), changeRows(c, clusterscope.DetectChanges(obs))))
	}
	// a cluster the list notice names has a life before its first report
	asOf, how := s.asOf(l)
	rows, _, err := s.lives(ctx, scope, queries.Filter{Batch: batch, Q: id}, asOf)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if r.ID == id {
			v.Summary += trf(l, " · %s，有效期 %d–%d 年", termStatusLabel(l, r.Life.Status), r.Life.Terms[0].Start, r.Life.Term().End)
			v.Tables = append(v.Tables, timelineTable(l, trf(l, "动态管理时间线（%s）", how), r.Life), reportTable(l, tr(l, "本集群"), r.Reports))
		}
	}
	review, err := s.profileReview(c, scope, l, batch, id)
	if err != nil {
		return nil, err
	}
	if review != nil {
		v.Tables = append(v.Tables, review)
	}
	checks, err := s.profileChecks(c, scope, l, batch, id)
	if err != nil {
		return nil, err
	}
	v.Tables = append(v.Tables, checks...)
	return v, nil
}

// profile indexes one cluster's observations.
type profile struct {
	batch     int
	values    map[string]map[int]clusterscope.Observation // field → as_of → value
	maxReport int
}

func newProfile(batch int, obs []clusterscope.Observation) *profile {
	p := &profile{batch: batch, values: map[string]map[int]clusterscope.Observation{}}
	for _, o := range obs {
		if p.values[o.Field] == nil {
			p.values[o.Field] = map[int]clusterscope.Observation{}
		}
		p.values[o.Field][o.AsOf] = o
		p.maxReport = max(p.maxReport, o.Report)
	}
	return p
}

func (p *profile) text(field string) string {
	for _, o := range p.values[field] {
		return o.Text
	}
	return ""
}

// series is a field over every year it has: history, then actuals.
func (p *profile) series(field string) ([]int, []*float64) {
	var years []int
	for y := range p.values[field] {
		years = append(years, y)
	}
	sort.Ints(years)
	vals := make([]*float64, len(years))
	for i, y := range years {
		vals[i] = p.values[field][y].Num
	}
	return years, vals
}

// display is a value as a person reads it on the form.
func display(l lang, f clusterscope.Field, o clusterscope.Observation) any {
	switch {
	case f.Kind == clusterscope.KindCount:
		return whole(o.Num)
	case f.Kind.Numeric():
		return o.Num
	case f.Kind == clusterscope.KindCheck && o.Text == "true":
		return tr(l, "✓ 已开展")
	case f.Kind == clusterscope.KindCheck:
		return tr(l, "未勾选")
	}
	return o.Text
}

func (p *profile) sectionTable(l lang, sec int) *table {
	years := []int{p.batch - 3, p.batch - 2, p.batch - 1}
	for y := p.batch; y <= p.maxReport; y++ {
		years = append(years, y)
	}
	t := &table{ID: fmt.Sprintf("section-%d", sec), Caption: tr(l, sectionTitles[sec]),
		Columns: []column{{Key: "label", Label: tr(l, "项目")}, {Key: "unit", Label: tr(l, "单位")}}}
	for _, y := range years {
		label := trf(l, "%d 年", y)
		if y >= p.batch {
			label += tr(l, "（实绩）")
		}
		t.Columns = append(t.Columns, column{Key: fmt.Sprint(y), Label: label, Numeric: true})
	}
	for _, f := range clusterscope.DefaultCatalog().Fields {
		if f.Section != sec {
			continue
		}
		row := map[string]any{"label": f.Label, "unit": tr(l, f.Unit)}
		for asOf, o := range p.values[f.Code] {
			row[fmt.Sprint(asOf)] = display(l, f, o)
		}
		if len(p.values[f.Code]) == 0 {
			row[fmt.Sprint(p.batch-1)] = tr(l, "未填报")
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// targetTable sets part 八's targets beside the follow-up actuals.
func (p *profile) targetTable(l lang) *table {
	b := p.batch
	t := &table{ID: "targets", Caption: tr(l, "八、发展目标与实绩"), Columns: []column{
		{Key: "label", Label: tr(l, "指标")}, {Key: "unit", Label: tr(l, "单位")}, {Key: "rule", Label: tr(l, "要求")},
		{Key: "base", Label: trf(l, "%d 年基准值", b-1), Numeric: true}}}
	for y := b; y <= b+2; y++ {
		t.Columns = append(t.Columns, column{Key: fmt.Sprint("t", y), Label: trf(l, "%d 年目标", y), Numeric: true},
			column{Key: fmt.Sprint("a", y), Label: trf(l, "%d 年实绩", y), Numeric: true})
	}
	cat := clusterscope.DefaultCatalog()
	codes := map[string]bool{}
	for field := range p.values {
		if strings.HasPrefix(field, "target.") {
			code := field[7:]
			if i := strings.IndexByte(code, ':'); i >= 0 {
				code = code[:i]
			}
			codes[code] = true
		}
	}
	var order []string
	for _, tg := range cat.Targets {
		if codes[tg.Code] {
			order = append(order, tg.Code)
			delete(codes, tg.Code)
		}
	}
	var own []string
	for code := range codes {
		own = append(own, code)
	}
	sort.Strings(own)
	for _, code := range append(order, own...) {
		row := map[string]any{"label": p.text("target." + code + ":label"), "unit": p.text("target." + code + ":unit")}
		if tg := cat.Target(code); tg != nil {
			row["label"], row["unit"], row["rule"] = tg.Label, tr(l, tg.Unit), tg.RuleText
		}
		if tg := cat.Target(code); tg != nil && tg.Rule == clusterscope.RuleQualitative {
			row["base"] = p.text("target." + code)
			t.Rows = append(t.Rows, row)
			continue
		}
		vals, num := p.values["target."+code], targetNumber(code)
		if o, ok := vals[b-1]; ok {
			row["base"] = num(o.Num)
		}
		for y := b; y <= b+2; y++ {
			if o, ok := vals[y]; ok {
				row[fmt.Sprint("t", y)] = num(o.Num)
			}
			if a, ok := p.values[code][y]; ok && a.Report == y {
				row[fmt.Sprint("a", y)] = num(a.Num)
			} else if y <= p.maxReport {
				row[fmt.Sprint("a", y)] = tr(l, "缺报")
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// targetNumber is how a table holds the values of a target: counts, such
// as 优质中小企业数量, as whole numbers; others as they are.
func targetNumber(code string) func(*float64) any {
	if clusterscope.DefaultCatalog().Whole(code) {
		return whole
	}
	return func(x *float64) any { return x }
}

// profileReview judges the cluster's application as the assessment page
// does: each recognition criterion and each target rule, with the reason.
func (s *Server) profileReview(c echo.Context, scope clusterscope.Scope, l lang, batch int, id string) (*table, error) {
	apps, err := s.db.AssessApplications(c.Request().Context(), scope, queries.Filter{Batch: batch, Q: id})
	if err != nil {
		return nil, err
	}
	for _, d := range apps {
		if d.Cluster.ID != id {
			continue
		}
		rs := s.ruleSetFor(d.Cluster)
		a := clusterscope.AssessCluster(rs, d)
		t := &table{ID: "review", Caption: trf(l, "认定标准与发展目标审核（%s：%s）", rs.Ref(), outcomeLabel(l, a.Outcome)),
			Columns: []column{{Key: "item", Label: tr(l, "项目")}, {Key: "outcome", Label: tr(l, "结论")}, {Key: "reason", Label: tr(l, "说明")}}}
		for _, cr := range a.Criteria {
			t.Rows = append(t.Rows, map[string]any{"item": cr.Wording, "outcome": outcomeLabel(l, cr.Outcome), "reason": sayAll(l, cr.Reason)})
		}
		for _, res := range a.Targets {
			item := res.RuleText
			if item == "" {
				item = res.Label
			}
			t.Rows = append(t.Rows, map[string]any{"item": item, "outcome": outcomeLabel(l, res.Outcome), "reason": sayAll(l, res.Reason)})
		}
		return t, nil
	}
	return nil, nil
}

// pickerSize is how many clusters the 集群档案 picker lists.
const pickerSize = 200

// pickerOptions are the picker's clusters, at most pickerSize of them,
// and the one shown (nil: none) when they do not hold it: a link from
// another page, or past the first.
func pickerOptions(l lang, list []clusterscope.Cluster, shown *clusterscope.Cluster) []option {
	label := func(cl clusterscope.Cluster) string {
		return trf(l, "%s（%s，%d 年度）", cl.Name, cl.ID, cl.Batch)
	}
	list = list[:min(len(list), pickerSize)]
	var opts []option
	if shown != nil && !slices.ContainsFunc(list, func(cl clusterscope.Cluster) bool { return cl.ID == shown.ID }) {
		opts = append(opts, option{shown.ID, label(*shown)})
	}
	for _, cl := range list {
		opts = append(opts, option{cl.ID, label(cl)})
	}
	return opts
}

// pickerNote says how many clusters there are to choose from when the
// picker lists only the first.
func pickerNote(l lang, total int) string {
	if total <= pickerSize {
		return ""
	}
	return trf(l, " · 可选集群共 %d 个，列表中为前 %d 个，输入名称中的字或集群编号查找其余", total, pickerSize)
}
