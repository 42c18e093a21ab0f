package dashboard

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// stack is one series of a stacked bar chart: a count per group.
type stack struct {
	Name, Color string
	Counts      []float64
}

// counter counts items into groups (in the order first met) by series.
type counter struct {
	groups []string
	index  map[string]int
	counts map[string][]float64
}

func newCounter() *counter { return &counter{index: map[string]int{}, counts: map[string][]float64{}} }

// add counts one item of series in group.
func (c *counter) add(group, series string) { c.addN(group, series, 1) }

// addN counts n items of series in group.
func (c *counter) addN(group, series string, n int) {
	i, ok := c.index[group]
	if !ok {
		i = len(c.groups)
		c.index[group] = i
		c.groups = append(c.groups, group)
	}
	for len(c.counts[series]) < len(c.groups) {
		c.counts[series] = append(c.counts[series], 0)
	}
	c.counts[series][i] += float64(n)
}

// stack is a series's counts over every group, 0 where it has none.
func (c *counter) stack(series, name, color string) stack {
	out := make([]float64, len(c.groups))
	copy(out, c.counts[series])
	return stack{Name: name, Color: color, Counts: out}
}

// stackedBars draws the counts of each series stacked per group.
func stackedBars(l lang, id, title, sub string, groups []string, series []stack) (chart, error) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(common(l, title, sub),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "50", Right: "30", Bottom: "120", Top: "80"}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 40, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Name: tr(l, "个")}),
	)...)
	bar.SetXAxis(groups)
	for _, s := range series {
		data := make([]opts.BarData, len(groups))
		for i, n := range s.Counts {
			data[i] = opts.BarData{Value: n}
		}
		bar.AddSeries(s.Name, data, charts.WithBarChartOpts(opts.BarChart{Stack: "status"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: s.Color}))
	}
	bar.Validate()
	return finish(id, title, bar.JSON())
}
