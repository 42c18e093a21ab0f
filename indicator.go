package clusterscope

import "strings"

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

// Cluster is a cluster as one batch's application describes it.
type Cluster struct {
	ID              string `json:"id"`
	Batch           int    `json:"batch"`
	Name            string `json:"name"`
	Province        string `json:"province"`
	City            string `json:"city"`
	County          string `json:"county"`
	LeadingIndustry string `json:"leading_industry"`
	IndustryType    string `json:"industry_type"`
	Recognised      bool   `json:"recognised"` // has sent a follow-up report
}

// ShortName shortens a cluster's formal name for chart axes: the form's
// pattern 「XX中小企业特色产业集群（XX产业）」 says the same thing twice.
func ShortName(name string) string {
	short := name
	if i := strings.Index(short, "中小企业特色产业集群"); i > 0 {
		short = short[:i]
	}
	if i := strings.IndexAny(short, "（("); i > 0 {
		short = short[:i]
	}
	return short
}
