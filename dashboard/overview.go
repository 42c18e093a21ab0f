package dashboard

import (
	"fmt"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/queries"
)

// buildOverview: how many clusters there are by batch, province and
// industry type; how the four headline metrics are distributed in each
// batch; and where the searched clusters sit among their batch.
func (s *Server) buildOverview(c echo.Context, scope clusterscope.Scope) (*view, error) {
	if err := params(c, filterParams...); err != nil {
		return nil, err
	}
	l := langOf(c)
	v := s.newView(l, "总览")
	sel, empty, err := s.selectInto(c, scope, v, true)
	if err != nil || empty {
		return v, err
	}
	ctx := c.Request().Context()
	// The search marks clusters; the distributions are of everything else selected.
	marked := sel.Q
	sel.Q = ""
	counts, err := s.db.OverviewCounts(ctx, scope, sel.Filter)
	if err != nil {
		return nil, err
	}
	sub := v.subtitle(sel.Where(l))
	total, recognised := 0, 0
	byBatch, byProvince, byType := map[string]float64{}, map[string]float64{}, map[string]float64{}
	for _, n := range counts {
		total += n.Clusters
		if n.Recognised {
			recognised += n.Clusters
		}
		byBatch[trf(l, "%d 年度", n.Batch)] += float64(n.Clusters)
		byProvince[n.Province] += float64(n.Clusters)
		byType[orDash(l, n.IndustryType)] += float64(n.Clusters)
	}
	v.Summary = trf(l, "%s · %d 个集群（已认定 %d，候选 %d）", sel.Where(l), total, recognised, total-recognised)
	// the count comes from the warehouse, which knows no list notice
	v.Rule = tr(l, "“已认定”按是否报送过年度报告计：已列入名单通告而尚未报送年度报告的集群在此计为候选；动态管理、复核与目标监测页按名单通告所列的集群编号认定（名单通告列出时）。")
	for _, g := range []struct {
		id, title string
		m         map[string]float64
		pie       bool
	}{
		{"by-batch", tr(l, "各批次集群数"), byBatch, false},
		{"by-province", tr(l, "各省份集群数"), byProvince, false},
		{"by-type", tr(l, "主导产业所属产业类型"), byType, true},
	} {
		names, values := sortedDesc(g.m, !g.pie && g.id == "by-batch")
		var ch chart
		if g.pie {
			ch, err = pieChart(l, g.id, g.title, sub, names, values)
		} else {
			ptrs := make([]*float64, len(values))
			for i := range values {
				ptrs[i] = &values[i]
			}
			ch, err = barChart(l, g.id, g.title, tr(l, "个"), sub, names, ptrs)
		}
		if err != nil {
			return nil, err
		}
		v.Charts = append(v.Charts, ch)
	}
	if err := s.overviewDistributions(c, v, scope, sel, marked, sub); err != nil {
		return nil, err
	}
	return v, nil
}

// overviewDistributions draws each headline metric per batch as a box
// plot (each batch in its baseline year, or the chosen year) and places the
// searched clusters among their batch as percentiles.
func (s *Server) overviewDistributions(c echo.Context, v *view, scope clusterscope.Scope, sel *selection, marked, sub string) error {
	ctx := c.Request().Context()
	batches := sel.Batches
	if sel.batch != nil {
		batches = []queries.Batch{*sel.batch}
	}
	explicitYear := c.QueryParam("year") != ""
	l := v.lang
	place := &table{ID: "place", Caption: tr(l, "所选集群在本批次中的位置（百分位，0–100，越大越靠前）"),
		Columns: []column{{Key: "name", Label: tr(l, "集群名称"), Link: "link"}, {Key: "batch", Label: tr(l, "批次")}}}
	for _, ind := range clusterscope.Headline {
		place.Columns = append(place.Columns, column{Key: ind.Code, Label: fieldLabel(l, ind.Label, ind.Code), Numeric: true})
	}
	placed := map[string]map[string]any{}
	var order []string
	for _, ind := range clusterscope.Headline {
		groups := make([]string, len(batches))
		samples := make([][]float64, len(batches))
		for i, b := range batches {
			year := b.Batch - 1
			if explicitYear {
				year = sel.Year
			}
			groups[i] = trf(l, "%d 年度（%d 年）", b.Batch, year)
			f := sel.Filter
			f.Batch = b.Batch
			vals, err := s.db.IndicatorValues(ctx, scope, f, ind.Code, year)
			if err != nil {
				return err
			}
			var signed []float64
			for _, x := range vals {
				if x.Value != nil {
					samples[i] = append(samples[i], *x.Value)
					signed = append(signed, float64(ind.Better)**x.Value)
				}
			}
			if marked == "" {
				continue
			}
			for _, x := range vals {
				if x.Value == nil || !matches(x.ClusterRef, marked) {
					continue
				}
				key := fmt.Sprint(x.Batch, x.ClusterID)
				if placed[key] == nil {
					placed[key] = map[string]any{"name": x.Name, "batch": x.Batch, "link": profileLink(x.Batch, x.ClusterID)}
					order = append(order, key)
				}
				p := percentileRank(signed, float64(ind.Better)**x.Value)
				placed[key][ind.Code] = &p
			}
		}
		ch, err := boxChart(l, "dist-"+ind.Code, withUnit(l, trf(l, "%s分布", ind.Label), ind.Unit), tr(l, ind.Unit), sub, groups, samples)
		if err != nil {
			return err
		}
		v.Charts = append(v.Charts, ch)
	}
	for _, k := range order {
		place.Rows = append(place.Rows, placed[k])
	}
	if marked != "" {
		v.Tables = append(v.Tables, place)
	}
	return nil
}

func matches(c queries.ClusterRef, q string) bool {
	return c.ClusterID == q || strings.Contains(c.Name, q)
}

func orDash(l lang, s string) string {
	if s == "" {
		return tr(l, "未填")
	}
	return s
}

// sortedDesc orders a count map by count (or by name when byName).
func sortedDesc(m map[string]float64, byName bool) ([]string, []float64) {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if byName || m[names[i]] == m[names[j]] {
			return names[i] < names[j]
		}
		return m[names[i]] > m[names[j]]
	})
	values := make([]float64, len(names))
	for i, n := range names {
		values[i] = m[n]
	}
	return names, values
}
