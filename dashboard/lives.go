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
// A batch without a list notice gives its clusters no term: they are left
// out and its year is in missing, for the page to say so.
func (s *Server) lives(ctx context.Context, scope clusterscope.Scope, f queries.Filter, asOf time.Time) (rows []*lifeRow, missing []int, err error) {
	f.Status = "recognised"
	list, err := s.db.ClusterList(ctx, scope, f)
	if err != nil {
		return nil, nil, err
	}
	log, err := s.wh.DecisionLog(clusterscope.DecisionCluster)
	if err != nil {
		return nil, nil, err
	}
	history := map[string][]clusterscope.Decision{}
	for _, d := range log {
		k := lifeKey(d.Batch, d.Subject)
		history[k] = append(history[k], d)
	}
	got, err := s.db.ReportReceived(ctx, scope, f)
	if err != nil {
		return nil, nil, err
	}
	receipts := map[string]map[int]clusterscope.Receipt{}
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
		if n == nil {
			if !slices.Contains(missing, c.Batch) {
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

func lifeKey(batch int, id string) string { return fmt.Sprint(batch, "/", id) }

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
