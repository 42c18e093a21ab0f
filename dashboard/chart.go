package dashboard

import (
	"encoding/json"
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// chart is one chart of a page: go-echarts options as plain JSON, drawn by
// /static/app.js with echarts.setOption.
type chart struct {
	ID     string         `json:"id"`
	Title  string         `json:"title"`
	Option map[string]any `json:"option"`
}

// common are the options every chart shares: its title, a subtitle saying
// what was selected, and the toolbox button that downloads a PNG.
func common(l lang, title, subtitle string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "20", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Title: tr(l, "下载图片"), Name: title},
		}}),
	}
}

// finish turns go-echarts' options into the plain JSON a page draws.
func finish(id, title string, options map[string]any) (chart, error) {
	b, err := json.Marshal(options)
	if err != nil {
		return chart{}, fmt.Errorf("build chart %s: %w", id, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return chart{}, fmt.Errorf("build chart %s: %w", id, err)
	}
	// A short animation: the page is ready (every chart 'finished') well
	// within a second, and exports wait less.
	m["animationDuration"], m["animationDurationUpdate"] = 300, 300
	// go-echarts has no field for it: a 2× PNG is sharp in print.
	if tb, ok := m["toolbox"].(map[string]any); ok {
		if f, ok := tb["feature"].(map[string]any); ok {
			if img, ok := f["saveAsImage"].(map[string]any); ok {
				img["pixelRatio"] = 2
			}
		}
	}
	return chart{ID: id, Title: title, Option: m}, nil
}

// gap is ECharts' notation for a missing value: a gap, never a zero.
func gap(v *float64) any {
	if v == nil {
		return "-"
	}
	return *v
}

// barChart compares clusters on one indicator, with the peers' quartiles
// as lines so each cluster's place is plain.
func barChart(l lang, id, title, unit, subtitle string, names []string, values []*float64) (chart, error) {
	return bars(l, id, title, unit, subtitle, names, values, present(values))
}

// present are the values given.
func present(values []*float64) []float64 {
	var out []float64
	for _, v := range values {
		if v != nil {
			out = append(out, *v)
		}
	}
	return out
}

// bars draws the bars of values with the quartile lines of all (which may
// hold more than the bars: the clusters a bounded chart leaves out).
func bars(l lang, id, title, unit, subtitle string, names []string, values []*float64, all []float64) (chart, error) {
	data := make([]opts.BarData, len(values))
	for i, v := range values {
		data[i] = opts.BarData{Value: gap(v)}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(common(l, title, subtitle),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		// Room on the right for the quartiles' names, longer in English.
		charts.WithGridOpts(opts.Grid{Left: "60", Right: map[lang]string{zh: "70", en: "105"}[l], Bottom: "110", Top: "80"}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 40, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Name: unit}),
	)...)
	if len(names) > 20 {
		bar.SetGlobalOptions(charts.WithDataZoomOpts(opts.DataZoom{Type: "slider", Start: 0, End: float32(2000 / len(names))}))
	}
	var series []charts.SeriesOpts
	if len(all) >= 4 {
		q := quartiles(all)
		series = append(series, charts.WithMarkLineNameYAxisItemOpts(
			opts.MarkLineNameYAxisItem{Name: tr(l, "下四分位"), YAxis: round2(q[0])},
			opts.MarkLineNameYAxisItem{Name: tr(l, "中位数"), YAxis: round2(q[1])},
			opts.MarkLineNameYAxisItem{Name: tr(l, "上四分位"), YAxis: round2(q[2])},
		), charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			Label: &opts.Label{Show: opts.Bool(true), Formatter: "{b}"}}))
	}
	bar.SetXAxis(names).AddSeries(title, data, series...)
	bar.Validate()
	return finish(id, title, bar.JSON())
}

// lineChart draws each cluster's values over the years; a missing year is a gap.
func lineChart(l lang, id, title, unit, subtitle string, years []int, names []string, values [][]*float64) (chart, error) {
	line := charts.NewLine()
	line.SetGlobalOptions(append(common(l, title, subtitle),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "60", Right: "30", Bottom: "60", Top: "80"}),
		charts.WithYAxisOpts(opts.YAxis{Name: unit}),
	)...)
	x := make([]string, len(years))
	for i, y := range years {
		x[i] = fmt.Sprint(y)
	}
	line.SetXAxis(x)
	for i, name := range names {
		data := make([]opts.LineData, len(years))
		for j := range years {
			data[j] = opts.LineData{Value: gap(values[i][j])}
		}
		line.AddSeries(name, data)
	}
	line.Validate()
	return finish(id, title, line.JSON())
}

// scatterChart places clusters by two indicators, with the medians as lines
// dividing the plane into quadrants.
func scatterChart(l lang, id, title, subtitle, xName, yName string, names []string, xs, ys []float64) (chart, error) {
	data := make([]opts.ScatterData, len(xs))
	for i := range xs {
		data[i] = opts.ScatterData{Name: names[i], Value: []float64{xs[i], ys[i]}}
	}
	return scatter(l, id, title, subtitle, xName, yName, data, xs, ys)
}

// scatter draws the points of data with the medians of xs and ys (every
// point's, when data holds them grouped).
func scatter(l lang, id, title, subtitle, xName, yName string, data []opts.ScatterData, xs, ys []float64) (chart, error) {
	sc := charts.NewScatter()
	sc.SetGlobalOptions(append(common(l, title, subtitle),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}<br/>{c}"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "70", Right: "90", Bottom: "60", Top: "80"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: xName, NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: yName}),
	)...)
	var series []charts.SeriesOpts
	if len(xs) >= 2 {
		series = append(series,
			charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: tr(l, "中位数"), XAxis: round2(median(xs))}),
			charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: tr(l, "中位数"), YAxis: round2(median(ys))}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
				Label: &opts.Label{Show: opts.Bool(true), Formatter: "{b} {c}"}}))
	}
	sc.AddSeries(title, data, series...)
	sc.Validate()
	return finish(id, title, sc.JSON())
}

// radarChart compares a few clusters over the form's dimensions, each as a
// percentile among the selected clusters (0–100), so units do not matter.
func radarChart(l lang, id, title, subtitle string, dims []string, names []string, values [][]float64) (chart, error) {
	r := charts.NewRadar()
	ind := make([]*opts.Indicator, len(dims))
	for i, d := range dims {
		ind[i] = &opts.Indicator{Name: d, Max: 100}
	}
	r.SetGlobalOptions(append(common(l, title, subtitle),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
		charts.WithRadarComponentOpts(opts.RadarComponent{Indicator: ind}),
	)...)
	for i, name := range names {
		r.AddSeries(name, []opts.RadarData{{Name: name, Value: values[i]}})
	}
	r.Validate()
	return finish(id, title, r.JSON())
}

// pieChart shows shares of a whole, e.g. clusters by industry type.
func pieChart(l lang, id, title, subtitle string, names []string, values []float64) (chart, error) {
	p := charts.NewPie()
	p.SetGlobalOptions(append(common(l, title, subtitle),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: types.FuncStr(tr(l, "{b}：{c}（{d}%）"))}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
	)...)
	data := make([]opts.PieData, len(names))
	for i := range names {
		data[i] = opts.PieData{Name: names[i], Value: values[i]}
	}
	p.AddSeries(title, data, charts.WithPieChartOpts(opts.PieChart{Radius: []string{"35%", "62%"}, Center: []string{"50%", "55%"}}))
	p.Validate()
	return finish(id, title, p.JSON())
}

// boxChart shows a metric's distribution per group (e.g. per batch).
func boxChart(l lang, id, title, unit, subtitle string, groups []string, samples [][]float64) (chart, error) {
	b := charts.NewBoxPlot()
	b.SetGlobalOptions(append(common(l, title, subtitle),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "60", Right: "30", Bottom: "50", Top: "80"}),
		charts.WithYAxisOpts(opts.YAxis{Name: unit}),
	)...)
	data := make([]opts.BoxPlotData, len(samples))
	for i, s := range samples {
		if len(s) == 0 {
			data[i] = opts.BoxPlotData{Value: []any{}}
			continue
		}
		lo, hi := minmax(s)
		q := quartiles(s)
		data[i] = opts.BoxPlotData{Value: []float64{round2(lo), round2(q[0]), round2(q[1]), round2(q[2]), round2(hi)}}
	}
	b.SetXAxis(groups).AddSeries(title, data)
	b.Validate()
	return finish(id, title, b.JSON())
}
