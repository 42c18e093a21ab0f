package demo

import "clusterscope"

// fieldGen appends the value of one field to g.v; y is the year index 0–2
// (batch-3 … batch-1) for a yearly field and -1 otherwise.
type fieldGen func(g *gen, y int)

// generatorFor returns the generator of a catalog field: its own when the
// field is known, else a plausible value of its kind, so that a field added
// to the catalog is still filled.
func generatorFor(f clusterscope.Field) fieldGen {
	if fg, ok := fieldGens[f.Code]; ok {
		return fg
	}
	return kindGens[f.Kind]
}

// kindGens fill fields the generator has no specific knowledge of.
var kindGens = map[clusterscope.Kind]fieldGen{
	clusterscope.KindText: func(g *gen, _ int) { g.s("无") },
	clusterscope.KindText200: func(g *gen, _ int) {
		g.s("集群围绕").s(g.p.ind.name).s("产业持续推进相关工作，取得阶段性成效。")
	},
	clusterscope.KindText3000:     func(g *gen, _ int) { g.planText() },
	clusterscope.KindNumber:       func(g *gen, _ int) { g.f(g.uni(1, 100)) },
	clusterscope.KindPercent:      func(g *gen, _ int) { g.f(g.uni(5, 95)) },
	clusterscope.KindCount:        func(g *gen, _ int) { g.i(g.r.IntN(20)) },
	clusterscope.KindYesNo:        func(g *gen, _ int) { g.yn(g.chance(0.9)) },
	clusterscope.KindYesNoNA:      func(g *gen, _ int) { g.s("是") },
	clusterscope.KindIndustryType: func(g *gen, _ int) { g.s(g.p.ind.typ) },
	clusterscope.KindCheck:        ticked(1),
	clusterscope.KindDate:         func(g *gen, _ int) { g.date(g.p.submitted) },
	clusterscope.KindPhone:        func(g *gen, _ int) { g.landline() },
}

// ticked ticks a box with the cluster's check level times weight: better
// developed clusters tick more boxes, rarer achievements get a lower weight.
func ticked(weight float64) fieldGen {
	return func(g *gen, _ int) { g.check(g.chance(min(0.97, g.p.checkLevel*weight))) }
}

// yes answers 是 with probability p.
func yes(p float64) fieldGen { return func(g *gen, _ int) { g.yn(g.chance(p)) } }

// num, cnt and yearly helpers read the profile.
func num(get func(p *profile) float64) fieldGen {
	return func(g *gen, _ int) { g.f(get(&g.p)) }
}

func cnt(get func(p *profile) int) fieldGen {
	return func(g *gen, _ int) { g.i(get(&g.p)) }
}

func yearlyNum(get func(p *profile) *[3]float64) fieldGen {
	return func(g *gen, y int) { g.f(get(&g.p)[y]) }
}

func yearlyCnt(get func(p *profile) *[3]int) fieldGen {
	return func(g *gen, y int) { g.i(get(&g.p)[y]) }
}

func standard(k int) fieldGen { return func(g *gen, y int) { g.i(g.p.std[k][y]) } }

func text(s string) fieldGen { return func(g *gen, _ int) { g.s(s) } }

// benchmark answers a 高耗能/高用水 question: 不涉及 unless the industry is
// one, else 是, as the recognition criteria require.
func benchmark(applies func(*industry) bool) fieldGen {
	return func(g *gen, _ int) {
		if !applies(g.p.ind) {
			g.s("不涉及")
			return
		}
		g.s("是")
	}
}

// aboveAverage answers 是否高于行业平均水平; non-industrial clusters answer 不涉及.
func aboveAverage(g *gen, _ int) {
	if g.p.ind.typ != "第二产业" {
		g.s("不涉及")
		return
	}
	g.yn(g.chance(0.85))
}

var fieldGens = map[string]fieldGen{
	"cluster_name":     func(g *gen, _ int) { g.b(g.name) },
	"province":         func(g *gen, _ int) { g.s(g.p.prov.name) },
	"city":             func(g *gen, _ int) { g.s(g.p.city) },
	"county":           func(g *gen, _ int) { g.s(g.p.county) },
	"authority":        func(g *gen, _ int) { g.authority() },
	"operator":         func(g *gen, _ int) { g.operator() },
	"submitted_on":     func(g *gen, _ int) { g.date(g.p.submitted) },
	"leading_industry": func(g *gen, _ int) { g.s(g.p.ind.name) },
	"founded_on":       func(g *gen, _ int) { g.date(g.p.founded) },

	"authority_contact":                 func(g *gen, _ int) { g.person(g.p.authContact) },
	"authority_phone":                   func(g *gen, _ int) { g.landline() },
	"operator_contact":                  func(g *gen, _ int) { g.person(g.p.opContact) },
	"operator_phone":                    func(g *gen, _ int) { g.operatorPhone() },
	"area_km2":                          num(func(p *profile) float64 { return p.area }),
	"industry_type":                     func(g *gen, _ int) { g.s(g.p.ind.typ) },
	"not_restricted_industry":           text("是"),
	"no_major_incidents":                func(g *gen, _ int) { g.yn(!g.p.incident) },
	"no_tax_or_credit_violations":       text("是"),
	"energy_efficiency_above_benchmark": benchmark(func(i *industry) bool { return i.energy }),
	"water_efficiency_above_benchmark":  benchmark(func(i *industry) bool { return i.water }),
	"provincial_cluster":                text("是"), // a view may count it among the compliance answers

	"output_total":             yearlyNum(func(p *profile) *[3]float64 { return &p.out }),
	"sme_output_share":         yearlyNum(func(p *profile) *[3]float64 { return &p.smeShare }),
	"leading_output_share":     yearlyNum(func(p *profile) *[3]float64 { return &p.leadShare }),
	"leading_output_growth":    yearlyNum(func(p *profile) *[3]float64 { return &p.leadGrowth }),
	"leading_output_cagr_3y":   num(func(p *profile) float64 { return p.cagr }),
	"enterprises":              yearlyCnt(func(p *profile) *[3]int { return &p.ent }),
	"sme_enterprises":          yearlyCnt(func(p *profile) *[3]int { return &p.sme }),
	"srdi_smes":                yearlyCnt(func(p *profile) *[3]int { return &p.srdi }),
	"little_giants":            yearlyCnt(func(p *profile) *[3]int { return &p.giants }),
	"single_champions":         yearlyCnt(func(p *profile) *[3]int { return &p.champs }),
	"hightech_innovative_smes": yearlyCnt(func(p *profile) *[3]int { return &p.hitech }),
	"chain_map":                yes(0.85),
	"chain_cultivation_text":   func(g *gen, _ int) { g.chainText() },
	"supply_chain_risk_text":   func(g *gen, _ int) { g.riskText() },
	"resource_sharing_text":    func(g *gen, _ int) { g.sharingText() },
	"collaboration_text":       func(g *gen, _ int) { g.collaborationText() },
	"quality_brand_text":       func(g *gen, _ int) { g.brandText() },
	"brand_collective_trademark": func(g *gen, _ int) {
		g.check(g.chance(min(0.95, g.p.checkLevel+0.2)))
	},

	"rd_intensity":                        yearlyNum(func(p *profile) *[3]float64 { return &p.rdInt }),
	"rd_growth":                           yearlyNum(func(p *profile) *[3]float64 { return &p.rdGrowth }),
	"standards_international_lead":        standard(0),
	"standards_international_participate": standard(1),
	"standards_national_lead":             standard(2),
	"standards_national_participate":      standard(3),
	"standards_industry_lead":             standard(4),
	"standards_industry_participate":      standard(5),
	"standards_group_lead":                standard(6),
	"standards_group_participate":         standard(7),
	"platforms_national_count":            cnt(func(p *profile) int { return p.platNat }),
	"platforms_national_names":            func(g *gen, _ int) { g.platformNames(platNational, g.p.platNat) },
	"platforms_provincial_count":          cnt(func(p *profile) int { return p.platProv }),
	"platforms_provincial_names":          func(g *gen, _ int) { g.platformNames(platProvincial, g.p.platProv) },
	"platforms_other_count":               cnt(func(p *profile) int { return p.platOther }),
	"platforms_other_names":               func(g *gen, _ int) { g.platformNames(platOther, g.p.platOther) },
	"sme_employees":                       cnt(func(p *profile) int { return p.employees }),
	"rd_staff_share":                      num(func(p *profile) float64 { return p.rdStaff }),
	"invention_patent_growth":             num(func(p *profile) float64 { return p.patentGrowth }),
	"invention_patents_per_10k":           num(func(p *profile) float64 { return p.per10k }),
	"sme_invention_patents":               cnt(func(p *profile) int { return p.smePatents }),
	"co_innovation_text":                  func(g *gen, _ int) { g.innovationText() },
	"innov_consortium":                    ticked(0.8),

	"cloud_adoption":             num(func(p *profile) float64 { return p.cloud }),
	"iip_penetration":            num(func(p *profile) float64 { return p.iip }),
	"industrial_software_rising": yes(0.9),
	"industrial_software_spend":  yearlyNum(func(p *profile) *[3]float64 { return &p.swSpend }),
	"digital_services_text":      func(g *gen, _ int) { g.digitalText() },
	"new_models_text":            func(g *gen, _ int) { g.newModelsText() },
	"newmodel_national_pilot":    ticked(0.4),
	"newmodel_provincial_pilot":  ticked(0.8),

	"carbon_monitoring":          yes(0.75),
	"co2_per_output":             yearlyNum(func(p *profile) *[3]float64 { return &p.co2Per }),
	"co2_formula":                text("单位产值二氧化碳排放量＝集群二氧化碳排放总量（吨）÷集群工业总产值（万元）；排放总量按能源消费量乘以排放因子并计入工业过程排放核算"),
	"carbon_work_text":           func(g *gen, _ int) { g.carbonText() },
	"energy_intensity_reduction": num(func(p *profile) float64 { return p.energyRed }),
	"solid_waste_utilization":    num(func(p *profile) float64 { return p.solidWaste }),
	"solid_waste_above_average":  aboveAverage,
	"water_reuse":                num(func(p *profile) float64 { return p.waterReuse }),
	"water_reuse_above_average":  aboveAverage,
	"resource_use_text":          func(g *gen, _ int) { g.resourceText() },
	"green_services_text":        func(g *gen, _ int) { g.greenText() },

	"intl_cooperation_text": func(g *gen, _ int) { g.intlText() },
	"intl_mechanism":        ticked(0.6),
	"intl_overseas_parks":   ticked(0.5),
	"intl_conferences":      ticked(0.6),
	"overseas_branches":     cnt(func(p *profile) int { return p.abroad }),
	"export_growth":         yearlyNum(func(p *profile) *[3]float64 { return &p.exportG }),
	"fdi_growth":            yearlyNum(func(p *profile) *[3]float64 { return &p.fdiG }),

	"governance_text":          func(g *gen, _ int) { g.governanceText() },
	"platform_national_demo":   ticked(0.5),
	"platform_provincial_demo": ticked(0.8),
	"platform_own":             ticked(1.15),

	"plan_text":          func(g *gen, _ int) { g.planText() },
	"declaration_signed": text("是"),
}
