package demo

import "math"

// actualCodes are the codes of the yearly follow-up report, in row order:
// the headline indicators, the target codes and the enterprise counts.
var actualCodes = []string{
	"output_total", "rd_intensity", "cloud_adoption", "co2_per_output", "iip_penetration",
	"rd_spend", "quality_smes", "invention_patents", "co2_emissions", "energy_per_output",
	"enterprises", "sme_enterprises",
}

// actualWhole marks the counts among actualCodes.
var actualWhole = [...]bool{6: true, 7: true, 10: true, 11: true}

// writeActuals writes a recognised cluster's follow-up reports, from its batch
// year to lastReportYear. Actuals track the target path; for a cluster that
// is behind they fall further short each year. One year may be missing.
func (g *gen) writeActuals() {
	p := &g.p
	if p.role != roleRecognised {
		return
	}
	large := p.ent[2] - p.sme[2]
	cloudGain, entGrowth := g.uni(2, 5), g.uni(0.03, 0.07)
	outs := append([]float64(nil), p.out[:]...) // from three years before the batch
	quality := p.targets[tQuality][0]
	for year := p.batch; year <= lastReportYear; year++ {
		k := year - p.batch + 1
		f := g.uni(0.99, 1.06)
		if p.behind {
			f = 1 - 0.035*float64(k) - g.uni(0, 0.03)
		}
		out := round2(g.path(tOutput, k) * f)
		outs = append(outs, out)
		if year == p.missingYear || p.fate == fateWithdrawn && year > 2023 {
			continue
		}
		rd := round2(g.path(tRD, k) * f * g.uni(0.97, 1.03))
		co2 := round2(g.path(tCO2, k) * (2 - f))
		ent := int(math.Round(float64(p.ent[2]) * math.Pow(1+entGrowth, float64(k))))
		// 优质中小企业 grow year by year while a cluster keeps to its plan
		quality = max(math.Round(g.path(tQuality, k)*f), quality+1)
		if p.behind {
			quality = math.Round(g.path(tQuality, k) * f)
		}
		vals := [...]float64{
			out,
			rd / out * 100,
			min(98, p.cloud+float64(k)*cloudGain*f),
			co2 / out,
			min(99, g.path(tIIP, k)*f),
			rd,
			quality,
			math.Round(g.path(tPatents, k) * f),
			co2,
			g.path(tEnergy, k) * (2 - f),
			float64(ent),
			float64(ent - large),
		}
		for i, code := range actualCodes {
			g.v = g.v[:0]
			if actualWhole[i] {
				g.i(int(vals[i]))
			} else {
				g.f(vals[i])
			}
			g.row(code, year)
		}
		g.writeReportCover(year, k, outs)
	}
}

// path is target t's value k years after the baseline; past the three target
// years it continues at the last year's rate.
func (g *gen) path(t, k int) float64 {
	v := &g.p.targets[t]
	if k <= 3 {
		return v[k]
	}
	if v[2] == 0 {
		return v[3]
	}
	return v[3] * math.Pow(v[3]/v[2], float64(k-3))
}
