package clusterscope

import "strings"

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
