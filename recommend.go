package clusterscope

import (
	"strings"
	"time"
)

// Quotas are the recommendation's limits (notice point 二: 每个市择优推荐
// 1-2 个, 每个细分领域认定 1 个; and the province's own cap). A field ≤ 0
// takes its default.
type Quotas struct {
	PerCity     int `json:"per_city"`     // default 2
	PerProvince int `json:"per_province"` // default 8
}

// DefaultQuotas are 2 per city and 8 per province.
func DefaultQuotas() Quotas { return Quotas{PerCity: 2, PerProvince: 8} }

func (q Quotas) withDefaults() Quotas {
	d := DefaultQuotas()
	if q.PerCity <= 0 {
		q.PerCity = d.PerCity
	}
	if q.PerProvince <= 0 {
		q.PerProvince = d.PerProvince
	}
	return q
}

// Override admits a cluster that did not pass the criteria (fail or
// missing), on an official's recorded word. It does not lift any quota, and
// it is not honoured without both By and Reason.
type Override struct {
	ClusterID string    `json:"cluster_id"`
	By        string    `json:"by"`     // who decided
	Reason    string    `json:"reason"` // why, in their words
	At        time.Time `json:"at"`
}

// RecommendationItem is one ranked cluster and whether it is recommended.
type RecommendationItem struct {
	Rank        int       `json:"rank"`
	Score       float64   `json:"score"`
	Cluster     Cluster   `json:"cluster"`
	Criteria    Outcome   `json:"criteria"` // the overall criteria outcome; "" when not assessed
	Recommended bool      `json:"recommended"`
	Override    *Override `json:"override,omitempty"` // the override that admitted it
	Reason      Messages  `json:"reason"`             // why recommended, or why skipped
}

// Recommendation is the list for 附件1 and why every other cluster is not on it.
type Recommendation struct {
	Quotas Quotas               `json:"quotas"`
	Items  []RecommendationItem `json:"items"` // every ranked cluster, in rank order
}

// Selected returns the recommended clusters in rank order.
func (r Recommendation) Selected() []RecommendationItem {
	var out []RecommendationItem
	for _, it := range r.Items {
		if it.Recommended {
			out = append(out, it)
		}
	}
	return out
}

// Recommend picks clusters in the order of ranked (Score's ranking). Only
// clusters whose criteria outcome in assessed is pass or warn are eligible,
// unless an Override admits one. A city first gets its best eligible
// cluster, then second places are filled in rank order, so that no city is
// left out because others took two while the province had room only for
// eight. Within a city one cluster per leading industry (细分领域, compared
// by the 主导产业 text; a blank one blocks nothing). Every cluster not
// recommended gets the reason in Chinese.
func Recommend(ranked []ScoreResult, assessed map[string]Outcome, q Quotas, overrides []Override) Recommendation {
	q = q.withDefaults()
	rec := Recommendation{Quotas: q, Items: make([]RecommendationItem, len(ranked))}
	admitted := map[string]*Override{}
	for i := range overrides {
		admitted[overrides[i].ClusterID] = &overrides[i]
	}
	eligible := make([]bool, len(ranked))
	for i, r := range ranked {
		it := &rec.Items[i]
		*it = RecommendationItem{Rank: r.Rank, Score: r.Score, Cluster: r.Cluster, Criteria: assessed[r.Cluster.ID]}
		if it.Criteria == Pass || it.Criteria == Warn {
			eligible[i] = true
			continue
		}
		it.Reason = criteriaReason(it.Criteria)
		switch o := admitted[r.Cluster.ID]; {
		case o == nil:
		case strings.TrimSpace(o.By) == "" || strings.TrimSpace(o.Reason) == "":
			it.Reason = it.Reason.And(M("recommend.override_unrecorded"))
		default:
			eligible[i], it.Override, it.Reason = true, o, nil
		}
	}

	type cityKey struct{ province, city string }
	picked := map[cityKey][]int{} // item indexes by city
	perProvince := map[string]int{}
	decided := make([]bool, len(ranked))
	for pass := 1; pass <= 2; pass++ {
		for i := range rec.Items {
			it := &rec.Items[i]
			if !eligible[i] || decided[i] {
				continue
			}
			c := it.Cluster
			city := cityKey{c.Province, c.City}
			if pass == 1 && len(picked[city]) > 0 {
				continue // wait for the second round
			}
			decided[i] = true
			if j := sameIndustry(rec.Items, picked[city], c.LeadingIndustry); j >= 0 {
				it.Reason = Messages{M("recommend.segment_taken", c.City, displayName(rec.Items[j].Cluster), c.LeadingIndustry)}
				continue
			}
			if n := len(picked[city]); n >= q.PerCity {
				var names Messages
				for _, j := range picked[city] {
					names = append(names, M("text.quoted", displayName(rec.Items[j].Cluster)))
				}
				it.Reason = Messages{M("recommend.city_full", c.City, q.PerCity, M("join.concat", names))}
				continue
			}
			if perProvince[c.Province] >= q.PerProvince {
				it.Reason = Messages{M("recommend.province_full", c.Province, q.PerProvince)}
				continue
			}
			picked[city] = append(picked[city], i)
			perProvince[c.Province]++
			it.Recommended = true
			it.Reason = Messages{M("recommend.picked", c.City, len(picked[city]), c.Province, perProvince[c.Province])}
			if it.Override != nil {
				it.Reason = it.Reason.And(M("recommend.override", it.Override.By, it.Override.Reason))
			}
		}
	}
	return rec
}

func criteriaReason(o Outcome) Messages {
	switch o {
	case "":
		return Messages{M("recommend.not_assessed")}
	case Missing:
		return Messages{M("recommend.criteria_missing")}
	}
	return Messages{M("recommend.criteria_failed", Word(o.Label()))}
}

// sameIndustry returns the index of a picked item with the same leading
// industry, or −1.
func sameIndustry(items []RecommendationItem, picked []int, industry string) int {
	industry = strings.TrimSpace(industry)
	if industry == "" {
		return -1
	}
	for _, j := range picked {
		if strings.TrimSpace(items[j].Cluster.LeadingIndustry) == industry {
			return j
		}
	}
	return -1
}

func displayName(c Cluster) string {
	if n := ShortName(c.Name); n != "" {
		return n
	}
	return c.ID
}
