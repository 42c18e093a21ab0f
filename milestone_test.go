package clusterscope_test

import (
	"math"
	"strings"
	"testing"

	"clusterscope"
)

func TestMilestonePath(t *testing.T) {
	// Only the final target: the path grows at a constant rate, 100 → 133.1 at 10 % a year.
	path, ok := clusterscope.MilestonePath(2021, 100, map[int]float64{2024: 133.1})
	if !ok || math.Abs(path[2022]-110) > 1e-9 || math.Abs(path[2023]-121) > 1e-9 || path[2024] != 133.1 {
		t.Errorf("constant-growth path: %v %v", path, ok)
	}
	// The applicant's own stage targets win over the computed path.
	path, _ = clusterscope.MilestonePath(2021, 100, map[int]float64{2022: 105, 2024: 133.1})
	if path[2022] != 105 || math.Abs(path[2023]-121) > 1e-9 {
		t.Errorf("own stage target ignored: %v", path)
	}
	if _, ok := clusterscope.MilestonePath(2021, 100, map[int]float64{2022: 105}); ok {
		t.Error("a path without a final target")
	}
	if _, ok := clusterscope.MilestonePath(2021, 0, map[int]float64{2024: 10}); ok {
		t.Error("growth from a zero baseline")
	}
}

// TestMilestoneSteps: the 目标监测 page's paths, in stage order, are
// MilestonePath's; from a zero baseline there is a path only when every
// stage target is given.
func TestMilestoneSteps(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name     string
		baseline float64
		stages   [3]*float64
		want     [3]float64
		ok       bool
	}{
		{"FinalOnly", 100, [3]*float64{nil, nil, f(133.1)}, [3]float64{110, 121, 133.1}, true},
		{"OwnFirstStage", 100, [3]*float64{f(105), nil, f(133.1)}, [3]float64{105, 121, 133.1}, true},
		{"NoFinal", 100, [3]*float64{f(105), f(120), nil}, [3]float64{}, false},
		{"ZeroBaselineAllGiven", 0, [3]*float64{f(1), f(2), f(3)}, [3]float64{1, 2, 3}, true},
		{"ZeroBaselineToDraw", 0, [3]*float64{nil, nil, f(3)}, [3]float64{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := clusterscope.MilestoneSteps(c.baseline, c.stages)
			if ok != c.ok {
				t.Fatalf("ok %v, want %v", ok, c.ok)
			}
			if !ok {
				return
			}
			given := map[int]float64{}
			for k, v := range c.stages {
				if v != nil {
					given[2022+k] = *v
				}
			}
			path, _ := clusterscope.MilestonePath(2021, c.baseline, given)
			for k := range got {
				if math.Abs(got[k]-c.want[k]) > 1e-9 || got[k] != path[2022+k] {
					t.Errorf("stage %d: %v, want %v (MilestonePath %v)", k+1, got[k], c.want[k], path[2022+k])
				}
			}
		})
	}
}

func TestJudgeMilestone(t *testing.T) {
	cases := []struct {
		name                     string
		baseline, target, actual float64
		down                     bool
		want                     clusterscope.MilestoneStatus
	}{
		{"Met", 100, 110, 110, false, clusterscope.OnTrack},
		{"Exceeded", 100, 110, 120, false, clusterscope.OnTrack},
		{"EightyPercentIsAtRisk", 100, 110, 108, false, clusterscope.AtRisk},
		{"JustBelowEightyIsBehind", 100, 110, 107.99, false, clusterscope.Behind},
		{"Fell", 100, 110, 95, false, clusterscope.Behind},
		{"ReductionMet", 100, 90, 89, true, clusterscope.OnTrack},
		{"ReductionAtRisk", 100, 90, 91.5, true, clusterscope.AtRisk},
		{"ReductionRose", 100, 90, 101, true, clusterscope.Behind},
		{"HoldTheLine", 50, 50, 50, false, clusterscope.OnTrack},
		{"HoldTheLineMissed", 50, 50, 49, false, clusterscope.Behind},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, _ := clusterscope.JudgeMilestone(c.baseline, c.target, c.actual, c.down, 0.8); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestAtRiskShareIsASetting: the band is the rule set's, not a constant.
func TestAtRiskShareIsASetting(t *testing.T) {
	if got, _ := clusterscope.JudgeMilestone(100, 110, 108, false, 0.8); got != clusterscope.AtRisk {
		t.Errorf("80 %% of the planned change at 0.8: %s", got)
	}
	if got, _ := clusterscope.JudgeMilestone(100, 110, 108, false, 0.9); got != clusterscope.Behind {
		t.Errorf("80 %% of the planned change at 0.9: %s", got)
	}
	if got := zh(clusterscope.Messages{clusterscope.MilestoneRule(0.75)}); !strings.Contains(got, "达到 75%（含）至 100% 为“有风险”，不足 75% 为“落后”") {
		t.Errorf("rule says %q", got)
	}
}

func TestTargetFalls(t *testing.T) {
	if !clusterscope.TargetFalls("co2_emissions", "", 100, 120) || clusterscope.TargetFalls("output_total", "", 100, 80) {
		t.Error("catalog directions ignored")
	}
	if !clusterscope.TargetFalls("own_waste", "down", 1, 2) || !clusterscope.TargetFalls("own_waste", "", 10, 5) {
		t.Error("applicant's direction ignored")
	}
}
