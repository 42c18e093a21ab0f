package clusterscope_test

import (
	"slices"
	"strings"
	"testing"

	"clusterscope"
)

// clustersOf are the candidates as clusters, by id.
func clustersOf(cs []candidate) map[string]clusterscope.Cluster {
	rs, _ := ranked(cs)
	out := map[string]clusterscope.Cluster{}
	for _, r := range rs {
		out[r.Cluster.ID] = r.Cluster
	}
	return out
}

// TestQuotaBreak: a reviewer's recommendation is refused with the quota it
// would break, counting what is on record at that level: 宁夏's two per
// city and one per 细分领域 within it, the national call's five per
// province, with a 计划单列市 counted on its own.
func TestQuotaBreak(t *testing.T) {
	cs := append(slices.Clone(ningxia),
		candidate{"SZ-1", "广东省", "深圳市", "无人机", clusterscope.Pass},
		candidate{"GD-1", "广东省", "广州市", "汽车", clusterscope.Pass},
		candidate{"GD-2", "广东省", "佛山市", "家电", clusterscope.Pass},
		candidate{"GD-3", "广东省", "东莞市", "模具", clusterscope.Pass},
		candidate{"GD-4", "广东省", "中山市", "灯具", clusterscope.Pass},
		candidate{"GD-5", "广东省", "江门市", "摩托车", clusterscope.Pass},
		candidate{"GD-6", "广东省", "珠海市", "打印耗材", clusterscope.Pass})
	c := clustersOf(cs)
	pick := func(ids ...string) []clusterscope.Cluster {
		var out []clusterscope.Cluster
		for _, id := range ids {
			out = append(out, c[id])
		}
		return out
	}
	ningxiaSel := clusterscope.Selection{Call: call(t, 2022, "ningxia-2022")}
	national := clusterscope.Selection{Call: call(t, 2022, ""), Units: units(cs)}
	for _, tc := range []struct {
		name  string
		sel   clusterscope.Selection
		taken []string
		id    string
		want  string // "" when it fits
	}{
		{"宁夏: a city's second", ningxiaSel, []string{"YC-1"}, "YC-3", ""},
		{"宁夏: a city's third", ningxiaSel, []string{"YC-1", "YC-3"}, "YC-4", "银川市名额已满（每市至多 2 个，已推荐「YC-1」「YC-3」）"},
		{"宁夏: the same 细分领域 in the city", ningxiaSel, []string{"YC-1"}, "YC-2", "同一细分领域已推荐：银川市已推荐「YC-1」（细分领域：枸杞）"},
		{"宁夏: the same 细分领域 in another city", ningxiaSel, []string{"YC-1"}, "ZW-1", ""},
		{"宁夏: a reviewer's 细分领域 sets them apart", clusterscope.Selection{Call: ningxiaSel.Call,
			Segments: map[string]string{"YC-2": "枸杞酒"}}, []string{"YC-1"}, "YC-2", ""},
		{"2022: the province's fifth", national, []string{"GD-1", "GD-2", "GD-3", "GD-4"}, "GD-5", ""},
		{"2022: the province's sixth", national, []string{"GD-1", "GD-2", "GD-3", "GD-4", "GD-5"}, "GD-6",
			"广东省名额已满（每个省、自治区、直辖市至多 5 个）"},
		{"2022: 深圳 is not in 广东's quota", national, []string{"GD-1", "GD-2", "GD-3", "GD-4", "GD-5"}, "SZ-1", ""},
		{"2022: an unknown unit", clusterscope.Selection{Call: national.Call}, nil, "GD-1", "不在区划表中"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := zh(clusterscope.QuotaBreak(tc.sel, pick(tc.taken...), c[tc.id]))
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}

// TestRecommendHonoursReviewers: the quota solver works on the
// applications still in the running: what reviewers recommended comes
// first and counts against the quota, what they put out of the running is
// never picked, whatever its score.
func TestRecommendHonoursReviewers(t *testing.T) {
	rs, assessed := ranked(ningxia)
	sel := clusterscope.Selection{Call: call(t, 2022, "ningxia-2022"),
		// YC-4 ranks fourth in 银川 and fails nothing; the city recommended it.
		Recorded: map[string]clusterscope.Messages{"YC-4": {clusterscope.M("recommend.recorded", "yc", "产业链完整")},
			"ZW-FAIL": {clusterscope.M("recommend.recorded", "zw", "经实地审查达标")}},
		Out: map[string]clusterscope.Messages{"YC-1": {clusterscope.M("recommend.out_of_running", clusterscope.Word("已取消资格"))},
			"SZS-1": {clusterscope.M("recommend.out_of_running", clusterscope.Word("已退回修改"))}},
	}
	rec := clusterscope.Recommend(rs, assessed, sel)
	checkPicked(t, rec, []string{"YC-2", "YC-4", "SZS-2", "WZ-1", "WZ-2", "GY-1", "GY-2", "ZW-1", "ZW-FAIL"}, map[string]string{
		"YC-1":    "已退出评审（已取消资格）",
		"YC-4":    "评审已推荐（yc：产业链完整）；推荐：银川市第 1 个",
		"YC-3":    "银川市名额已满（每市至多 2 个，已推荐「YC-4」「YC-2」）",
		"ZW-FAIL": "评审已推荐（zw：经实地审查达标）",
		"ZW-1":    "推荐：中卫市第 2 个",
	})
}

// checkPicked checks the recommended ids, in order, and that each reason
// in want is said; it returns every item's reason.
func checkPicked(t *testing.T, rec clusterscope.Recommendation, ids []string, want map[string]string) map[string]string {
	t.Helper()
	if got := selectedIDs(rec); !slices.Equal(got, ids) {
		t.Errorf("recommended %v, want %v", got, ids)
	}
	reasons := reasonsOf(rec)
	for id, w := range want {
		if !strings.Contains(reasons[id], w) {
			t.Errorf("%s: reason 「%s」, want 「%s」", id, reasons[id], w)
		}
	}
	return reasons
}
