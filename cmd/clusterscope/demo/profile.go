package demo

import "math"

// role is whether a cluster is a 宁夏 2022 candidate or already recognised.
type role uint8

const (
	roleCandidate role = iota
	roleRecognised
)

// fail is the recognition criterion a candidate is made to miss.
type fail uint8

const (
	failNone       fail = iota
	failOutput          // 近三年产值均在40亿元以上: the first year below 40
	failSMEShare        // 中小企业产值占比70%以上: below 70
	failLeadShare       // 主导产业占比高于70%: exactly 70, which is not above
	failQuality         // no 小巨人 or 单项冠军 and fewer than 10 专精特新 or 高新
	failGrowth          // 年均增速高于10%: exactly 10
	failCompliance      // a compliance answer 否
)

// failOrder is the order in which every third candidate misses a criterion;
// the first is the output rule, so the default set always has one.
var failOrder = []fail{failOutput, failSMEShare, failLeadShare, failQuality, failGrowth, failCompliance}

// profile is everything drawn for one cluster before its rows are written.
// Index 0–2 of the yearly arrays is batch-3 … batch-1.
type profile struct {
	role   role
	batch  int
	id     []byte
	prov   *province
	city   string
	county string
	phone  string
	ind    *industry
	fail   fail
	edge   edge

	out, smeShare, leadShare, leadGrowth   [3]float64
	cagr                                   float64
	ent, sme, srdi, giants, champs, hitech [3]int
	rdInt, rdGrowth, swSpend, co2Per       [3]float64
	exportG, fdiG                          [3]float64
	std                                    [8][3]int

	area                           float64
	platNat, platProv, platOther   int
	employees, smePatents, abroad  int
	rdStaff, patentGrowth, per10k  float64
	cloud, iip, energyRed          float64
	solidWaste, waterReuse         float64
	incident                       bool
	checkLevel                     float64
	founded, submitted             [3]int // year, month, day
	authContact, opContact         [2]int // surname, given name
	energyBase                     float64
	targets                        [nTargets][4]float64
	own                            int // index into ownTargets, or -1
	ownVals                        [4]float64
	behind                         bool     // actuals fall behind the target path
	missingYear                    int      // a follow-up year not reported, or 0
	fate                           fate     // a 2022 cluster's 复核 (lifecycle.go)
	said                           restated // the application's texts the reports restate
	breakA, breakB, breakE, breakF bool
}

// candidate draws the i-th 宁夏 2022 candidate. The first fifteen follow
// nxSlots; later ones reuse a slot's city with another county and industry.
func (g *gen) candidate(i int) {
	g.reseed(1, uint64(i))
	p := &g.p
	*p = profile{role: roleCandidate, batch: 2022, id: p.id[:0], own: -1}
	p.prov = provinceByName("宁夏回族自治区")
	s := nxSlots[i%len(nxSlots)]
	p.city, p.county, p.phone = s.city, s.county, s.phone
	p.ind = nxIndustry(s.industry)
	if i < len(nxSlots) {
		p.edge = s.edge
	} else {
		if s.county != ningdong {
			p.county = pick(g, p.prov.cityByName(s.city).counties)
		}
		p.ind = &nxIndustries[(i/len(nxSlots)+i)%len(nxIndustries)]
	}
	if i%3 == 2 {
		p.fail = failOrder[(i/3)%len(failOrder)]
	}
	g.candSeq[s.abbr]++
	p.id = append(p.id, "NX-"...)
	p.id = append(p.id, s.abbr...)
	p.id = append(p.id, '-')
	p.id = appendPadded(p.id, g.candSeq[s.abbr], 3)
	// Target rule breaks by index, so the default set has each of them.
	p.breakA = i%5 == 1
	p.breakB = i%5 == 3
	p.breakE = i%4 == 2
	p.breakF = i%7 == 4
	g.naming()
	g.numbers(s.bigArea)
	g.targets()
}

// recognised draws the i-th recognised cluster: the first 31 cover every
// province once, the rest follow the provinces' weights; batches rotate.
func (g *gen) recognised(i int) {
	g.reseed(2, uint64(i))
	p := &g.p
	*p = profile{role: roleRecognised, batch: 2022 + i%3, id: p.id[:0], own: -1}
	ps := provinces()
	pi := i
	if i >= len(ps) {
		n := g.r.IntN(weightTotal)
		for pi = 0; n >= ps[pi].weight; pi++ {
			n -= ps[pi].weight
		}
	}
	p.prov = &ps[pi]
	c := pick(g, p.prov.cities)
	p.city, p.county, p.phone = c.name, pick(g, c.counties), p.prov.phone
	p.ind = &industries[g.r.IntN(len(industries))]
	g.recSeq[pi][p.batch-2022]++
	p.id = append(p.id, p.prov.abbr...)
	p.id = append(p.id, '-')
	p.id = appendInt(p.id, p.batch)
	p.id = append(p.id, '-')
	p.id = appendPadded(p.id, g.recSeq[pi][p.batch-2022], 4)
	p.breakA = g.chance(0.08)
	p.breakB = g.chance(0.08)
	p.breakE = g.chance(0.12)
	p.breakF = g.chance(0.1)
	p.behind = g.chance(0.25)
	if g.chance(0.08) {
		p.missingYear = p.batch + g.r.IntN(lastReportYear-p.batch+1)
	}
	if p.batch == 2022 { // the 2022 batch at its 复核: most did as planned
		p.fate = fates2022[i/3]
		p.behind = p.fate == fateBehind
	}
	if i == withdrawnIndex {
		p.fate = fateWithdrawn
	}
	g.naming()
	g.numbers(g.chance(0.03))
	g.targets()
}

func appendPadded(b []byte, n, width int) []byte {
	for d, k := 1, 1; k < width; k++ {
		d *= 10
		if n < d {
			b = append(b, '0')
		}
	}
	return appendInt(b, n)
}

// numbers draws the application's figures, consistent with each other and,
// unless p.fail says otherwise, meeting the recognition criteria.
func (g *gen) numbers(bigArea bool) {
	p := &g.p
	cand := p.role == roleCandidate
	// Leading-industry growth per year; 2020 was the pandemic year.
	var gr [3]float64
	for y := range gr {
		gr[y] = g.uni(11, 22)
		if p.batch-3+y == 2020 {
			gr[y] = g.uni(3, 10)
		}
	}
	for geoMean(gr) < 10.8 {
		for y := range gr {
			gr[y] += 0.7
		}
	}
	if p.fail == failGrowth {
		gr = [3]float64{9.2, 10.4, 10.4} // a geometric mean of 10.00
	}
	lead := g.uni(75, 92)
	for y := 2; y >= 0; y-- {
		p.leadShare[y] = round2(lead)
		lead = max(71, lead-g.uni(0, 1.2))
	}
	sme := g.uni(72, 93)
	for y := 2; y >= 0; y-- {
		p.smeShare[y] = round2(sme)
		sme = min(96, max(70.5, sme+g.uni(-1.5, 1.5)))
	}
	switch {
	case p.fail == failLeadShare:
		p.leadShare = [3]float64{71.2, 70.6, 70}
	case p.fail == failSMEShare:
		p.smeShare = [3]float64{round2(g.uni(66, 69)), round2(g.uni(65, 68)), round2(g.uni(62, 67))}
	case p.edge == edgeSME70:
		p.smeShare = [3]float64{71.4, 70.8, 70}
	}
	o0 := g.logUni(45, 240)
	if cand {
		o0 = g.logUni(42, 150)
	}
	switch {
	case p.fail == failOutput:
		o0 = g.uni(34, 38.9)
	case p.edge == edgeOutput40:
		o0 = 40
	}
	p.out[0] = round2(o0)
	l := o0 * p.leadShare[0] / 100
	for y := 1; y < 3; y++ {
		l *= 1 + gr[y]/100
		p.out[y] = round2(l / p.leadShare[y] * 100)
	}
	// The growth written is the one the written output and share imply.
	p.leadGrowth[0] = round2(gr[0])
	for y := 1; y < 3; y++ {
		p.leadGrowth[y] = round2((p.out[y]*p.leadShare[y]/(p.out[y-1]*p.leadShare[y-1]) - 1) * 100)
	}
	p.cagr = round2(geoMean(p.leadGrowth))
	if p.fail == failGrowth {
		p.cagr = 10
	}
	g.enterprises()
	g.innovation()
	g.rest(bigArea)
}

// geoMean is the average yearly growth, in percent, of three growth rates.
func geoMean(gr [3]float64) float64 {
	return (math.Cbrt((1+gr[0]/100)*(1+gr[1]/100)*(1+gr[2]/100)) - 1) * 100
}

// enterprises draws enterprise counts; SMEs never outnumber enterprises and
// the quality tiers never outnumber SMEs.
func (g *gen) enterprises() {
	p := &g.p
	ent := p.out[2] / g.uni(0.12, 0.5)
	large := g.uni(0.01, 0.035)
	srdi, hitech := g.uni(0.03, 0.09), g.uni(0.06, 0.18)
	for y := 2; y >= 0; y-- {
		p.ent[y] = int(math.Round(ent))
		p.sme[y] = p.ent[y] - max(1, int(math.Round(ent*large)))
		back := math.Pow(0.78, float64(2-y))
		p.srdi[y] = int(math.Round(float64(p.sme[y]) * srdi * back))
		p.hitech[y] = int(math.Round(float64(p.sme[y]) * hitech * math.Sqrt(back)))
		ent /= 1 + g.uni(0.03, 0.09)
	}
	gi, ch := g.r.IntN(6), 0
	if g.chance(0.25) {
		ch = 1 + g.r.IntN(2)
	}
	for y := 2; y >= 0; y-- {
		p.giants[y], p.champs[y] = gi, ch
		gi = max(0, gi-g.r.IntN(2))
		ch = max(0, ch-g.r.IntN(2))
	}
	if p.fail == failQuality {
		p.giants, p.champs = [3]int{}, [3]int{}
		p.srdi = [3]int{3, 4, 6}
		p.hitech = [3]int{4, 6, 8}
	} else if p.giants[2]+p.champs[2] == 0 && p.srdi[2] < 10 && p.hitech[2] < 10 {
		p.giants[2] = 1
	}
}

// innovation draws parts 三 and 四.
func (g *gen) innovation() {
	p := &g.p
	ri := g.uni(1.5, 4.2)
	if p.ind.typ == "第三产业" {
		ri = g.uni(5, 9)
	}
	sw := g.uni(4, 14) // 万元 of industrial software per 亿元 of output
	for y := range 3 {
		p.rdInt[y] = round2(ri)
		ri += g.uni(0.05, 0.3)
		p.swSpend[y] = round2(p.out[y] * sw)
		sw *= 1 + g.uni(0.03, 0.15)
	}
	// R&D growth follows from output times intensity.
	p.rdGrowth[0] = round2(g.uni(5, 25))
	for y := 1; y < 3; y++ {
		p.rdGrowth[y] = round2((p.out[y]*p.rdInt[y]/(p.out[y-1]*p.rdInt[y-1]) - 1) * 100)
	}
	scale := min(3, max(0.4, p.out[2]/100))
	maxes := [8]float64{0, 2, 3, 6, 5, 10, 8, 15} // lead/participate: international, national, industry, group
	for k := range p.std {
		for y := range 3 {
			n := g.r.IntN(int(maxes[k]*scale) + 1)
			if k == 0 && g.chance(0.1) {
				n = 1
			}
			p.std[k][y] = n
		}
	}
	p.platNat = 0
	if g.chance(0.4) {
		p.platNat = 1 + g.r.IntN(2)
	}
	p.platProv, p.platOther = 1+g.r.IntN(8), 2+g.r.IntN(11)
	p.employees = int(float64(p.sme[2]) * g.uni(35, 110))
	p.rdStaff = round2(g.uni(6, 18))
	p.smePatents = max(1, int(math.Round(float64(p.employees)*g.uni(15, 80)/1e4)))
	p.per10k = round2(float64(p.smePatents) / float64(p.employees) * 1e4)
	p.patentGrowth = round2(g.uni(12, 35))
	p.cloud = round2(g.uni(35, 85))
	p.iip = round2(g.uni(18, 42))
	if p.role == roleCandidate {
		p.iip = round2(g.uni(12, 38))
	}
}

// rest draws parts 一, 五, 六 and the cover page.
func (g *gen) rest(bigArea bool) {
	p := &g.p
	c := g.uni(p.ind.co2[0], p.ind.co2[1])
	for y := 2; y >= 0; y-- {
		p.co2Per[y] = round2(max(0.01, c))
		c *= 1 + g.uni(0.02, 0.07)
	}
	// Energy follows CO₂ at about 2.5 t per tce, with a floor that keeps
	// two decimals fine enough to show a 13.5 % reduction.
	p.energyBase = round2(max(0.2, p.co2Per[2]/g.uni(2.2, 2.7)))
	for y := range 3 {
		p.exportG[y] = round2(g.uni(-10, 35))
		p.fdiG[y] = round2(g.uni(-30, 40))
		if p.batch-3+y == 2020 {
			p.exportG[y] = round2(g.uni(-25, 10))
		}
	}
	p.area = round2(g.logUni(4, 90))
	if bigArea {
		p.area = round2(g.uni(105, 160))
	}
	p.energyRed = round2(g.uni(3, 15))
	p.solidWaste = round2(g.uni(65, 98))
	p.waterReuse = round2(g.uni(72, 97))
	p.abroad = g.r.IntN(int(min(3, max(0.4, p.out[2]/100))*5) + 1)
	p.incident = p.fail == failCompliance
	if p.role == roleRecognised {
		p.checkLevel = g.uni(0.45, 0.9)
	} else {
		p.checkLevel = g.uni(0.3, 0.75)
	}
	p.founded = [3]int{p.batch - 5 - g.r.IntN(20), 1 + g.r.IntN(12), 1 + g.r.IntN(28)}
	// Submitted before the notice's deadline of 18 October (20 Sep – 17 Oct).
	d := 20 + g.r.IntN(28)
	p.submitted = [3]int{p.batch, 9, d}
	if d > 30 {
		p.submitted = [3]int{p.batch, 10, d - 30}
	}
	p.authContact = [2]int{g.r.IntN(len(surnames)), g.r.IntN(len(givenNames))}
	p.opContact = [2]int{g.r.IntN(len(surnames)), g.r.IntN(len(givenNames))}
}
