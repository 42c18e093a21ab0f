package main

import (
	"slices"
	"strings"
)

// floorSuffix names a wide-layout floor: BenchmarkXFloor is the floor of
// BenchmarkX (queries/bench_test.go), the same question answered from a
// wide table sorted for it, measured in the same run.
const floorSuffix = "Floor"

// floorUnits are the figures compared, the first one both lines have.
var floorUnits = []string{"p99-ms", "p50-ms", "ns/op"}

// floorPair is a question's benchmark beside its wide-layout floor.
type floorPair struct {
	Name, Floor       string // Floor is "" when the question has none
	Unit              string
	Value, FloorValue float64
	P50, FloorP50     float64 // p50-ms of each, 0 when not reported
}

// Ratio is the question's figure over the floor's; 0 without a floor.
func (p floorPair) Ratio() float64 {
	if p.Floor == "" || p.FloorValue <= 0 {
		return 0
	}
	return p.Value / p.FloorValue
}

// judged tells the benchmarks that stand for a question as the server
// asks it: not BenchmarkQuestions' "cached" (the answer cache, no query
// run) nor its "floor" (the same SQL without the Go side), and not a floor.
func judged(name string) bool {
	top, _, _ := strings.Cut(name, "/")
	return !strings.HasSuffix(top, floorSuffix) && !strings.HasSuffix(name, "/cached") && !strings.HasSuffix(name, "/floor")
}

// floorOf finds the floor of a benchmark: its first element with "Floor"
// added, then the longest leading part of the rest of its name that a
// floor benchmark has (a floor need not repeat the question's variants:
// BenchmarkQuestionsFloor/10000/batch.List is the floor of
// BenchmarkQuestions/10000/batch.List/go), or else the one floor whose
// name extends the question's. "" when there is none.
func floorOf(res benchResults, name string) string {
	top, rest, _ := strings.Cut(name, "/")
	f := top + floorSuffix
	var segs []string
	if rest != "" {
		segs = strings.Split(rest, "/")
	}
	for k := len(segs); k >= 0; k-- {
		cand := strings.Join(append([]string{f}, segs[:k]...), "/")
		if _, ok := res[cand]; ok {
			return cand
		}
	}
	var longer []string
	for n := range res {
		if strings.HasPrefix(n, strings.Join(append([]string{f}, segs...), "/")+"/") {
			longer = append(longer, n)
		}
	}
	if len(longer) == 1 {
		return longer[0]
	}
	return ""
}

// ratioBench is queries' BenchmarkFloorRatio: each question asked in turn
// with its wide-layout floor, reporting both medians (go-p50-ms,
// floor-p50-ms) from the same asks.
const ratioBench = "BenchmarkFloorRatio"

// pairFloors pairs each question benchmark of res with its floor, in
// name order. Where the run has BenchmarkFloorRatio, its pairs are the
// questions: both figures of each come from the same asks, in turn.
func pairFloors(res benchResults) []floorPair {
	var out []floorPair
	for name, vals := range res {
		if top, _, _ := strings.Cut(name, "/"); top == ratioBench {
			if g, f := vals["go-p50-ms"], vals["floor-p50-ms"]; g > 0 && f > 0 {
				out = append(out, floorPair{Name: name, Floor: name + " (floor)", Unit: "p50-ms", Value: g, FloorValue: f, P50: g, FloorP50: f})
			}
		}
	}
	if len(out) > 0 {
		slices.SortFunc(out, func(a, b floorPair) int { return strings.Compare(a.Name, b.Name) })
		return out
	}
	for name, vals := range res {
		if top, _, _ := strings.Cut(name, "/"); top == ratioBench {
			continue
		}
		if !judged(name) {
			continue
		}
		p := floorPair{Name: name, Floor: floorOf(res, name)}
		fv := res[p.Floor]
		var ok bool
		if p.Unit, p.Value, p.FloorValue, ok = sharedUnit(vals, fv); !ok {
			p.Floor = "" // the floor reports none of the question's figures
			p.Unit, p.Value, _, _ = sharedUnit(vals, vals)
		}
		p.P50, p.FloorP50 = vals["p50-ms"], res[p.Floor]["p50-ms"]
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b floorPair) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// sharedUnit is the first of floorUnits that both a and b report.
func sharedUnit(a, b map[string]float64) (unit string, av, bv float64, ok bool) {
	for _, u := range floorUnits {
		x, aok := a[u]
		y, bok := b[u]
		if aok && bok {
			return u, x, y, true
		}
	}
	return "", 0, 0, false
}

// floorVerdict judges "each question ≤ limit × the floor".
type floorVerdict struct {
	OK       *bool       // nil: not measured
	Worst    floorPair   // the highest ratio
	Missed   []floorPair // over the limit
	Unpaired int         // questions without a floor
	Paired   int
}

// judgeFloors: missed when any question is over the limit; not measured
// when none ran, or some have no floor (they cannot be said to meet it);
// met when every question has a floor and is within the limit.
func judgeFloors(ps []floorPair, limit float64) floorVerdict {
	var v floorVerdict
	for _, p := range ps {
		if p.Floor == "" {
			v.Unpaired++
			continue
		}
		v.Paired++
		if p.Ratio() > v.Worst.Ratio() {
			v.Worst = p
		}
		if p.Ratio() > limit {
			v.Missed = append(v.Missed, p)
		}
	}
	switch {
	case len(v.Missed) > 0:
		v.OK = ptr(false)
	case v.Paired > 0 && v.Unpaired == 0:
		v.OK = ptr(true)
	}
	return v
}
