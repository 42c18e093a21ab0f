package dashboard

import (
	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/queries"
)

// Consistency checks are signals for reviewers, never verdicts: shown at
// 初审 (the desk) and on the profile, each with its code, its threshold
// and its severity.

// signalsOf are the consistency signals of an application, said in l.
func (a *assessment) signalsOf(l lang, id string) []string {
	var out []string
	for _, s := range a.signals[id] {
		out = append(out, signalText(l, s))
	}
	return out
}

func signalText(l lang, s clusterscope.Signal) string {
	return trf(l, "%s %s：%s", s.Code, tr(l, s.Severity.Label()), say(l, s.Found))
}

// signalsTable lists the signals of the clusters, in the order given.
func signalsTable(l lang, clusters []clusterscope.Cluster, signals map[string][]clusterscope.Signal) *table {
	t := &table{ID: "signals", Caption: tr(l, "一致性核查（提示信号，不作结论：请核对申报材料）"), Columns: []column{
		{Key: "name", Label: tr(l, "集群名称"), Link: "link"}, {Key: "code", Label: tr(l, "代码")},
		{Key: "severity", Label: tr(l, "程度")}, {Key: "found", Label: tr(l, "发现")}}}
	for _, c := range clusters {
		for _, s := range signals[c.ID] {
			t.Rows = append(t.Rows, map[string]any{"name": c.Name, "link": profileLink(c.Batch, c.ID), "code": s.Code,
				"severity": tr(l, s.Severity.Label()), "found": say(l, s.Found)})
		}
	}
	return t
}

// checksTable states every check: its code, what it compares and its
// thresholds.
func checksTable(l lang) *table {
	t := &table{ID: "checks", Caption: tr(l, "一致性核查的规则与阈值"), Columns: []column{
		{Key: "code", Label: tr(l, "代码")}, {Key: "title", Label: tr(l, "核查内容")}, {Key: "threshold", Label: tr(l, "阈值与程度")}}}
	for _, c := range clusterscope.ConsistencyChecks {
		t.Rows = append(t.Rows, map[string]any{"code": c.Code, "title": tr(l, c.Title), "threshold": say(l, c.Threshold)})
	}
	return t
}

// profileChecks are one application's signals, its texts and contacts
// compared with the other applications of its batch the user may see.
func (s *Server) profileChecks(c echo.Context, scope clusterscope.Scope, l lang, batch int, id string) ([]*table, error) {
	ctx := c.Request().Context()
	apps, err := s.db.AssessApplications(ctx, scope, queries.Filter{Batch: batch, Q: id})
	if err != nil {
		return nil, err
	}
	for _, d := range apps {
		if d.Cluster.ID != id {
			continue
		}
		others, err := s.db.AssessCopies(ctx, scope, batch, id)
		if err != nil {
			return nil, err
		}
		signals := map[string][]clusterscope.Signal{id: clusterscope.ConsistencyOf(d, others)}
		return []*table{signalsTable(l, []clusterscope.Cluster{d.Cluster}, signals), checksTable(l)}, nil
	}
	return nil, nil
}
