package dashboard

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"clusterscope"
	"clusterscope/queries"
)

// lifeRow is one recognised cluster as the lifecycle pages judge it: its
// life on the as-of day and its yearly reports against their due days.
type lifeRow struct {
	clusterscope.Cluster
	Notice  *clusterscope.ListNotice
	Life    clusterscope.Life
	Reports []clusterscope.ReportCheck
}

// lives judges the recognised clusters of the selection on the day asOf.
// A cluster is recognised when its batch's list notice names it, or,
// where the notice names none, once it has sent a yearly report
// (recognitionNote says which on the page). A batch without a list notice
// gives its clusters no term: they are left out and its year is in
// missing, for the page to say so.
func (s *Server) lives(ctx context.Context, scope clusterscope.Scope, f queries.Filter, asOf time.Time) (rows []*lifeRow, missing []int, err error) {
	f.Status = "" // recognition is decided here, not by the reports alone
	list, err := s.db.ClusterList(ctx, scope, f)
	if err != nil {
		return nil, nil, err
	}
	log, err := s.wh.DecisionLog(clusterscope.DecisionCluster)
	if err != nil {
		return nil, nil, err
	}
	history := map[lifeID][]clusterscope.Decision{}
	for _, d := range log {
		k := lifeKey(d.Batch, d.Subject)
		history[k] = append(history[k], d)
	}
	got, err := s.db.ReportReceived(ctx, scope, f)
	if err != nil {
		return nil, nil, err
	}
	receipts := map[lifeID]map[int]clusterscope.Receipt{}
	for _, r := range got {
		k := lifeKey(r.Batch, r.ClusterID)
		if receipts[k] == nil {
			receipts[k] = map[int]clusterscope.Receipt{}
		}
		receipts[k][r.Year] = r.Receipt
	}
	notices := s.listNotices()
	for _, c := range list {
		n := clusterscope.SelectListNotice(notices, c.Batch)
		if !recognised(n, c) {
			if n == nil && c.Recognised && !slices.Contains(missing, c.Batch) {
				missing = append(missing, c.Batch)
			}
			continue
		}
		k := lifeKey(c.Batch, c.ID)
		r := &lifeRow{Cluster: c, Notice: n, Life: clusterscope.LifeOf(n, c.ID, history[k], asOf)}
		r.Reports = clusterscope.CheckReports(n, &r.Life, receipts[k])
		rows = append(rows, r)
	}
	return rows, missing, nil
}

// recognised tells whether the list notice n recognised the cluster: it
// names it, or names none and the cluster has sent a yearly report; never
// without a notice.
func recognised(n *clusterscope.ListNotice, c clusterscope.Cluster) bool {
	if n == nil {
		return false
	}
	if listed, known := n.Lists(c.ID); known {
		return listed
	}
	return c.Recognised
}

// recognitionNote says what the recognised clusters of the batches rest
// on: the list notices that name them, or, for a batch whose notice names
// none, the reports, which leave out a recognised cluster that has sent
// none yet (and so its missing report).
func (v *view) recognitionNote(notices []*clusterscope.ListNotice, batches []int) {
	l := v.lang
	var listed, unlisted []string
	for _, b := range batches {
		n := clusterscope.SelectListNotice(notices, b)
		switch {
		case n == nil:
		case n.Clusters != nil:
			listed = append(listed, fmt.Sprint(b))
		default:
			unlisted = append(unlisted, fmt.Sprint(b))
		}
	}
	if len(listed) > 0 {
		v.Rule = sentences(l, v.Rule, trf(l, "已认定集群：%s 年度批次按名单通告所列的集群编号。", strings.Join(listed, tr(l, "、"))))
	}
	if len(unlisted) > 0 {
		w := trf(l, "注意：%s 年度批次的名单通告未列出集群编号，已认定集群按“报送过年度报告”认定：尚未报送过任何年度报告的已认定集群不在本页，其缺报也未列出；管理员在名单通告中填写 clusters（全部认定集群的编号）后按名单认定。", strings.Join(unlisted, tr(l, "、")))
		v.Warning = strings.TrimSpace(v.Warning + " " + w)
	}
}

// batches are the batches of the selection: the one chosen, or all.
func (s *selection) batchYears() []int {
	if s.batch != nil {
		return []int{s.Batch}
	}
	var out []int
	for _, b := range s.Batches {
		out = append(out, b.Batch)
	}
	return out
}

func lifeKey(batch int, id string) lifeID { return lifeID{batch, id} }

// lifeID is a cluster of a batch, as a map key: made for every row of
// some questions, so never a formatted string.
type lifeID struct {
	batch int
	id    string
}

// noNotice warns which batches have no list notice, so that their
// clusters are not silently missing from the page.
func (v *view) noNotice(missing []int) {
	if len(missing) == 0 {
		return
	}
	l := v.lang
	years := make([]string, len(missing))
	for i, y := range missing {
		years[i] = fmt.Sprint(y)
	}
	w := trf(l, "注意：%s 年度批次没有名单通告，其集群没有有效期，未列入本页；请管理员用 clusterscope notice add 添加。", strings.Join(years, tr(l, "、")))
	v.Warning = strings.TrimSpace(v.Warning + " " + w)
}

// termStatusLabel is a term status in the language l.
func termStatusLabel(l lang, s clusterscope.TermStatus) string { return tr(l, s.Label()) }

// reportStatusLabel is a report status in the language l.
func reportStatusLabel(l lang, s clusterscope.ReportStatus) string { return tr(l, s.Label()) }

// date writes a day as the pages do.
func date(t time.Time) string { return t.Format(time.DateOnly) }
