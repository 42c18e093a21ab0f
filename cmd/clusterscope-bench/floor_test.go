package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchOutput parses fabricated `go test -bench` lines as report does.
func benchOutput(t *testing.T, lines ...string) benchResults {
	t.Helper()
	p := filepath.Join(t.TempDir(), "queries.txt")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return readBench(p)
}

// TestFloorPairs: each question benchmark is paired with its wide-layout
// floor by name (BenchmarkX… with BenchmarkXFloor…), whether the floor
// repeats the question's variant or not, and "no floor" is said where
// there is none; the answer cache and the same-SQL variants are not
// questions, nor is a floor itself.
func TestFloorPairs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  map[string]string // question → its floor ("" for none)
		ratio map[string]float64
	}{
		{"before the wide layout: no floor anywhere",
			[]string{"BenchmarkQuestions/10000/batch.List/go-2 64 1 ns/op 90 p50-ms 300 p99-ms",
				"BenchmarkQuestions/10000/batch.List/cached-2 64 1 ns/op 0.1 p50-ms 0.2 p99-ms",
				"BenchmarkQuestions/10000/batch.List/floor-2 64 1 ns/op 80 p50-ms 290 p99-ms"},
			map[string]string{"BenchmarkQuestions/10000/batch.List/go": ""}, nil},
		{"the floor names the question without its variant",
			[]string{"BenchmarkQuestions/10000/batch.List/go-2 64 1 ns/op 9 p50-ms 30 p99-ms",
				"BenchmarkQuestions/10000/compare.Headline/go-2 64 1 ns/op 4 p50-ms 6 p99-ms",
				"BenchmarkQuestionsFloor/10000/batch.List-2 64 1 ns/op 3 p50-ms 5 p99-ms"},
			map[string]string{"BenchmarkQuestions/10000/batch.List/go": "BenchmarkQuestionsFloor/10000/batch.List",
				"BenchmarkQuestions/10000/compare.Headline/go": ""},
			map[string]float64{"BenchmarkQuestions/10000/batch.List/go": 6}},
		{"the same name with Floor, and a floor with a further element",
			[]string{"BenchmarkMonitor/10000-2 10 5 ns/op 12 p50-ms 20 p99-ms",
				"BenchmarkMonitorFloor/10000-2 10 5 ns/op 10 p50-ms 16 p99-ms",
				"BenchmarkCompare/10000-2 10 5 ns/op 2 p50-ms 4 p99-ms",
				"BenchmarkCompareFloor/10000/wide-2 10 5 ns/op 2 p50-ms 2 p99-ms"},
			map[string]string{"BenchmarkMonitor/10000": "BenchmarkMonitorFloor/10000", "BenchmarkCompare/10000": "BenchmarkCompareFloor/10000/wide"},
			map[string]float64{"BenchmarkMonitor/10000": 1.25, "BenchmarkCompare/10000": 2}},
		{"another question's floor is not this one's",
			[]string{"BenchmarkQuestions/10000/cluster.List/go-2 64 1 ns/op 9 p50-ms 30 p99-ms",
				"BenchmarkQuestionsFloor/10000/batch.List-2 64 1 ns/op 3 p50-ms 5 p99-ms"},
			map[string]string{"BenchmarkQuestions/10000/cluster.List/go": ""}, nil},
		{"BenchmarkFloorRatio: each question beside its floor, asked in turn, on their medians",
			[]string{"BenchmarkQuestions/10000/batch.List/go-2 64 1 ns/op 80 p50-ms 290 p99-ms",
				"BenchmarkFloorRatio/10000/batch.List-2 106 1 ns/op 4.0 floor-p50-ms 6.0 go-p50-ms 1.5 x-floor 1.4 x-floor-min",
				"BenchmarkFloorRatio/10000/target.Progress-2 87 1 ns/op 4.0 floor-p50-ms 8.0 go-p50-ms 2.0 x-floor 1.8 x-floor-min"},
			map[string]string{"BenchmarkFloorRatio/10000/batch.List": "BenchmarkFloorRatio/10000/batch.List (floor)",
				"BenchmarkFloorRatio/10000/target.Progress": "BenchmarkFloorRatio/10000/target.Progress (floor)"},
			map[string]float64{"BenchmarkFloorRatio/10000/batch.List": 1.5, "BenchmarkFloorRatio/10000/target.Progress": 2}},
		{"a floor without p99 is compared on p50",
			[]string{"BenchmarkAssess/10000-2 10 5 ns/op 30 p50-ms 90 p99-ms",
				"BenchmarkAssessFloor/10000-2 10 5 ns/op 10 p50-ms"},
			map[string]string{"BenchmarkAssess/10000": "BenchmarkAssessFloor/10000"},
			map[string]float64{"BenchmarkAssess/10000": 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]floorPair{}
			for _, p := range pairFloors(benchOutput(t, tc.lines...)) {
				got[p.Name] = p
			}
			if len(got) != len(tc.want) {
				t.Errorf("paired %d questions, want %d: %v", len(got), len(tc.want), got)
			}
			for q, floor := range tc.want {
				p, ok := got[q]
				if !ok {
					t.Errorf("%s is missing from the pairs", q)
					continue
				}
				if p.Floor != floor {
					t.Errorf("%s: floor %q, want %q", q, p.Floor, floor)
				}
				if r, ok := tc.ratio[q]; ok && p.Ratio() != r {
					t.Errorf("%s: %.2f× the floor (%s), want %.2f×", q, p.Ratio(), p.Unit, r)
				}
			}
		})
	}
}

// TestFloorVerdict: a question over 1.5× its floor misses the goal; one
// without a floor cannot meet it; met only when every question has a
// floor and is within it.
func TestFloorVerdict(t *testing.T) {
	q := func(name string, v, floor float64) floorPair {
		p := floorPair{Name: name, Unit: "p99-ms", Value: v, FloorValue: floor}
		if floor > 0 {
			p.Floor = name + "Floor"
		}
		return p
	}
	for _, tc := range []struct {
		name   string
		pairs  []floorPair
		want   string
		missed int
	}{
		{"none ran", nil, "not measured", 0},
		{"no floors yet", []floorPair{q("a", 30, 0), q("b", 4, 0)}, "not measured", 0},
		{"all within", []floorPair{q("a", 7.5, 5), q("b", 4, 4)}, "**met**", 0},
		{"one just over", []floorPair{q("a", 7.6, 5), q("b", 4, 4)}, "**missed**", 1},
		{"within, but one has no floor", []floorPair{q("a", 5, 5), q("b", 4, 0)}, "not measured", 0},
		{"over, and one has no floor", []floorPair{q("a", 50, 5), q("b", 4, 0)}, "**missed**", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := judgeFloors(tc.pairs, 1.5)
			if got := verdictOf(v.OK); got != tc.want {
				t.Errorf("verdict %s, want %s", got, tc.want)
			}
			if len(v.Missed) != tc.missed {
				t.Errorf("%d missed, want %d", len(v.Missed), tc.missed)
			}
		})
	}
}
