package docx

import (
	"fmt"

	"clusterscope"
	"clusterscope/etl/notice"
)

// The parts of the form, as the notice draws them.

func (b *builder) cover() *part {
	t := &table{grid: gridPair}
	t.rows = append(t.rows, metaRow(labelClusterID, fieldClusterID), metaRow(labelBatch, fieldBatch))
	for _, f := range b.cat.Fields {
		if f.Section == 0 {
			t.rows = append(t.rows, b.single(f.Code, 0, 0))
		}
	}
	return newPart(0, t)
}

func (b *builder) part1() *part {
	t := &table{grid: []int{2700, 2400, 1500, 2812}}
	contact := func(under, who, phone string) *row {
		return &row{cells: []cell{{text: "联系人"}, b.val(who, 0, 0), {text: "联系方式"}, b.val(phone, 0, 0)},
			lead: 1, name: "联系人", under: under}
	}
	name := b.single("cluster_name", 0, 3)
	name.cells[0].text = "集群名称：\n(中小企业特色产业集群(XX产业))"
	t.rows = append(t.rows, name, b.single("authority", 0, 3),
		contact(fieldLabel(b.field("authority")), "authority_contact", "authority_phone"),
		b.single("operator", 0, 3),
		contact(fieldLabel(b.field("operator")), "operator_contact", "operator_phone"))
	for _, f := range b.cat.Fields {
		if f.Section == 1 && f.Kind != clusterscope.KindPhone && f.Kind != clusterscope.KindText {
			t.rows = append(t.rows, b.single(f.Code, 0, 3))
		}
	}
	return newPart(1, t)
}

// sectionRows lays out the fields of a part from the field from to the
// field to (both included) in a years table: yearly rows under the header,
// single values and ticks across the years.
func (b *builder) yearsTable(head *row, codes ...string) *table {
	t := &table{grid: gridYears, rows: []*row{head}}
	for _, code := range codes {
		f := b.field(code)
		switch {
		case notice.GroupAt(code) != nil && notice.GroupAt(code).Ticks:
			t.rows = append(t.rows, b.tickRow(code, 0, 3))
		case f.Yearly:
			t.rows = append(t.rows, b.yearly(code, head))
		default:
			t.rows = append(t.rows, b.single(code, 0, 3))
		}
	}
	return t
}

// pairTable is a table of label and value rows, ticks as groups.
func (b *builder) pairTable(codes ...string) *table {
	t := &table{grid: gridPair}
	for _, code := range codes {
		if g := notice.GroupAt(code); g != nil && g.Ticks {
			t.rows = append(t.rows, b.tickRow(code, 0, 0))
			continue
		}
		t.rows = append(t.rows, b.single(code, 0, 0))
	}
	return t
}

func (b *builder) part2() *part {
	head := header("主导产业情况（近三年）", b.years, "%d年")
	years := b.yearsTable(head, "output_total", "sme_output_share", "leading_output_share", "leading_output_growth",
		"leading_output_cagr_3y", "enterprises", "sme_enterprises", "srdi_smes", "little_giants", "single_champions",
		"hightech_innovative_smes", "chain_map", "chain_cultivation_text", "supply_chain_risk_text")
	for _, r := range years.rows {
		if len(r.cells) > 1 && r.cells[1].val != nil && r.cells[1].val.field == "chain_map" {
			r.cells[1].val.note = "（如涉及，需提供佐证材料）"
		}
	}
	return newPart(2, years, b.pairTable("resource_sharing_text", "sharing_chain_coordination",
		"collaboration_text", "quality_brand_text", "brand_quality_management"))
}

func (b *builder) part3() *part {
	head := header("年度", b.years, "%d年")
	years := b.yearsTable(head, "rd_intensity", "rd_growth")

	// The standards: a category a row, 主持 and 参与 under each year.
	g := notice.GroupAt("standards_international_lead").Title
	std := &table{grid: []int{2012, 1000, 1067, 1067, 1067, 1067, 1066, 1066}}
	yh := &row{cells: []cell{{text: g, merge: mergeStart}, {text: "类别", head: true, merge: mergeStart}}, lead: 2, name: "类别", head: true}
	sh := &row{cells: []cell{{text: g, merge: mergeOn}, {text: "类别", head: true, merge: mergeOn}}, lead: 2, name: "类别", head: true}
	for _, y := range b.years {
		yh.cells = append(yh.cells, cell{text: fmt.Sprintf("%d年", y), span: 2, head: true})
		sh.cells = append(sh.cells, cell{text: "主持数量", head: true}, cell{text: "参与数量", head: true})
	}
	std.rows = append(std.rows, yh, sh)
	for _, c := range [][2]string{{"国际", "international"}, {"国家", "national"}, {"行业", "industry"}, {"团体", "group"}} {
		r := &row{cells: []cell{{text: g, merge: mergeOn}, {text: c[0]}}, lead: 2, name: g + "：" + c[0], header: yh, subHead: sh}
		for _, y := range b.years {
			for _, w := range [][2]string{{"lead", "主持数量"}, {"participate", "参与数量"}} {
				v := b.val("standards_"+c[1]+"_"+w[0], y, 0)
				v.val.sub, v.val.col = w[1], fmt.Sprintf("%d 年%s", y, w[1])
				r.cells = append(r.cells, v)
			}
		}
		std.rows = append(std.rows, r)
	}

	// The innovation platforms: a count and names per level.
	pg := notice.GroupAt("platforms_national_count").Title
	plat := &table{grid: []int{1600, 2800, 1100, 900, 900, 2112}}
	for i, lv := range [][2]string{{"national", "国家制造业创新中心或国家级创新平台名称及数量"},
		{"provincial", "省级制造业创新中心或省级创新平台名称及数量"}, {"other", "其他平台名称及数量"}} {
		m := mergeOn
		if i == 0 {
			m = mergeStart
		}
		plat.rows = append(plat.rows, &row{cells: []cell{{text: pg, merge: m}, {text: lv[1]},
			{text: "数量（个）"}, b.val("platforms_"+lv[0]+"_count", 0, 0), {text: "名称"}, b.val("platforms_"+lv[0]+"_names", 0, 0)},
			lead: 2, name: lv[1]})
	}
	rest := b.pairTable("sme_employees", "rd_staff_share", "invention_patent_growth", "invention_patents_per_10k",
		"sme_invention_patents", "co_innovation_text", "innov_tech_roadmap")
	for _, r := range rest.rows {
		if r.cells[1].val.field == "sme_invention_patents" {
			r.cells[0].note = "（包括发明专利、国防专利、植物新品种、国家级农作物品种、国家新药、国家一级中药保护品种、集成电路布图设计专有权等，需提供清单）"
		}
	}
	return newPart(3, years, std, plat, rest)
}

func (b *builder) part4() *part {
	t := b.yearsTable(header("年度", b.years, "%d年"), "cloud_adoption", "iip_penetration", "industrial_software_rising",
		"industrial_software_spend", "digital_services_text", "digital_solution_providers")
	// The yearly row sits under the header; the header goes just above it.
	head := t.rows[0]
	t.rows = append(t.rows[1:4:4], append([]*row{head}, t.rows[4:]...)...)
	g := notice.GroupAt("new_models_text").Title
	nm := &table{grid: gridGroup, rows: []*row{
		{cells: []cell{{text: g, merge: mergeStart}, b.label("new_models_text", 0), b.val("new_models_text", 0, 0)}, lead: 2, name: fieldLabel(b.field("new_models_text"))},
		{cells: []cell{{text: g, merge: mergeOn}, b.ticks(notice.GroupAt("newmodel_national_pilot"), 2)}, lead: 1, name: g},
	}}
	return newPart(4, t, nm)
}

// byRowYears are the rows of a yearly field whose years are in a second
// label cell under the field's label: 2019年 | value.
func (b *builder) byRowYears(code string) []*row {
	var rows []*row
	label := fieldLabel(b.field(code))
	for i, y := range b.years {
		m := mergeOn
		if i == 0 {
			m = mergeStart
		}
		l := b.label(code, 0)
		l.merge = m
		v := b.val(code, y, 0)
		v.val.byRow = true
		rows = append(rows, &row{cells: []cell{l, {text: fmt.Sprintf("%d年", y)}, v}, lead: 2, name: label})
	}
	return rows
}

func (b *builder) part5() *part {
	t := &table{grid: gridGroup}
	span := func(code string) *row { return b.single(code, 0, 2) }
	yn := func(code, under string) *row {
		r := b.single(code, 0, 2)
		r.cells[0] = cell{text: "是否高于行业平均水平", alts: []string{b.field(code).Label}}
		r.cells[1].val.opts[2].text = "非工业集群，不适用"
		r.under, r.name = fieldLabel(b.field(under)), "是否高于行业平均水平"
		return r
	}
	mon := span("carbon_monitoring")
	mon.cells[1].val.note = "（如涉及，需提供佐证材料）"
	t.rows = append(t.rows, mon)
	co2 := b.byRowYears("co2_per_output")
	formula := &row{cells: []cell{b.label("co2_per_output", 0), b.label("co2_formula", 0), b.val("co2_formula", 0, 0)}, lead: 2,
		name: fieldLabel(b.field("co2_formula"))}
	formula.cells[0].merge = mergeOn
	formula.cells[1].note = "（注：单位产值二氧化碳排放量需提供计算公式）"
	t.rows = append(t.rows, co2...)
	t.rows = append(t.rows, formula)
	work := span("carbon_work_text")
	work.cells[0].note = "（需提供相关佐证材料）"
	t.rows = append(t.rows, work, span("energy_intensity_reduction"), span("solid_waste_utilization"),
		yn("solid_waste_above_average", "solid_waste_utilization"), span("water_reuse"), yn("water_reuse_above_average", "water_reuse"))
	return newPart(5, t, b.pairTable("resource_use_text", "resource_waste_heat", "green_services_text", "green_solutions"))
}

func (b *builder) part6() *part {
	t := b.pairTable("intl_cooperation_text", "intl_mechanism", "overseas_branches")
	t.rows[2].cells[0].note = "（需提供相关佐证材料）"
	years := &table{grid: gridGroup}
	years.rows = append(b.byRowYears("export_growth"), b.byRowYears("fdi_growth")...)
	return newPart(6, t, years)
}

func (b *builder) part7() *part {
	return newPart(7, b.pairTable("governance_text", "platform_national_demo", "service_information", "gov_promotion_body"))
}

// part8 is the target table of part 八; the plan's headings and text around
// it are written and read as paragraphs (plan.go).
func (b *builder) part8() *part {
	years := notice.TargetYears(b.batch)
	t := &table{grid: []int{1100, 2712, 1200, 1100, 1100, 1100, 1100}}
	head := &row{cells: []cell{{text: "方向", head: true}, {text: "指标", head: true}, {text: "单位", head: true}}, lead: 2, name: "指标", head: true}
	for i, y := range years {
		h := "%d年目标值"
		switch i {
		case 0:
			h = "%d年基准值"
		case 1, 2:
			h = "%d年阶段目标"
		}
		head.cells = append(head.cells, cell{text: fmt.Sprintf(h, y), head: true})
	}
	t.rows = append(t.rows, head)
	// An own target's row: the form's "….." under each direction of
	// numbers, and under 其它 at the end.
	own := func(dir string, m int) *row {
		r := &row{cells: []cell{{text: dir, merge: m}, {text: "....."}}, lead: 2, name: dir, own: true}
		for range len(years) + 1 {
			r.cells = append(r.cells, cell{})
		}
		return r
	}
	last := ""
	for i, tg := range b.cat.Targets {
		m := mergeOn
		if tg.Direction != last {
			m = mergeStart
			if i > 0 && b.cat.Targets[i-1].Rule != clusterscope.RuleQualitative {
				t.rows = append(t.rows, own(last, mergeOn))
			}
		}
		last = tg.Direction
		r := &row{cells: []cell{{text: tg.Direction, merge: m}, {text: tg.Label}}, lead: 2, name: tg.Label, header: head, targets: true}
		if tg.Rule == clusterscope.RuleQualitative {
			r.cells = append(r.cells, cell{val: &value{field: "target." + tg.Code, kind: clusterscope.KindText}, span: 5})
		} else {
			r.cells = append(r.cells, cell{text: tg.Unit})
			for _, y := range years {
				r.cells = append(r.cells, cell{val: &value{field: "target." + tg.Code, year: y, kind: clusterscope.KindNumber,
					col: fmt.Sprintf("%d 年", y)}})
			}
		}
		t.rows = append(t.rows, r)
	}
	t.rows = append(t.rows, own("其它", mergeStart))
	return newPart(8, t)
}

func (b *builder) part9() *part {
	t := &table{grid: gridPair}
	t.rows = append(t.rows,
		&row{cells: []cell{{text: "真实性声明"}, {text: notice.Declaration + "\n\n单位负责人(签字)：\n\n县(市、区)中小企业主管部门(公章)：\n\n年　月　日"}},
			lead: 1, name: "真实性声明", fixed: true},
		b.single("declaration_signed", 0, 0),
		&row{cells: []cell{{text: "省级中小企业主管部门推荐意见"}, {text: "\n\n推荐单位(公章)：\n\n年　月　日"}}, lead: 1,
			name: "省级中小企业主管部门推荐意见", fixed: true})
	return newPart(9, t)
}

// followUp is the yearly follow-up report: the cover, and the actuals of
// one report year, part by part, in one column.
func (b *builder) followUp() []*part {
	cover := &table{grid: gridPair, rows: []*row{metaRow(labelClusterID, fieldClusterID),
		metaRow("认定批次（年度）", fieldBatch), metaRow(labelReport, fieldReport)}}
	for _, code := range notice.ReportHead {
		cover.rows = append(cover.rows, b.single(code, 0, 0))
	}
	parts := []*part{newPart(0, cover)}
	for sec := 1; sec <= 7; sec++ {
		t := &table{grid: gridPair}
		for _, f := range b.cat.Fields {
			if f.Section == sec && f.Kind.Numeric() {
				t.rows = append(t.rows, b.single(f.Code, 0, 0))
			}
		}
		parts = append(parts, newPart(sec, t))
	}
	t := &table{grid: gridPair}
	for _, tg := range b.cat.Targets {
		if b.cat.Field(tg.Code) != nil || tg.Rule == clusterscope.RuleQualitative {
			continue
		}
		label := tg.Label + "（" + tg.Unit + "）"
		t.rows = append(t.rows, &row{cells: []cell{{text: label}, {val: &value{field: tg.Code, kind: clusterscope.KindNumber}}}, lead: 1, name: label})
	}
	actual := newPart(8, t)
	actual.heading, actual.tname = "八、发展目标指标", "发展目标指标"
	return append(parts, actual)
}
