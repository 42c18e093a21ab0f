package dashboard

import (
	"cmp"
	"math"
	"slices"

	"github.com/go-echarts/go-echarts/v2/opts"
)

// A chart of one bar or point per cluster stays bounded at any number of
// clusters (10,000 bars would be megabytes nobody can read): past these
// bounds it shows the largest values, or points grouped by a grid, and its
// subtitle says so; quartile and median lines stay those of every cluster.
const (
	maxBars     = 200 // bars of clusters (a national batch, ~100, fits); past it, the largest
	maxPoints   = 500 // points of a scatter; past it, grouped by a grid …
	scatterGrid = 30  // … of scatterGrid × scatterGrid cells
)

// clusterBars is barChart of one bar per cluster: past maxBars, the
// maxBars largest values, largest first, with the quartiles of all.
func clusterBars(l lang, id, title, unit, sub string, names []string, values []*float64) (chart, error) {
	if len(values) <= maxBars {
		return barChart(l, id, title, unit, sub, names, values)
	}
	var idx []int
	for i, v := range values {
		if v != nil {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(*values[b], *values[a]) })
	idx = idx[:min(maxBars, len(idx))]
	shownNames, shown := make([]string, len(idx)), make([]*float64, len(idx))
	for i, j := range idx {
		shownNames[i], shown[i] = names[j], values[j]
	}
	all := present(values)
	note := trf(l, "共 %d 个集群，图中为数值最大的 %d 个（全部见下表）；四分位线按全部 %d 个有数值的集群", len(values), len(idx), len(all))
	return bars(l, id, title, unit, sub+"\n"+note, shownNames, shown, all)
}

// clusterScatter is scatterChart: past maxPoints, one point per cell of a
// grid over the values' range, at the mean of its clusters, sized by how
// many they are; the medians are every cluster's.
func clusterScatter(l lang, id, title, sub, xName, yName string, names []string, xs, ys []float64) (chart, error) {
	if len(xs) <= maxPoints {
		return scatterChart(l, id, title, sub, xName, yName, names, xs, ys)
	}
	type cell struct {
		n      int
		sx, sy float64
	}
	x0, x1 := minmax(xs)
	y0, y1 := minmax(ys)
	at := func(v, lo, hi float64) int {
		if hi == lo {
			return 0
		}
		return min(scatterGrid-1, int(math.Floor((v-lo)/(hi-lo)*scatterGrid)))
	}
	cells := map[[2]int]*cell{}
	var order [][2]int
	for i := range xs {
		k := [2]int{at(xs[i], x0, x1), at(ys[i], y0, y1)}
		c := cells[k]
		if c == nil {
			c = &cell{}
			cells[k] = c
			order = append(order, k)
		}
		c.n++
		c.sx += xs[i]
		c.sy += ys[i]
	}
	most := 0
	for _, c := range cells {
		most = max(most, c.n)
	}
	data := make([]opts.ScatterData, len(order))
	for i, k := range order {
		c := cells[k]
		data[i] = opts.ScatterData{Name: trf(l, "%d 个集群", c.n),
			Value:      []float64{round2(c.sx / float64(c.n)), round2(c.sy / float64(c.n)), float64(c.n)},
			SymbolSize: 5 + int(math.Round(20*math.Sqrt(float64(c.n)/float64(most))))}
	}
	note := trf(l, "共 %d 个集群，按数值分 %d×%d 格汇总：每点为一格内集群的平均位置，点越大集群越多；中位线按全部集群", len(xs), scatterGrid, scatterGrid)
	return scatter(l, id, title, sub+"\n"+note, xName, yName, data, xs, ys)
}
