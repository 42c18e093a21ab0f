package dashboard

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"clusterscope"
)

var termColors = map[clusterscope.TermStatus]string{clusterscope.TermValid: "#3ba272", clusterscope.TermReview: "#fac858",
	clusterscope.TermExtended: "#5470c6", clusterscope.TermWithdrawn: "#ee6666"}

// buildPortfolio: the recognised clusters on the as-of day — how many are
// in term, under review, extended or withdrawn, by batch and province;
// those due for 复核 this year with their suggestion; the withdrawals with
// their causes; and every cluster with its status.
func (s *Server) buildPortfolio(c echo.Context, scope clusterscope.Scope) (*view, error) {
	if err := params(c, "batch", "province", "city", "life", "q"); err != nil {
		return nil, err
	}
	l := langOf(c)
	v := s.newView(l, "动态管理")
	asOf, how := s.asOf(l)
	sel, empty, err := s.selectInto(c, scope, v, true)
	if err != nil || empty {
		return v, err
	}
	life := clusterscope.TermStatus(c.QueryParam("life"))
	if life != "" && !slices.Contains(clusterscope.TermStatuses, life) {
		return nil, errorf(l, clusterscope.EINVALID, "状态「%s」无效：应为 valid、review、extended 或 withdrawn", life)
	}
	opts := []option{{"", tr(l, "全部状态")}}
	for _, st := range clusterscope.TermStatuses {
		opts = append(opts, option{string(st), termStatusLabel(l, st)})
	}
	v.Filters["life"] = filter{string(life), opts}
	ctx := c.Request().Context()
	all, missing, err := s.lives(ctx, scope, sel.Filter, asOf)
	if err != nil {
		return nil, err
	}
	v.noNotice(missing)
	var rows []*lifeRow
	for _, r := range all {
		if life == "" || r.Life.Status == life {
			rows = append(rows, r)
		}
	}
	n := map[clusterscope.TermStatus]int{}
	for _, r := range rows {
		n[r.Life.Status]++
	}
	where := sel.Where(l)
	v.Summary = trf(l, "%s · 判定日 %s · 在库 %d 个（有效 %d，复核中 %d，延长 %d）；已撤销 %d 个", where, date(asOf),
		n[clusterscope.TermValid]+n[clusterscope.TermReview]+n[clusterscope.TermExtended], n[clusterscope.TermValid],
		n[clusterscope.TermReview], n[clusterscope.TermExtended], n[clusterscope.TermWithdrawn])
	v.Rule = sentences(l, tr(l, "有效期按各批次的名单通告（首个有效期），每次复核通过延长三年。有效期最后一年起为“复核中”，直至部级作出复核决定；复核通过后为“延长”；撤销认定的集群留在历史中，不再计入在库集群。"), how)
	v.recognitionNote(s.listNotices(), sel.batchYears())
	ch, err := termChart(l, v.subtitle(where), rows)
	if err != nil {
		return nil, err
	}
	v.Charts = append(v.Charts, ch)
	v.Tables = append(v.Tables, countTable(l, "by-batch", trf(l, "%s · 各批次集群状态（判定日 %s）", where, date(asOf)), tr(l, "批次"), rows,
		func(r *lifeRow) string { return trf(l, "%d 年度", r.Batch) }),
		countTable(l, "by-province", trf(l, "%s · 各省份集群状态（判定日 %s）", where, date(asOf)), tr(l, "省份"), rows,
			func(r *lifeRow) string { return r.Province }))
	due, err := s.rechecksOf(ctx, scope, sel.Filter, all, asOf.Year(), "")
	if err != nil {
		return nil, err
	}
	if life != "" {
		due = slices.DeleteFunc(due, func(d *dueRow) bool { return d.Life.Status != life })
	}
	v.Tables = append(v.Tables, dueTable(l, asOf.Year(), due, trf(l, "%s · %d 年有效期届满、应复核的集群及复核建议", where, asOf.Year())),
		withdrawalTable(l, rows, trf(l, "%s · 撤销认定的集群及原因", where)),
		portfolioTable(l, rows, trf(l, "%s · 已认定集群及其状态（判定日 %s）", where, date(asOf))))
	return v, nil
}

// termChart stacks the statuses per province.
func termChart(l lang, sub string, rows []*lifeRow) (chart, error) {
	c := newCounter()
	for _, r := range rows {
		c.add(r.Province, string(r.Life.Status))
	}
	var series []stack
	for _, st := range clusterscope.TermStatuses {
		series = append(series, c.stack(string(st), termStatusLabel(l, st), termColors[st]))
	}
	return stackedBars(l, "terms", tr(l, "各省份集群状态"), sub, c.groups, series)
}

// countTable counts the rows' statuses per group, with the totals.
func countTable(l lang, id, caption, groupLabel string, rows []*lifeRow, group func(*lifeRow) string) *table {
	t := &table{ID: id, Caption: caption, Columns: []column{{Key: "group", Label: groupLabel}}}
	for _, st := range clusterscope.TermStatuses {
		t.Columns = append(t.Columns, column{Key: string(st), Label: termStatusLabel(l, st), Numeric: true})
	}
	t.Columns = append(t.Columns, column{Key: "active", Label: tr(l, "在库"), Numeric: true}, column{Key: "total", Label: tr(l, "合计"), Numeric: true})
	byGroup := map[string]map[string]any{}
	var groups []string
	total := map[string]any{"group": tr(l, "合计")}
	add := func(m map[string]any, key string) {
		n, _ := m[key].(int64)
		m[key] = n + 1
	}
	for _, r := range rows {
		g := group(r)
		m := byGroup[g]
		if m == nil {
			m = map[string]any{"group": g}
			for _, c := range t.Columns[1:] {
				m[c.Key] = int64(0)
			}
			byGroup[g] = m
			groups = append(groups, g)
		}
		for _, m := range []map[string]any{m, total} {
			add(m, string(r.Life.Status))
			add(m, "total")
			if r.Life.Status.Active() {
				add(m, "active")
			}
		}
	}
	slices.Sort(groups)
	for _, g := range groups {
		t.Rows = append(t.Rows, byGroup[g])
	}
	t.Footer = []map[string]any{total}
	return t
}

// withdrawalTable lists the withdrawals, latest first, with their cause,
// evidence and who decided.
func withdrawalTable(l lang, rows []*lifeRow, caption string) *table {
	t := &table{ID: "withdrawals", Caption: caption, Columns: []column{
		{Key: "name", Label: tr(l, "集群名称"), Link: "link"}, {Key: "id", Label: tr(l, "集群编号")}, {Key: "province", Label: tr(l, "省份")},
		{Key: "batch", Label: tr(l, "批次")}, {Key: "date", Label: tr(l, "撤销日期")}, {Key: "cause", Label: tr(l, "撤销原因")},
		{Key: "evidence", Label: tr(l, "证据")}, {Key: "who", Label: tr(l, "决定人")}, {Key: "why", Label: tr(l, "理由")},
	}}
	var ws []*lifeRow
	for _, r := range rows {
		if r.Life.Withdrawal != nil {
			ws = append(ws, r)
		}
	}
	sortStable(ws, func(a, b *lifeRow) int {
		return cmp.Or(b.Life.Withdrawal.Date.Compare(a.Life.Withdrawal.Date), strings.Compare(a.ID, b.ID))
	})
	for _, r := range ws {
		w := r.Life.Withdrawal
		t.Rows = append(t.Rows, map[string]any{"name": r.Name, "link": profileLink(r.Batch, r.ID), "id": r.ID, "province": r.Province,
			"batch": fmt.Sprint(r.Batch), "date": date(w.Date), "cause": tr(l, w.Cause.Label()), "evidence": w.Evidence, "who": w.Who, "why": w.Why})
	}
	return t
}

// portfolioTable lists every cluster with its term and status, and its
// yearly reports late or missing.
func portfolioTable(l lang, rows []*lifeRow, caption string) *table {
	t := &table{ID: "clusters", Caption: caption, Columns: []column{
		{Key: "name", Label: tr(l, "集群名称"), Link: "link"}, {Key: "id", Label: tr(l, "集群编号")}, {Key: "province", Label: tr(l, "省份")},
		{Key: "city", Label: tr(l, "市")}, {Key: "batch", Label: tr(l, "批次")}, {Key: "term", Label: tr(l, "有效期")},
		{Key: "status", Label: tr(l, "状态")}, {Key: "late", Label: tr(l, "逾期或缺报的年度报告")},
	}}
	b := newRowsBuilder(len(rows), "name", "link", "id", "province", "city", "batch", "term", "status", "late")
	for _, r := range rows {
		b.next()
		b.cluster(r.Cluster, profileLink(r.Batch, r.ID))
		b.text("term", trf(l, "%d–%d 年", r.Life.Terms[0].Start, r.Life.Term().End))
		b.text("status", termStatusLabel(l, r.Life.Status))
		b.text("late", lateReports(l, r.Reports))
	}
	b.rows(t)
	return t
}

// lateReports names the reports late or missing: 2023 年逾期、2024 年缺报.
func lateReports(l lang, rcs []clusterscope.ReportCheck) string {
	var late []string
	for _, rc := range rcs {
		if rc.Status == clusterscope.ReportLate || rc.Status == clusterscope.ReportMissing {
			late = append(late, trf(l, "%d 年%s", rc.Year, reportStatusLabel(l, rc.Status)))
		}
	}
	return strings.Join(late, tr(l, "、"))
}
