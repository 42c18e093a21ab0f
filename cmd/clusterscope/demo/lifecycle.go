package demo

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"clusterscope"
)

// fate is what the demo makes of a 2022 cluster at its 复核 in 2025: most
// did as they planned; a few missed their targets, one changed its
// operator without reporting it, one had a major accident, one declared a
// change of its area.
type fate uint8

const (
	fateNone      fate = iota
	fateBehind         // actuals fall behind the plan: 复核 not passed
	fateOperator       // the 2024 report names another operator, change not declared
	fateAccident       // the 2024 report answers 否 on major incidents
	fateArea           // the 2023 report gives a larger area and declares the change
	fateWithdrawn      // a 2023 cluster withdrawn in 2024 (Withdrawal): no report after 2023
)

// withdrawnIndex is the recognised cluster the demo withdraws: the second,
// the first of the 2023 batch in its province.
const withdrawnIndex = 1

// Withdrawal is the decision the demo records besides its data: the
// withdrawal, for tax violations in November 2024, of a 2023 cluster whose
// reports stop then; false when the data set has no such cluster.
func Withdrawal(opt Options) (clusterscope.Decision, bool) {
	if opt.withDefaults().Recognised <= withdrawnIndex {
		return clusterscope.Decision{}, false
	}
	return clusterscope.Decision{Kind: clusterscope.DecisionCluster, Subject: provinces()[withdrawnIndex].abbr + "-2023-0001", Batch: 2023,
		State: clusterscope.StateWithdrawn, Who: "demo", Why: "演示数据：经查存在重大税收违法行为，撤销认定（虚构）",
		Facts: map[string]string{clusterscope.FactEffective: "2024-11-20", clusterscope.FactCause: string(clusterscope.CauseTaxCredit),
			clusterscope.FactEvidence: "演示数据：省税务局重大税收违法失信案件公告（虚构）"}}, true
}

// fates2022 are the 2022 clusters (by their place among the 2022 batch)
// whose 复核 the demo makes turn out otherwise than passed.
var fates2022 = map[int]fate{13: fateBehind, 71: fateBehind, 44: fateOperator, 88: fateAccident, 30: fateArea}

// clean is a 2022 cluster made to pass its 复核 on the figures: its plan
// keeps the rules a–g and its actuals keep to the plan.
func (p *profile) clean() bool { return p.batch == 2022 && p.fate != fateBehind }

// reportRNG is a random source of the cluster's report on the year apart
// from the cluster's own stream, so that the report's cover does not move
// any figure drawn after it.
func (g *gen) reportRNG(year int) *rand.Rand {
	h := fnv.New64a()
	h.Write(g.p.id)
	return rand.New(rand.NewPCG(g.seed^h.Sum64(), uint64(year)))
}

// dueDay is when the report on year is due, as the batch's list notice
// says: 30 April, from the 2024 list 31 March, of the next year.
func dueDay(batch, year int) time.Time {
	if batch >= 2024 {
		return time.Date(year+1, 3, 31, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(year+1, 4, 30, 0, 0, 0, 0, time.UTC)
}

// restated are the application's texts a yearly report states again.
type restated struct{ operator, energy, water string }

// remember keeps the application's text of a field the reports restate.
func (g *gen) remember(code string) {
	switch code {
	case "operator":
		g.p.said.operator = string(g.v)
	case "energy_efficiency_above_benchmark":
		g.p.said.energy = string(g.v)
	case "water_efficiency_above_benchmark":
		g.p.said.water = string(g.v)
	}
}

// writeReportCover writes the cover of the report on year, the k-th since
// the batch's: when it was sent (a few late), the operator, leading
// industry and area, whether they changed, part 一's answers, and the
// figures the 复核 re-judges the criteria on. outs are the outputs from
// three years before the batch on, the year's included.
func (g *gen) writeReportCover(year, k int, outs []float64) {
	p := &g.p
	r := g.reportRNG(year)
	uni := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	sent := dueDay(p.batch, year).AddDate(0, 0, -3-r.IntN(40))
	if r.Float64() < 0.08 {
		sent = dueDay(p.batch, year).AddDate(0, 0, 1+r.IntN(40))
	}
	g.v = append(g.v[:0], sent.Format(time.DateOnly)...)
	g.row("reported_on", year)
	operator, changed := p.said.operator, false
	if p.fate == fateOperator && year >= p.batch+2 {
		operator = p.county + p.ind.name + "产业发展集团有限公司"
	}
	g.v = append(g.v[:0], operator...)
	g.row("operator", year)
	g.v = append(g.v[:0], p.ind.name...)
	g.row("leading_industry", year)
	area := p.area
	if p.fate == fateArea && year >= p.batch+1 {
		area, changed = round2(p.area*1.25), true
	}
	g.v = g.v[:0]
	g.f(area).row("area_km2", year)
	g.v = g.v[:0]
	g.yn(changed && year == p.batch+1).row("change_declared", year)
	if changed && year == p.batch+1 {
		g.v = append(g.v[:0], time.Date(year, 8, 15, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)...)
		g.row("change_date", year)
	}
	for _, a := range [...]struct {
		code, text string
	}{{"not_restricted_industry", "是"}, {"no_major_incidents", "是"}, {"no_tax_or_credit_violations", "是"},
		{"energy_efficiency_above_benchmark", p.said.energy}, {"water_efficiency_above_benchmark", p.said.water}} {
		if a.code == "no_major_incidents" && p.fate == fateAccident && year == p.batch+2 {
			a.text = "否"
		}
		g.v = append(g.v[:0], a.text...)
		g.row(a.code, year)
	}
	// the criteria's figures: shares near the application's, the growth the
	// outputs give, the counts growing
	i := len(outs) - 1
	for _, f := range [...]struct {
		code string
		v    float64
	}{
		{"sme_output_share", min(96, max(70.5, p.smeShare[2]+uni(-1.5, 1.5)))},
		{"leading_output_share", min(95, max(71, p.leadShare[2]+uni(-1.5, 1.5)))},
		{"leading_output_growth", (outs[i]/outs[i-1] - 1) * 100},
		{"leading_output_cagr_3y", (math.Cbrt(outs[i]/outs[i-3]) - 1) * 100},
	} {
		g.v = g.v[:0]
		g.f(f.v).row(f.code, year)
	}
	for _, c := range [...]struct {
		code string
		n    int
	}{{"srdi_smes", p.srdi[2] + k*(1+r.IntN(3))}, {"little_giants", p.giants[2] + k/2}, {"single_champions", p.champs[2]},
		{"hightech_innovative_smes", p.hitech[2] + k*(1+r.IntN(4))}} {
		g.v = g.v[:0]
		g.i(c.n).row(c.code, year)
	}
}
