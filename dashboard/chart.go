package dashboard

import (
	"encoding/json"
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"clusterscope"
)

// chart is one chart of a page: go-echarts options as plain JSON, drawn by
// /static/app.js with echarts.setOption.
type chart struct {
	ID     string         `json:"id"`
	Title  string         `json:"title"`
	Option map[string]any `json:"option"`
}

// barChart compares clusters on one indicator; a missing value is a gap
// ("-" in ECharts), never a zero.
func barChart(ind clusterscope.Indicator, subtitle string, names []string, values []*float64) (chart, error) {
	title := fmt.Sprintf("%s（%s）", ind.Label, ind.Unit)
	data := make([]opts.BarData, len(values))
	for i, v := range values {
		data[i] = opts.BarData{Value: "-"}
		if v != nil {
			data[i].Value = *v
		}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "20", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Title: "下载图片", Name: title},
		}}),
		charts.WithGridOpts(opts.Grid{Left: "60", Right: "30", Bottom: "110", Top: "80"}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 40, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Name: ind.Unit}),
	)
	if len(names) > 20 {
		bar.SetGlobalOptions(charts.WithDataZoomOpts(opts.DataZoom{Type: "slider", Start: 0, End: float32(2000 / len(names))}))
	}
	bar.SetXAxis(names).AddSeries(ind.Label, data)
	bar.Validate()
	option, err := plainJSON(bar.JSON())
	if err != nil {
		return chart{}, fmt.Errorf("build chart %s: %w", ind.Code, err)
	}
	// go-echarts has no field for it: a 2× PNG is sharp in print.
	if tb, ok := option["toolbox"].(map[string]any); ok {
		if f, ok := tb["feature"].(map[string]any); ok {
			if img, ok := f["saveAsImage"].(map[string]any); ok {
				img["pixelRatio"] = 2
			}
		}
	}
	return chart{ID: ind.Code, Title: title, Option: option}, nil
}

// plainJSON turns go-echarts' option structs into plain maps, to patch and serve.
func plainJSON(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	err = json.Unmarshal(b, &m)
	return m, err
}
