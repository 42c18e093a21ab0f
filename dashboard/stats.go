package dashboard

import (
	"math"
	"sort"
)

// quartiles returns the lower quartile, the median and the upper quartile
// (linear interpolation between order statistics, as spreadsheets do).
func quartiles(v []float64) [3]float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return [3]float64{quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75)}
}

func median(v []float64) float64 { return quartiles(v)[1] }

// quantile of sorted values, as Excel's QUARTILE.INC computes it.
func quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	pos := p * float64(len(sorted)-1)
	i := int(pos)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (pos-float64(i))*(sorted[i+1]-sorted[i])
}

func minmax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}

// round2 keeps the form's two decimals in what is shown.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// percentileRank is the share (0–100) of values below x, ties counting
// half: where a cluster stands among its peers, whatever the unit.
func percentileRank(values []float64, x float64) float64 {
	if len(values) == 0 {
		return 0
	}
	below, equal := 0, 0
	for _, v := range values {
		if v < x {
			below++
		} else if v == x {
			equal++
		}
	}
	return round2(100 * (float64(below) + 0.5*float64(equal)) / float64(len(values)))
}
