package clusterscope_test

import (
	"slices"
	"strings"
	"testing"

	"clusterscope"
)

type candidate struct {
	id, province, city, industry string
	criteria                     clusterscope.Outcome
}

// ranked turns candidates, best first, into Score's output and the
// criteria outcomes.
func ranked(cs []candidate) ([]clusterscope.ScoreResult, map[string]clusterscope.Outcome) {
	var rs []clusterscope.ScoreResult
	assessed := map[string]clusterscope.Outcome{}
	for i, c := range cs {
		rs = append(rs, clusterscope.ScoreResult{Rank: i + 1, Score: float64(100 - i), Cluster: clusterscope.Cluster{
			ID: c.id, Batch: 2022, Name: c.id + "中小企业特色产业集群（" + c.industry + "产业）",
			Province: c.province, City: c.city, LeadingIndustry: c.industry}})
		if c.criteria != "" {
			assessed[c.id] = c.criteria
		}
	}
	return rs, assessed
}

const nx = "宁夏回族自治区"

// ningxia is built so that the naive top eight would break every quota:
// two 枸杞 clusters in 银川, a third for 银川, and 中卫 squeezed out by
// second places elsewhere.
var ningxia = []candidate{
	{"YC-1", nx, "银川市", "枸杞", clusterscope.Pass},
	{"YC-2", nx, "银川市", "枸杞", clusterscope.Pass},
	{"YC-3", nx, "银川市", "葡萄酒", clusterscope.Warn},
	{"YC-4", nx, "银川市", "乳业", clusterscope.Pass},
	{"SZS-1", nx, "石嘴山市", "新材料", clusterscope.Pass},
	{"SZS-2", nx, "石嘴山市", "装备制造", clusterscope.Pass},
	{"WZ-1", nx, "吴忠市", "乳业", clusterscope.Pass},
	{"WZ-2", nx, "吴忠市", "清真食品", clusterscope.Pass},
	{"GY-1", nx, "固原市", "马铃薯", clusterscope.Pass},
	{"GY-2", nx, "固原市", "肉牛", clusterscope.Pass},
	{"ZW-1", nx, "中卫市", "枸杞", clusterscope.Pass},
	{"ZW-FAIL", nx, "中卫市", "硒砂瓜", clusterscope.Fail},
	{"ZW-MISS", nx, "中卫市", "文旅", clusterscope.Missing},
	{"ZW-NONE", nx, "中卫市", "光伏", ""},
	{"GS-1", "甘肃省", "兰州市", "枸杞", clusterscope.Pass},
}

func TestRecommendRespectsQuotas(t *testing.T) {
	rs, assessed := ranked(ningxia)
	rec := clusterscope.Recommend(rs, assessed, clusterscope.DefaultQuotas(), nil)
	var got []string
	for _, it := range rec.Selected() {
		got = append(got, it.Cluster.ID)
	}
	want := []string{"YC-1", "YC-3", "SZS-1", "SZS-2", "WZ-1", "WZ-2", "GY-1", "ZW-1", "GS-1"}
	if !slices.Equal(got, want) {
		t.Errorf("recommended %v, want %v", got, want)
	}
	reasons := map[string]string{
		"YC-2":    "同一细分领域已推荐：银川市已推荐「YC-1」（主导产业：枸杞）",
		"YC-3":    "推荐：银川市第 2 个",
		"YC-4":    "银川市名额已满（每市至多 2 个，已推荐「YC-1」「YC-3」）",
		"GY-2":    "宁夏回族自治区名额已满（每省至多 8 个）",
		"ZW-1":    "推荐：中卫市第 1 个",
		"ZW-FAIL": "未通过认定标准（不符合）",
		"ZW-MISS": "认定标准缺数据",
		"ZW-NONE": "未评估认定标准",
	}
	for _, it := range rec.Items {
		if w, ok := reasons[it.Cluster.ID]; ok && !strings.Contains(zh(it.Reason), w) {
			t.Errorf("%s: reason 「%s」, want 「%s」", it.Cluster.ID, zh(it.Reason), w)
		}
		if len(it.Reason) == 0 {
			t.Errorf("%s has no reason", it.Cluster.ID)
		}
	}
	checkQuotas(t, rec, clusterscope.DefaultQuotas())
}

// checkQuotas checks the result itself, whatever the algorithm.
func checkQuotas(t *testing.T, rec clusterscope.Recommendation, q clusterscope.Quotas) {
	t.Helper()
	city, province, industry := map[string]int{}, map[string]int{}, map[string]int{}
	for _, it := range rec.Selected() {
		c := it.Cluster
		city[c.Province+c.City]++
		province[c.Province]++
		industry[c.Province+c.City+c.LeadingIndustry]++
		if it.Criteria != clusterscope.Pass && it.Criteria != clusterscope.Warn && it.Override == nil {
			t.Errorf("%s recommended with criteria %q", c.ID, it.Criteria)
		}
	}
	for k, n := range city {
		if n > q.PerCity {
			t.Errorf("%s: %d recommended", k, n)
		}
	}
	for k, n := range province {
		if n > q.PerProvince {
			t.Errorf("%s: %d recommended", k, n)
		}
	}
	for k, n := range industry {
		if n > 1 {
			t.Errorf("%s: %d in one 细分领域", k, n)
		}
	}
}

func TestRecommendQuotaParameters(t *testing.T) {
	rs, assessed := ranked(ningxia)
	q := clusterscope.Quotas{PerCity: 1, PerProvince: 3}
	rec := clusterscope.Recommend(rs, assessed, q, nil)
	var got []string
	for _, it := range rec.Selected() {
		got = append(got, it.Cluster.ID)
	}
	if want := []string{"YC-1", "SZS-1", "WZ-1", "GS-1"}; !slices.Equal(got, want) {
		t.Errorf("recommended %v, want %v", got, want)
	}
	checkQuotas(t, rec, q)
	if zero := clusterscope.Recommend(rs, assessed, clusterscope.Quotas{}, nil); zero.Quotas != clusterscope.DefaultQuotas() {
		t.Errorf("zero quotas not defaulted: %+v", zero.Quotas)
	}
}

func TestRecommendOverrides(t *testing.T) {
	cs := []candidate{
		{"A", nx, "银川市", "枸杞", clusterscope.Fail},
		{"B", nx, "吴忠市", "乳业", clusterscope.Missing},
		{"C", nx, "固原市", "肉牛", clusterscope.Fail},
	}
	rs, assessed := ranked(cs)
	overrides := []clusterscope.Override{
		{ClusterID: "A", By: "周文", Reason: "2019 年产值受疫情影响，经实地审查同意破格推荐"},
		{ClusterID: "B", By: "", Reason: "数据待补"}, // who decided is not recorded
	}
	rec := clusterscope.Recommend(rs, assessed, clusterscope.DefaultQuotas(), overrides)
	a, b, c := rec.Items[0], rec.Items[1], rec.Items[2]
	if !a.Recommended || a.Override == nil || !strings.Contains(zh(a.Reason), "破格推荐（周文：") {
		t.Errorf("A: %+v", a)
	}
	if b.Recommended || !strings.Contains(zh(b.Reason), "破格推荐未记录经办人或理由，未采纳") {
		t.Errorf("B: %+v", b)
	}
	if c.Recommended || zh(c.Reason) != "未通过认定标准（不符合）" {
		t.Errorf("C: %+v", c)
	}
}
