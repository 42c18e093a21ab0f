package clusterscope_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse"
)

type candidate struct {
	id, province, city, industry string
	criteria                     clusterscope.Outcome
}

// ranked turns candidates, best first, into Score's output and the
// criteria outcomes.
func ranked(cs []candidate) ([]clusterscope.ScoreResult, map[string]clusterscope.Outcome) {
	return rankedIn(2022, cs)
}

func rankedIn(batch int, cs []candidate) ([]clusterscope.ScoreResult, map[string]clusterscope.Outcome) {
	var rs []clusterscope.ScoreResult
	assessed := map[string]clusterscope.Outcome{}
	for i, c := range cs {
		rs = append(rs, clusterscope.ScoreResult{Rank: i + 1, Score: float64(100 - i), Cluster: clusterscope.Cluster{
			ID: c.id, Batch: batch, Name: c.id + "中小企业特色产业集群（" + c.industry + "产业）",
			Province: c.province, City: c.city, LeadingIndustry: c.industry}})
		if c.criteria != "" {
			assessed[c.id] = c.criteria
		}
	}
	return rs, assessed
}

// planCities and corpsCities stand in for the region table here (region's
// UnitOf reads it; its own test checks these places).
var (
	planCities  = []string{"大连市", "青岛市", "宁波市", "厦门市", "深圳市"}
	corpsCities = []string{"石河子市", "阿拉尔市", "图木舒克市", "五家渠市", "北屯市"}
)

// units says where each candidate counts, as the caller of Recommend does.
func units(cs []candidate) map[string]clusterscope.QuotaUnit {
	out := map[string]clusterscope.QuotaUnit{}
	for _, c := range cs {
		u := clusterscope.QuotaUnit{Kind: clusterscope.UnitProvince, Name: c.province}
		switch {
		case slices.Contains(planCities, c.city):
			u = clusterscope.QuotaUnit{Kind: clusterscope.UnitPlanCity, Name: c.city}
		case slices.Contains(corpsCities, c.city):
			u = clusterscope.QuotaUnit{Kind: clusterscope.UnitCorps, Name: "新疆生产建设兵团"}
		}
		out[c.id] = u
	}
	return out
}

// call is an embedded call: the national one of the batch, or by id.
func call(t *testing.T, batch int, id string) *clusterscope.Call {
	t.Helper()
	calls := warehouse.DefaultCalls()
	c := clusterscope.SelectCall(calls, batch, "")
	if id != "" {
		c = clusterscope.FindCall(calls, id)
	}
	if c == nil {
		t.Fatalf("no call %d %s", batch, id)
	}
	return c
}

const nx = "宁夏回族自治区"

// ningxia is built so that the naive top eight would break every quota of
// 宁夏's own call: two 枸杞 clusters in 银川, a third for 银川, and 中卫
// squeezed out by second places elsewhere.
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

func selectedIDs(rec clusterscope.Recommendation) []string {
	var got []string
	for _, it := range rec.Selected() {
		got = append(got, it.Cluster.ID)
	}
	return got
}

func reasonsOf(rec clusterscope.Recommendation) map[string]string {
	out := map[string]string{}
	for _, it := range rec.Items {
		out[it.Cluster.ID] = zh(it.Reason)
	}
	return out
}

// TestRecommendNingxiaCall: 宁夏's own 2022 call has each city recommend at
// most 2, one per 细分领域 within the city, and no cap on the province.
func TestRecommendNingxiaCall(t *testing.T) {
	rs, assessed := ranked(ningxia)
	c := call(t, 2022, "ningxia-2022")
	rec := clusterscope.Recommend(rs, assessed, clusterscope.Selection{Call: c})
	reasons := checkPicked(t, rec, []string{"YC-1", "YC-3", "SZS-1", "SZS-2", "WZ-1", "WZ-2", "GY-1", "GY-2", "ZW-1"}, map[string]string{
		"YC-2":    "同一细分领域已推荐：银川市已推荐「YC-1」（细分领域：枸杞）",
		"YC-3":    "推荐：银川市第 2 个，宁夏回族自治区第 6 个",
		"YC-4":    "银川市名额已满（每市至多 2 个，已推荐「YC-1」「YC-3」）",
		"ZW-1":    "推荐：中卫市第 1 个", // 枸杞 again, in another city
		"ZW-FAIL": "未通过认定标准（不符合）",
		"ZW-MISS": "认定标准缺数据",
		"ZW-NONE": "未评估认定标准",
		"GS-1":    "不在「自治区工业和信息化厅关于组织申报2022年度国家中小企业特色产业集群的通知」的范围内",
	})
	for id, r := range reasons {
		if r == "" {
			t.Errorf("%s has no reason", id)
		}
	}
	checkQuotas(t, rec, c, nil)
}

// nationalField: 广东 with 深圳 on top (a 计划单列市, its own unit), 兵团's
// 师市 and 新疆's own cities, each in a 细分领域 of its own.
func nationalField() []candidate {
	var cs []candidate
	add := func(n int, province string, cities []string) {
		for i := 0; i < n; i++ {
			city := cities[i%len(cities)]
			cs = append(cs, candidate{fmt.Sprintf("%s-%d", city, i), province, city, fmt.Sprintf("%s产业%d", city, i), clusterscope.Pass})
		}
	}
	add(5, "广东省", []string{"深圳市"})
	add(10, "广东省", []string{"广州市", "佛山市", "东莞市", "中山市", "珠海市"})
	add(5, "新疆维吾尔自治区", corpsCities)
	add(3, "新疆维吾尔自治区", []string{"乌鲁木齐市", "昌吉回族自治州", "哈密市"})
	return cs
}

// TestRecommendNationalQuotasByBatch: each batch's call, province to
// ministry, per province and per 计划单列市 / 兵团; 深圳's clusters, ranked
// first, leave 广东's quota whole.
func TestRecommendNationalQuotasByBatch(t *testing.T) {
	cases := []struct {
		batch                     int
		province, planCity, corps int
	}{
		{2022, 5, 3, 3},
		{2023, 6, 2, 2},
		{2024, 8, 2, 2},
		{2025, 8, 2, 2},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.batch), func(t *testing.T) {
			cs := nationalField()
			rs, assessed := rankedIn(tc.batch, cs)
			c := call(t, tc.batch, "")
			if c.ID != fmt.Sprintf("national-%d", tc.batch) {
				t.Fatalf("the %d call is %s", tc.batch, c.ID)
			}
			u := units(cs)
			rec := clusterscope.Recommend(rs, assessed, clusterscope.Selection{Call: c, Units: u})
			count := map[string]int{}
			for _, it := range rec.Selected() {
				count[u[it.Cluster.ID].Name]++
			}
			want := map[string]int{"深圳市": tc.planCity, "广东省": tc.province, "新疆生产建设兵团": tc.corps, "新疆维吾尔自治区": 3}
			for unit, n := range want {
				if count[unit] != n {
					t.Errorf("%s: %d recommended, want %d (all: %v)", unit, count[unit], n, count)
				}
			}
			reasons := reasonsOf(rec)
			for id, w := range map[string]string{
				"深圳市-4": fmt.Sprintf("深圳市（计划单列市）名额已满（每个计划单列市至多 %d 个）", tc.planCity),
				"珠海市-9": fmt.Sprintf("广东省名额已满（每个省、自治区、直辖市至多 %d 个）", tc.province),
				"北屯市-4": fmt.Sprintf("新疆生产建设兵团名额已满（新疆生产建设兵团至多 %d 个）", tc.corps),
				"深圳市-0": "推荐：深圳市（计划单列市）第 1 个",
				"广州市-0": "推荐：广东省第 1 个",
			} {
				if !strings.Contains(reasons[id], w) {
					t.Errorf("%s: reason 「%s」, want 「%s」", id, reasons[id], w)
				}
			}
			checkQuotas(t, rec, c, u)
		})
	}
}

// TestRecommendSegmentAcrossProvince2022: the 2022 call recognises one
// cluster per 细分领域 across the province (深圳, its own unit, apart); the
// 2023 call drops the rule.
func TestRecommendSegmentAcrossProvince2022(t *testing.T) {
	cs := []candidate{
		{"YC-1", nx, "银川市", "枸杞", clusterscope.Pass},
		{"ZW-1", nx, "中卫市", "枸杞", clusterscope.Pass}, // same 细分领域, another city
		{"WZ-1", nx, "吴忠市", "乳业", clusterscope.Pass},
		{"GZ-1", "广东省", "广州市", "家电", clusterscope.Pass},
		{"SZ-1", "广东省", "深圳市", "家电", clusterscope.Pass}, // 深圳 recommends on its own
		{"FS-1", "广东省", "佛山市", "家电", clusterscope.Pass},
		{"DG-1", "广东省", "东莞市", "", clusterscope.Pass}, // a blank 主导产业 blocks nothing
		{"ZS-1", "广东省", "中山市", "", clusterscope.Pass},
	}
	cases := []struct {
		batch  int
		want   []string
		reason map[string]string
	}{
		{2022, []string{"YC-1", "WZ-1", "GZ-1", "SZ-1", "DG-1", "ZS-1"}, map[string]string{
			"ZW-1": "同一细分领域已推荐：宁夏回族自治区已推荐「YC-1」（细分领域：枸杞）",
			"FS-1": "同一细分领域已推荐：广东省已推荐「GZ-1」（细分领域：家电）",
		}},
		{2023, []string{"YC-1", "ZW-1", "WZ-1", "GZ-1", "SZ-1", "FS-1", "DG-1", "ZS-1"}, map[string]string{
			"ZW-1": "推荐：宁夏回族自治区第 2 个",
		}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.batch), func(t *testing.T) {
			rs, assessed := rankedIn(tc.batch, cs)
			c := call(t, tc.batch, "")
			rec := clusterscope.Recommend(rs, assessed, clusterscope.Selection{Call: c, Units: units(cs)})
			if got := selectedIDs(rec); !slices.Equal(got, tc.want) {
				t.Errorf("recommended %v, want %v", got, tc.want)
			}
			reasons := reasonsOf(rec)
			for id, w := range tc.reason {
				if !strings.Contains(reasons[id], w) {
					t.Errorf("%s: reason 「%s」, want 「%s」", id, reasons[id], w)
				}
			}
			checkQuotas(t, rec, c, units(cs))
		})
	}
}

// TestReviewerSetsTheSegment: what counts as the same 细分领域 is a person's
// judgement: the reviewer's word replaces the 主导产业's suggestion.
func TestReviewerSetsTheSegment(t *testing.T) {
	cs := []candidate{
		{"YC-1", nx, "银川市", "枸杞", clusterscope.Pass},
		{"ZW-1", nx, "中卫市", "枸杞", clusterscope.Pass},
		{"WZ-1", nx, "吴忠市", "枸杞深加工", clusterscope.Pass},
	}
	rs, assessed := ranked(cs)
	sel := clusterscope.Selection{Call: call(t, 2022, ""), Units: units(cs),
		Segments: map[string]string{"ZW-1": "枸杞种苗", "WZ-1": " 枸杞 "}}
	rec := clusterscope.Recommend(rs, assessed, sel)
	if got, want := selectedIDs(rec), []string{"YC-1", "ZW-1"}; !slices.Equal(got, want) {
		t.Errorf("recommended %v, want %v", got, want)
	}
	if it := rec.Items[2]; it.Segment != "枸杞" || !it.SegmentSet || !strings.Contains(zh(it.Reason), "已推荐「YC-1」（细分领域：枸杞）") {
		t.Errorf("WZ-1: %s %v %s", it.Segment, it.SegmentSet, zh(it.Reason))
	}
	if it := rec.Items[0]; it.Segment != "枸杞" || it.SegmentSet {
		t.Errorf("YC-1's suggested segment: %q %v", it.Segment, it.SegmentSet)
	}
}

// TestRecommendLimitsOnlyTighten: an official may recommend fewer than the
// call allows, never more.
func TestRecommendLimitsOnlyTighten(t *testing.T) {
	cs := nationalField()
	rs, assessed := ranked(cs)
	u := units(cs)
	c := call(t, 2022, "")
	cases := []struct {
		name                      string
		lim                       clusterscope.Limits
		province, planCity, perCC int
	}{
		{"Stricter", clusterscope.Limits{PerUnit: 2}, 2, 2, 0},
		{"AboveTheCallKeepsIt", clusterscope.Limits{PerUnit: 9}, 5, 3, 0},
		{"PerCityAdded", clusterscope.Limits{PerCity: 1}, 5, 1, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := clusterscope.Recommend(rs, assessed, clusterscope.Selection{Call: c, Units: u, Limits: tc.lim})
			count, city := map[string]int{}, map[string]int{}
			for _, it := range rec.Selected() {
				count[u[it.Cluster.ID].Name]++
				city[it.Cluster.City]++
			}
			if count["广东省"] != tc.province || count["深圳市"] != tc.planCity {
				t.Errorf("广东 %d, 深圳 %d; want %d, %d", count["广东省"], count["深圳市"], tc.province, tc.planCity)
			}
			for name, n := range city {
				if tc.perCC > 0 && n > tc.perCC {
					t.Errorf("%s: %d", name, n)
				}
			}
			checkQuotas(t, rec, c, u)
		})
	}
}

// TestRecommendNeedsTheUnit: under a call with quotas per unit, a cluster
// whose unit the caller could not tell is not recommended, never counted
// in a guessed unit.
func TestRecommendNeedsTheUnit(t *testing.T) {
	cs := []candidate{{"SZ-1", "广东省", "深圳市", "家电", clusterscope.Pass}, {"X-1", "广东省", "火星市", "家电2", clusterscope.Pass}}
	rs, assessed := ranked(cs)
	u := units(cs)
	delete(u, "X-1")
	rec := clusterscope.Recommend(rs, assessed, clusterscope.Selection{Call: call(t, 2022, ""), Units: u})
	if got := selectedIDs(rec); !slices.Equal(got, []string{"SZ-1"}) {
		t.Errorf("recommended %v", got)
	}
	if r := zh(rec.Items[1].Reason); r != "所属地区「广东省火星市」不在区划表中，无法确定名额单位，不能推荐" {
		t.Errorf("reason %q", r)
	}
	none := clusterscope.Recommend(rs, assessed, clusterscope.Selection{})
	if len(none.Selected()) != 0 || zh(none.Items[0].Reason) != "2022 年度批次没有推荐通知，不作推荐" {
		t.Errorf("without a call: %v %q", selectedIDs(none), zh(none.Items[0].Reason))
	}
}

// checkQuotas checks the result itself against the call, whatever the
// algorithm: no unit or city over its quota, no 细分领域 twice where the
// call has one per 细分领域, nobody recommended without passing or an
// override.
func checkQuotas(t *testing.T, rec clusterscope.Recommendation, c *clusterscope.Call, u map[string]clusterscope.QuotaUnit) {
	t.Helper()
	perUnit, perCity, segment := map[clusterscope.QuotaUnit]int{}, map[string]int{}, map[string]int{}
	for _, it := range rec.Selected() {
		cl := it.Cluster
		unit, ok := u[cl.ID]
		if !ok {
			unit = clusterscope.QuotaUnit{Kind: clusterscope.UnitProvince, Name: cl.Province}
		}
		perUnit[unit]++
		perCity[cl.Province+cl.City]++
		switch c.OnePerSegment {
		case clusterscope.SegmentProvince:
			segment[unit.Name+"/"+it.Segment]++
		case clusterscope.SegmentCity:
			segment[cl.Province+cl.City+"/"+it.Segment]++
		}
		if it.Criteria != clusterscope.Pass && it.Criteria != clusterscope.Warn && it.Override == nil {
			t.Errorf("%s recommended with criteria %q", cl.ID, it.Criteria)
		}
		if !c.Covers(cl.Batch, cl.Province) {
			t.Errorf("%s recommended outside the call", cl.ID)
		}
	}
	for unit, n := range perUnit {
		if q, ok := c.Quota(unit.Kind); ok && n > q.Max {
			t.Errorf("%s: %d recommended, the call allows %d", unit.Name, n, q.Max)
		}
	}
	if q, ok := c.Quota(clusterscope.UnitCity); ok {
		for city, n := range perCity {
			if n > q.Max {
				t.Errorf("%s: %d recommended, the call allows %d", city, n, q.Max)
			}
		}
	}
	for k, n := range segment {
		if n > 1 && !strings.HasSuffix(k, "/") {
			t.Errorf("%s: %d in one 细分领域", k, n)
		}
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
	rec := clusterscope.Recommend(rs, assessed, clusterscope.Selection{Call: call(t, 2022, "ningxia-2022"), Overrides: overrides})
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
