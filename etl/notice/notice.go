// Package notice holds what the 申报表 says besides its fields (which are in
// the catalog, fields.csv): the titles of its nine parts, the 填报说明, the
// headings above groups of fields and the lines before groups of ticks, the
// plan's headings, the declaration, and the years of a batch. The Excel
// template (etl/workbook) and the Word form (etl/docx) both lay the form
// out from it, each in its own shape, so that the two say the same.
package notice

import (
	"fmt"
	"strings"
)

// Title is the name of the 申报表.
const Title = "中小企业特色产业集群申报表"

// FollowUpTitle is the name of the yearly follow-up report.
const FollowUpTitle = "中小企业特色产业集群年度发展情况报告"

// ReportHead are the fields the yearly report asks on its cover, before
// the year's figures: the day it is sent; the cluster's 运营管理机构 and
// 主导产业 as they are now (its 占地面积 is among part 一's figures);
// whether any of them changed in the year, and since when — a major
// change not reported is a cause to withdraw recognition; and part 一's
// yes/no answers for the year.
var ReportHead = []string{"reported_on", "operator", "leading_industry", "change_declared", "change_date",
	"not_restricted_industry", "no_major_incidents", "no_tax_or_credit_violations",
	"energy_efficiency_above_benchmark", "water_efficiency_above_benchmark"}

// ReportNote is the follow-up report's note on its cover fields.
const ReportNote = "运营管理机构、主导产业填写报告年度末的情况；与申报表或上一年度报告不同的，须在“是否发生变化”中填“是”并写明变化日期。重大变化未报告的，按规定撤销认定。"

var parts = [10]string{"", "一、基本情况", "二、主导产业情况", "三、创新能力情况", "四、数字化升级情况",
	"五、绿色化转型情况", "六、开放合作情况", "七、治理和服务水平", "八、未来三年中小企业特色产业集群发展规划", "九、真实性声明及推荐意见"}

var numerals = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// Part is the heading of part n (1–9): "二、主导产业情况".
func Part(n int) string { return parts[n] }

// PartName is part n's name without its numeral: "主导产业情况".
func PartName(n int) string {
	_, name, _ := strings.Cut(parts[n], "、")
	return name
}

// PartNumber names part n as a sentence does: "第二部分".
func PartNumber(n int) string { return "第" + numerals[n] + "部分" }

// HistoryYears are the three years before the batch the form asks figures
// for (近三年).
func HistoryYears(batch int) []int { return []int{batch - 3, batch - 2, batch - 1} }

// TargetYears are part 八's baseline year and its three target years, the
// last of which is the final target (目标值), the others stage targets.
func TargetYears(batch int) []int { return []int{batch - 1, batch, batch + 1, batch + 2} }

// Instructions are the form's 填报说明 1–10 for the batch; each format
// adds its own 11th on what not to change.
func Instructions(batch int) []string {
	return []string{
		"1.集群应如实填报所附各表。要求文字简洁，数据准确、详实。填报数据将依权限对相关部门和单位开放共享，仅供审核验证和查阅用。",
		"2.各必填栏目不得空缺，无相关情况时应填写“无”；数据有小数时，保留小数点后2位。",
		"3.集群运营管理机构是指对产业集群集中运营管理的产业园区管委会、园区运营企业或公共服务机构等法人主体，基础建设单位不可作为集群运营管理机构。",
		"4.佐证材料包括主管部门、第三方机构出具的证明或申报主体自我声明。",
		"5.财务数据应以企业该年度会计报表期末数为准。",
		fmt.Sprintf("6.未注明填报年度的，请填写截止到%d年底的数据。", batch-1),
		"7.主导产品按获得的产品收入占比或重要程度从高到低填写。",
		"8.集群内中小企业从业人员数是指集群内所有中小企业从业人员期末数之和。",
		"9.企业研发费用具体按照财政部、国家税务总局、科技部《关于完善研究开发费用税前加计扣除政策的通知》（财税[2015]119号）有关规定进行归集。",
		"10.发展目标依据《促进中小企业特色产业集群发展暂行办法》编制，要可考核，突出培育重点，分阶段合理制定年度目标。",
	}
}

// Group is a heading of the form over consecutive fields, from the field
// First on: a row label beside them (Title) and, for ticks, the line before
// the boxes (Lead) when the form has one.
type Group struct {
	First string
	Title string
	Lead  string
	Ticks bool // the fields are ticks (勾选需提供佐证材料)
}

// Groups are the form's groups, in the form's order.
var Groups = []Group{
	{First: "sharing_chain_coordination", Title: "集群已开展的制造资源共享工作", Ticks: true},
	{First: "brand_quality_management", Title: "集群已开展的质量品牌建设工作", Ticks: true},
	{First: "standards_international_lead", Title: "集群中小企业近三年主持（起草单位排名前三位）或参与制修订标准数量情况（需提供清单）"},
	{First: "platforms_national_count", Title: "创新平台建设情况"},
	{First: "innov_tech_roadmap", Title: "集群已开展的协同创新工作", Ticks: true},
	{First: "digital_solution_providers", Title: "集群已开展的数字化服务工作", Ticks: true},
	{First: "new_models_text", Title: "数字化新模式新业态推广情况"},
	{First: "newmodel_national_pilot", Title: "数字化新模式新业态推广情况", Lead: "集群已开展的数字化新模式新业态推广工作", Ticks: true},
	{First: "resource_waste_heat", Title: "集群已开展的能源和资源综合利用工作", Ticks: true},
	{First: "green_solutions", Title: "集群已具备绿色低碳公共服务能力", Ticks: true},
	{First: "intl_mechanism", Title: "集群已开展的国际合作交流活动", Ticks: true},
	{First: "platform_national_demo", Title: "中小企业公共服务平台建设情况", Lead: "集群已建设的中小企业公共服务平台", Ticks: true},
	{First: "service_information", Title: "集群提供中小企业公共服务情况", Lead: "集群已提供的中小企业公共服务", Ticks: true},
	{First: "gov_promotion_body", Title: "集群治理情况", Lead: "集群开展的治理工作", Ticks: true},
}

// GroupAt returns the group that starts at the field, or nil.
func GroupAt(code string) *Group {
	for i := range Groups {
		if Groups[i].First == code {
			return &Groups[i]
		}
	}
	return nil
}

// Evidence is the form's note under ticks.
const Evidence = "（注：勾选需提供佐证材料）"

// PlanLimit is the plan's length limit in part 八's heading.
const PlanLimit = "（3000字以内）"

// PlanSection is a heading of part 八's plan and what the form says to
// write under it.
type PlanSection struct {
	Level   int // 1: 一、…; 2: （一）…; 3: 1. …; 4: (1) …
	Heading string
	Guide   string
}

// Plan are part 八's headings for the batch, in order; the target table
// follows the heading "1. 三年总体目标" (TargetsAfter).
func Plan(batch int) []PlanSection {
	return []PlanSection{
		{1, "一、集群基本情况简介", "包括总体情况、主导产业、产业集群相关政策制定与实施情况、优质主体培育、品牌打造、产业链供应链建设等方面近三年来发展情况、在行业中所处的地位等。"},
		{1, "二、发展成效", "包括提升集群主导产业优势、激发集群创新活力、推进集群数字化升级、加快集群绿色低碳转型、深化集群开放合作、提升集群治理和服务能力等方面开展的工作和取得的成绩。"},
		{1, "三、存在的问题", ""},
		{1, "四、未来三年中小企业特色产业集群发展规划", ""},
		{2, "（一）总体思路", ""},
		{2, "（二）发展目标", ""},
		{3, TargetsAfter, "（集群须围绕主导产业、创新、数字化、绿色化、开放合作、治理和服务等方面设定清晰、可考核的发展目标，鼓励集群根据自身特色增加考核指标，不局限于以上方面）"},
		{3, "2. 阶段性目标", ""},
		{4, fmt.Sprintf("(1) %d年度", batch), ""},
		{4, fmt.Sprintf("(2) %d年度", batch+1), ""},
		{4, fmt.Sprintf("(3) %d年度", batch+2), ""},
		{2, "（三）重点任务", ""},
		{2, "（四）保障措施", ""},
	}
}

// TargetsAfter is the plan heading the target table follows.
const TargetsAfter = "1. 三年总体目标"

// TargetRemark is the 备注 under the target table, before the rules a–g.
func TargetRemark(batch int) string {
	return fmt.Sprintf("（备注：基准值须符合中小企业特色产业集群认定标准，%d年目标值须符合以下要求：", batch+2)
}

// Declaration is part 九's 真实性声明.
const Declaration = "本单位承诺此次申报中小企业特色产业集群的申请材料(包括附件资料)真实、合法。如有不实之处，本单位愿意负相应法律责任，并承担由此产生的一切后果。"
