package clusterscope_test

import (
	"math"
	"strings"
	"testing"

	"clusterscope"
)

func indicator(t *testing.T, r clusterscope.ScoreResult, code string) clusterscope.IndicatorScore {
	t.Helper()
	for _, c := range r.Components {
		for _, i := range c.Indicators {
			if i.Code == code {
				return i
			}
		}
	}
	t.Fatalf("no indicator %s", code)
	return clusterscope.IndicatorScore{}
}

func byID(rs []clusterscope.ScoreResult) map[string]clusterscope.ScoreResult {
	m := map[string]clusterscope.ScoreResult{}
	for _, r := range rs {
		m[r.Cluster.ID] = r
	}
	return m
}

func TestScoreNormalisation(t *testing.T) {
	set := []*clusterscope.ClusterData{
		application(t, "A", row{"output_total", 2021, "100"}, row{"co2_per_output", 2021, "0.5"}),
		application(t, "B", row{"output_total", 2021, "60"}, row{"co2_per_output", 2021, "0.9"}),
		application(t, "C", row{"output_total", 2021, "60"}, row{"co2_per_output", 2021, ""}),
	}
	got := byID(clusterscope.Score(set, nil))
	cases := []struct {
		id, code string
		want     float64
	}{
		{"A", "output_total", 1},           // beats both
		{"B", "output_total", 0.25},        // beats none, ties one: half of one of two
		{"C", "output_total", 0.25},        // same
		{"A", "co2_per_output", 1},         // lower is better
		{"B", "co2_per_output", 0},         // the only other reporter is lower
		{"C", "co2_per_output", 0},         // missing counts 0
		{"A", "rd_staff_share", 0},         // nobody reports it
		{"A", "leading_output_share", 0.5}, // all equal
		{"A", "governance_checks", 0.5},    // no box ticked anywhere: equal, not missing
	}
	for _, c := range cases {
		if i := indicator(t, got[c.id], c.code); math.Abs(i.Norm-c.want) > 1e-9 {
			t.Errorf("%s %s: norm %v, want %v", c.id, c.code, i.Norm, c.want)
		}
	}
	if n := zh(clusterscope.Messages{indicator(t, got["C"], "co2_per_output").Note}); !strings.Contains(n, "缺数据") {
		t.Errorf("missing value not explained: %q", n)
	}
	single := clusterscope.Score(set[:1], nil)[0]
	if i := indicator(t, single, "output_total"); i.Norm != 0.5 {
		t.Errorf("a single cluster has nothing to beat: norm %v, want 0.5", i.Norm)
	}
}

func TestScoreExplainsItself(t *testing.T) {
	set := []*clusterscope.ClusterData{application(t, "A"), application(t, "B", row{"cloud_adoption", 0, "90"})}
	for _, r := range clusterscope.Score(set, nil) {
		sum, shares := 0.0, 0.0
		for _, c := range r.Components {
			sum += c.Points
			shares += c.Share
			if math.Abs(c.Points-c.Share*c.Value*100) > 1e-9 {
				t.Errorf("%s %s: points %v ≠ share × value × 100", r.Cluster.ID, c.Label, c.Points)
			}
		}
		if math.Abs(sum-r.Score) > 1e-9 || math.Abs(shares-1) > 1e-9 || len(r.Components) != 7 {
			t.Errorf("%s: score %v, components sum %v, shares %v", r.Cluster.ID, r.Score, sum, shares)
		}
		for _, label := range []string{"主导产业", "梯度培育", "创新", "数字化", "绿色化", "开放合作", "治理服务"} {
			if !strings.Contains(zh(r.Explain()), label) {
				t.Errorf("explanation lacks %s: %s", label, zh(r.Explain()))
			}
		}
	}
}

func TestDefaultWeights(t *testing.T) {
	w := clusterscope.DefaultWeights()
	want := map[string]float64{"leading": 25, "tiering": 15, "innovation": 20, "digital": 15, "green": 15, "open": 5, "governance": 5}
	total := 0.0
	for k, v := range want {
		if w[k] != v {
			t.Errorf("%s: %v, want %v", k, w[k], v)
		}
		total += w[k]
	}
	if total != 100 || len(w) != len(clusterscope.Dimensions) || w.Validate() != nil {
		t.Errorf("weights %v total %v", w, total)
	}
	for name, bad := range map[string]clusterscope.Weights{
		"Unknown": {"leading": 1, "beauty": 1}, "Negative": {"leading": -1, "green": 2},
		"AllZero": {"leading": 0}, "NaN": {"leading": math.NaN()},
	} {
		if err := bad.Validate(); clusterscope.ErrorCode(err) != clusterscope.EINVALID {
			t.Errorf("%s weights accepted: %v", name, err)
		}
	}
}

func TestWeightsChangeTheOrder(t *testing.T) {
	big := application(t, "BIG", row{"output_total", 2021, "300"}, row{"leading_output_share", 2021, "90"})
	green := application(t, "GREEN", row{"co2_per_output", 2021, "0.1"}, row{"water_reuse", 0, "95"})
	set := []*clusterscope.ClusterData{green, big}
	if r := clusterscope.Score(set, nil); r[0].Cluster.ID != "BIG" || r[0].Rank != 1 || r[1].Rank != 2 {
		t.Errorf("default weights: %s first", r[0].Cluster.ID)
	}
	if r := clusterscope.Score(set, clusterscope.Weights{"leading": 1, "green": 4}); r[0].Cluster.ID != "GREEN" {
		t.Errorf("green-heavy weights: %s first", r[0].Cluster.ID)
	}
}

func TestTieBreak(t *testing.T) {
	cases := []struct {
		name    string
		set     []*clusterscope.ClusterData
		w       clusterscope.Weights
		order   string
		because string
	}{
		{"IdenticalByID", []*clusterscope.ClusterData{application(t, "Z"), application(t, "M"), application(t, "A")},
			nil, "A M Z", "集群编号在后"},
		// LEAD wins 主导产业, INNO wins 创新; equal weights make equal scores.
		{"HigherLeadingComponent", []*clusterscope.ClusterData{
			application(t, "INNO", row{"rd_intensity", 2021, "5"}, row{"rd_staff_share", 0, "20"},
				row{"invention_patents_per_10k", 0, "30"}, row{"innov_academia", 0, "true"}),
			application(t, "LEAD", row{"output_total", 2021, "90"}, row{"leading_output_share", 2021, "90"},
				row{"leading_output_cagr_3y", 0, "20"}, row{"rd_staff_share", 0, "10"}, row{"invention_patents_per_10k", 0, "10"},
				row{"rd_intensity", 2021, "1"})},
			clusterscope.Weights{"leading": 1, "innovation": 1}, "LEAD INNO", "主导产业得分较低"},
		// Equal 主导产业 components: BIG has the output, SHARE the share.
		{"HigherOutput", []*clusterscope.ClusterData{
			application(t, "SHARE", row{"leading_output_share", 2021, "95"}),
			application(t, "BIG", row{"output_total", 2021, "95"})},
			clusterscope.Weights{"leading": 1}, "BIG SHARE", "集群总产值较低"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := clusterscope.Score(c.set, c.w)
			var ids []string
			for _, r := range rs {
				ids = append(ids, r.Cluster.ID)
			}
			if got := strings.Join(ids, " "); got != c.order {
				t.Fatalf("order %s, want %s (scores %v %v)", got, c.order, rs[0].Score, rs[1].Score)
			}
			if rs[0].Score != rs[1].Score {
				t.Fatalf("not a tie: %v vs %v", rs[0].Score, rs[1].Score)
			}
			if last := rs[len(rs)-1]; !strings.Contains(zh(clusterscope.Messages{last.TieBreak}), c.because) || !rs[0].TieBreak.IsZero() {
				t.Errorf("tie-break note %q, want one with %q", zh(clusterscope.Messages{last.TieBreak}), c.because)
			}
		})
	}
}
