package clusterscope

// Indicator is a numeric field shown on the dashboards.
type Indicator struct {
	Code   string
	Label  string // short label for charts
	Unit   string
	Better int // +1 higher is better, -1 lower is better
}

// Headline is the four headline metrics every comparison starts with.
var Headline = []Indicator{
	{Code: "output_total", Label: "集群总产值", Unit: "亿元", Better: +1},
	{Code: "rd_intensity", Label: "研发投入强度", Unit: "%", Better: +1},
	{Code: "cloud_adoption", Label: "企业上云比例", Unit: "%", Better: +1},
	{Code: "co2_per_output", Label: "单位产值二氧化碳排放量", Unit: "吨二氧化碳/万元", Better: -1},
}
