package dashboard

import (
	"fmt"
	"math"

	"clusterscope"
)

// recheckDetail is one cluster's 复核 in full: the criteria on its latest
// year, the plan's completion, its reports, the changes they show, and
// its timeline.
func (s *Server) recheckDetail(l lang, d *dueRow) []*table {
	rc := d.Recheck
	name := clusterscope.ShortName(d.Name)
	crit := &table{ID: "criteria", Caption: trf(l, "%s：认定标准（%s，按 %d 年数据复核）", name, rc.RuleSet, rc.Latest),
		Columns: []column{{Key: "item", Label: tr(l, "认定标准")}, {Key: "outcome", Label: tr(l, "结论")}, {Key: "reason", Label: tr(l, "说明")}}}
	if rc.Latest == 0 {
		crit.Caption = trf(l, "%s：认定标准（%s，尚无已收到的年度报告）", name, rc.RuleSet)
	}
	for _, cr := range rc.Criteria {
		crit.Rows = append(crit.Rows, map[string]any{"item": cr.Wording, "outcome": outcomeLabel(l, cr.Outcome), "reason": sayAll(l, cr.Reason)})
	}
	return []*table{crit, completionTable(l, name, rc), reportTable(l, name, rc.Reports),
		changeTable(l, "recheck-changes", trf(l, "%s：重大变化", name), changeRows(d.Cluster, rc.Changes)),
		timelineTable(l, trf(l, "%s：动态管理时间线", name), d.Life)}
}

// completionTable sets each target's final-year actual beside the plan
// and the rule it had to meet; for a later term it says whose plan it is.
func completionTable(l lang, name string, rc clusterscope.Recheck) *table {
	caption := trf(l, "%s：三年规划完成情况（申报时的 %d–%d 年规划）", name, rc.Plan.Start, rc.Plan.End)
	if n := rc.PlanNote(); n != nil {
		caption = trf(l, "%s：%s", caption, say(l, *n))
	}
	t := &table{ID: "completion", Caption: caption, Columns: []column{
		{Key: "label", Label: tr(l, "指标")}, {Key: "unit", Label: tr(l, "单位")}, {Key: "rule_text", Label: tr(l, "须满足的规则")},
		{Key: "baseline", Label: tr(l, "基准值"), Numeric: true}, {Key: "plan", Label: tr(l, "规划值（最后一年）"), Numeric: true},
		{Key: "path", Label: tr(l, "阶段目标")}, {Key: "actual", Label: tr(l, "实绩（最后一年）"), Numeric: true},
		{Key: "status", Label: tr(l, "对照规划")}, {Key: "share", Label: tr(l, "完成计划变化（%）"), Numeric: true},
		{Key: "rule", Label: tr(l, "规则（以实绩代入）")}, {Key: "reason", Label: tr(l, "说明")},
	}}
	for _, tc := range rc.Targets {
		num := targetNumber(tc.Code)
		row := map[string]any{"label": tr(l, tc.Label), "unit": tr(l, tc.Unit), "rule_text": tc.RuleText, "baseline": num(tc.Baseline),
			"actual": num(tc.Actual), "status": milestoneLabel(l, tc.Status), "rule": outcomeLabel(l, tc.Rule), "reason": sayAll(l, tc.Reason)}
		if tc.Path != nil {
			final := round2(tc.Path[tc.Year])
			row["plan"] = num(&final)
			path := ""
			for y := tc.Year - 2; y <= tc.Year; y++ {
				path += trf(l, "%d 年 %s；", y, fmt.Sprint(round2(tc.Path[y])))
			}
			if tc.Given {
				row["path"] = path + tr(l, "（规划所给）")
			} else {
				row["path"] = path + tr(l, "（只给出最终目标：按等比路径推算）")
			}
		}
		if tc.Actual != nil && tc.Path != nil && !math.IsInf(tc.Share, 0) {
			share := round2(100 * tc.Share)
			row["share"] = &share
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// reportTable lists the reports of the term with their due days.
func reportTable(l lang, name string, rcs []clusterscope.ReportCheck) *table {
	t := &table{ID: "term-reports", Caption: trf(l, "%s：年度报告", name), Columns: []column{
		{Key: "year", Label: tr(l, "报告年度")}, {Key: "due", Label: tr(l, "截止日")}, {Key: "received", Label: tr(l, "收到日期")},
		{Key: "source", Label: tr(l, "收到日期来源")}, {Key: "status", Label: tr(l, "状态")}, {Key: "days", Label: tr(l, "逾期天数"), Numeric: true},
	}}
	for _, rc := range rcs {
		row := map[string]any{"year": fmt.Sprint(rc.Year), "due": date(rc.Due), "status": reportStatusLabel(l, rc.Status), "days": int64(rc.DaysLate)}
		if rc.Received != nil {
			row["received"], row["source"] = date(*rc.Received), tr(l, "载入时间")
			if rc.Stated {
				row["source"] = tr(l, "报告所填报送日期")
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// timelineTable is a cluster's life, oldest first: its recognition, each
// 初审 and 复核, a withdrawal; who decided and why.
func timelineTable(l lang, caption string, life clusterscope.Life) *table {
	t := &table{ID: "timeline", Caption: caption, Columns: []column{
		{Key: "date", Label: tr(l, "日期")}, {Key: "event", Label: tr(l, "事项")}, {Key: "who", Label: tr(l, "决定人")}, {Key: "why", Label: tr(l, "理由")},
	}}
	for _, ev := range life.Events {
		t.Rows = append(t.Rows, map[string]any{"date": date(ev.Date), "event": say(l, ev.What), "who": ev.Who, "why": ev.Why})
	}
	now := trf(l, "%s：%s，有效期至 %d 年", date(life.AsOf), termStatusLabel(l, life.Status), life.Term().End)
	if life.Status == clusterscope.TermWithdrawn {
		now = trf(l, "%s：%s", date(life.AsOf), termStatusLabel(l, life.Status))
	}
	t.Rows = append(t.Rows, map[string]any{"date": date(life.AsOf), "event": now, "who": "", "why": tr(l, "（判定日）")})
	return t
}
