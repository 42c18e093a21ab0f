package demo

import (
	"math"

	"clusterscope"
)

// The numeric targets of part 八, in the order of p.targets.
const (
	tOutput  = iota // output_total, a: CAGR ≥ 10 %
	tQuality        // quality_smes, b: strictly increasing
	tRD             // rd_spend, c: CAGR ≥ 10 %
	tPatents        // invention_patents, d: CAGR ≥ 15 %
	tIIP            // iip_penetration, e: about 45 %
	tCO2            // co2_emissions, f: about 18 % less
	tEnergy         // energy_per_output, g: about 13.5 % less
	nTargets
)

// targetIndex maps a catalog target code to its slot, or -1 for a target the
// generator does not know (it then gets a plain rising path).
func targetIndex(code string) int {
	switch code {
	case "output_total":
		return tOutput
	case "quality_smes":
		return tQuality
	case "rd_spend":
		return tRD
	case "invention_patents":
		return tPatents
	case "iip_penetration":
		return tIIP
	case "co2_emissions":
		return tCO2
	case "energy_per_output":
		return tEnergy
	}
	return -1
}

// ownTarget is a target an applicant adds itself (鼓励集群根据自身特色增加考核指标).
type ownTarget struct {
	code, label, unit, direction string
	base                         [2]float64 // range of the baseline
	step                         float64    // yearly change, as a fraction
}

var ownTargets = []ownTarget{
	{"brand_value", "区域公用品牌价值", "亿元", "up", [2]float64{5, 80}, 0.12},
	{"export_value", "主导产品出口额", "亿元", "up", [2]float64{1, 30}, 0.1},
	{"water_per_output", "单位产值用水量", "立方米/万元", "down", [2]float64{2, 15}, -0.05},
	{"digital_workshops", "数字化车间和智能工厂数量", "个", "up", [2]float64{2, 20}, 0.25},
	{"skilled_workers", "高技能人才数量", "人", "up", [2]float64{300, 5000}, 0.08},
}

// ownFields are the field names of each own target: the values, :label,
// :unit and :direction.
var ownFields = func() [][4]string {
	fs := make([][4]string, len(ownTargets))
	for i, o := range ownTargets {
		t := "target." + o.code
		fs[i] = [4]string{t, t + ":label", t + ":unit", t + ":direction"}
	}
	return fs
}()

// targets draws part 八's baselines and paths. Baselines are the cluster's
// own batch-1 figures where the application has them; a few paths break the
// rules a–g, as the p.break flags say.
func (g *gen) targets() {
	p := &g.p
	path := func(t int, base, rate float64, whole bool) {
		for k := range 4 {
			v := base * math.Pow(1+rate/100, float64(k))
			if whole {
				v = math.Round(v)
			}
			p.targets[t][k] = round2(v)
		}
	}
	// A clean cluster's breaks are drawn and not kept, so that every other
	// figure is drawn as before.
	r := g.uni(11, 18)
	if p.breakA {
		if broken := g.uni(6, 9); !p.clean() { // below rule a's 10 %
			r = broken
		}
	}
	path(tOutput, p.out[2], r, false)

	q := float64(p.srdi[2] + p.giants[2])
	for k := range 4 {
		p.targets[tQuality][k] = q
		q += math.Max(1, math.Round(q*g.uni(0.08, 0.2)))
	}
	if p.breakB && !p.clean() {
		p.targets[tQuality][2] = p.targets[tQuality][1] // flat: not strictly increasing
	}

	r = g.uni(12, 20)
	if g.chance(0.05) {
		if broken := g.uni(6, 9); !p.clean() {
			r = broken
		}
	}
	path(tRD, p.out[2]*p.rdInt[2]/100, r, false)

	r = g.uni(16, 25)
	if g.chance(0.05) {
		if broken := g.uni(8, 13); !p.clean() {
			r = broken
		}
	}
	path(tPatents, float64(p.smePatents)*g.uni(1.1, 1.5), r, true)

	final := g.uni(45.5, 55)
	if p.breakE {
		if !p.clean() {
			final = 42 // below 45 but within 0.9 × 45: only a warning
		}
		if g.chance(0.3) && p.role == roleRecognised {
			if broken := round2(g.uni(36, 40)); !p.clean() { // a failure
				final = broken
			}
		}
	}
	final = max(final, p.iip+3)
	for k := range 4 {
		p.targets[tIIP][k] = round2(p.iip + (final-p.iip)*float64(k)/3)
	}

	cut := g.uni(18.5, 24)
	if p.breakF {
		if warned := g.uni(16.5, 17.5); !p.clean() { // a warning; below 16.2 would fail
			cut = warned
		}
		if g.chance(0.3) {
			if broken := g.uni(8, 14); !p.clean() {
				cut = broken
			}
		}
	}
	reduce := func(t int, base, cut float64) {
		for k := range 4 {
			p.targets[t][k] = round2(base * (1 - cut/100*float64(k)/3))
		}
	}
	reduce(tCO2, p.co2Per[2]*p.out[2], cut)
	cut = g.uni(14, 18)
	if g.chance(0.08) {
		if warned := g.uni(12.5, 13.3); !p.clean() {
			cut = warned
		}
	}
	reduce(tEnergy, p.energyBase, cut)

	if g.chance(0.25) {
		p.own = g.r.IntN(len(ownTargets))
		o := ownTargets[p.own]
		v := g.uni(o.base[0], o.base[1])
		for k := range 4 {
			p.ownVals[k] = round2(v)
			v *= 1 + o.step
		}
	}
}

// writeTargets writes part 八 in catalog order, then the applicant's own.
func (g *gen) writeTargets() {
	p := &g.p
	base := p.batch - 1
	for i, t := range g.cat.Targets {
		field := g.tgts[i]
		if t.Rule == clusterscope.RuleQualitative {
			g.v = g.v[:0]
			g.qualitative(t.Code)
			g.row(field, 0)
			continue
		}
		ti := targetIndex(t.Code)
		for k := range 4 {
			g.v = g.v[:0]
			switch ti {
			case -1:
				g.f(100 * math.Pow(1.12, float64(k)))
			case tQuality, tPatents:
				g.i(int(p.targets[ti][k]))
			default:
				g.f(p.targets[ti][k])
			}
			year := base + k
			g.row(field, year)
		}
	}
	if p.own < 0 {
		return
	}
	o, f := ownTargets[p.own], ownFields[p.own]
	g.v = append(g.v[:0], o.label...)
	g.row(f[1], 0)
	g.v = append(g.v[:0], o.unit...)
	g.row(f[2], 0)
	g.v = append(g.v[:0], o.direction...)
	g.row(f[3], 0)
	for k := range 4 {
		g.v = g.v[:0]
		g.f(p.ownVals[k])
		g.row(f[0], base+k)
	}
}
