package workbook

import (
	"fmt"

	"clusterscope"
	"clusterscope/etl/notice"
)

// Columns of every sheet: A the code, B the label, C the unit, values from D.
// On the target sheet an own target has its code in H and its direction in
// I, where a catalog target shows its 方向 and 要求.
const (
	colCode  = 1
	colLabel = 2
	colUnit  = 3
	colValue = 4
	colExtra = 8 // H
	colNote  = 9 // I
)

// Sheet names: the parts of the 申报表, and the follow-up report's.
const (
	coverSheet   = "封面"
	targetSheet  = "八、发展目标"
	planSheet    = "八、发展规划"
	declSheet    = "九、真实性声明"
	actualsSheet = "实际值"
)

// Codes of the rows that are not fields.
const (
	codeYears      = "#years"
	codeClusterID  = "#cluster_id"
	codeBatch      = "#batch"
	codeReportYear = "#report_year"
)

// ownTargets is how many blank rows the target sheet has for the
// applicant's own targets.
const ownTargets = 5

type lineType int

const (
	lineValue  lineType = iota // a field, a target or an actual: one or more values
	lineMeta                   // a cover cell: cluster id, batch, report year
	lineOwn                    // a row for an applicant's own target
	lineHeader                 // the column header; code #years when it carries years
	lineGroup                  // a heading inside a part
	lineNote                   // an explanation
)

// line is one row of a sheet below its title.
type line struct {
	typ      lineType
	code     string // column A; empty for headings and notes
	field    string // the observation's field code
	label    string // column B
	unit     string // column C
	kind     clusterscope.Kind
	years    []int // a value column for each year; nil: one value in D
	required bool
	extra    string // column H: a target's 方向
	note     string // column I: a target's 要求
}

// sheet is one worksheet: the title in row 1, then its lines from row 2.
type sheet struct {
	name  string
	title string
	cols  int      // value columns from D
	heads []string // header texts of the value columns
	years []int    // the header's years, when the sheet has yearly values
	yfmt  []string // number formats of the header's year cells
	lines []line
}

// row is the worksheet row of the i-th line.
func (s *sheet) row(i int) int { return i + 2 }

// form is the layout of one kind of workbook for one batch.
type form struct {
	kind   Kind
	batch  int
	sheets []*sheet
}

// sheetName is the sheet name and title of part sec (1–7).
func sheetName(sec int) string { return notice.Part(sec) }

// groupHeading is the heading line above the fields of a group of the form:
// ticks are filled 是 or 否 in the workbook.
func groupHeading(g *notice.Group) string {
	h := g.Title
	if g.Lead != "" {
		h = g.Lead
	}
	if g.Ticks {
		h += "（勾选填“是”，需提供佐证材料）"
	}
	return h
}

// instructions are the form's 填报说明 for the batch, and the workbook's own
// 11th on what not to change.
func instructions(batch int) []string {
	return append(append([]string{"填报说明"}, notice.Instructions(batch)...),
		"11.黄色单元格为填报项，其余单元格已保护（无密码，仅防误改）。A 列为字段代码，请勿修改、删除、插入或移动行；复制数据时请“选择性粘贴→数值”，不要留公式。")
}

// newForm lays out the workbook of the kind for the batch.
func newForm(c *clusterscope.Catalog, kind Kind, batch int) *form {
	fm := &form{kind: kind, batch: batch}
	if kind == FollowUp {
		fm.sheets = []*sheet{followUpCover(c, batch), actuals(c)}
		return fm
	}
	base := batch - 1
	cover := &sheet{name: coverSheet, title: kind.title(), cols: 3, lines: []line{
		{typ: lineMeta, code: codeClusterID, label: "集群编号（系统内唯一，字母、数字、- 或 _）", kind: clusterscope.KindText, required: true},
		{typ: lineMeta, code: codeBatch, label: "申报批次（年度）", kind: clusterscope.KindCount, required: true},
	}}
	for _, f := range c.Fields {
		if f.Section == 0 {
			cover.lines = append(cover.lines, fieldLine(f, nil))
		}
	}
	for _, s := range instructions(batch) {
		cover.lines = append(cover.lines, line{typ: lineNote, label: s})
	}
	fm.sheets = append(fm.sheets, cover)
	years := notice.HistoryYears(batch)
	for sec := 1; sec <= 7; sec++ {
		s := &sheet{name: sheetName(sec), title: sheetName(sec), cols: 3}
		s.lines = append(s.lines, line{typ: lineNote, label: fmt.Sprintf(
			"未注明年度的，填写截至%d年底的数据；近三年数据按年度填写。无相关情况时填写“无”，数字填 0；数据有小数时保留小数点后2位。", base)})
		var body []line
		for _, f := range c.Fields {
			if f.Section != sec {
				continue
			}
			if g := notice.GroupAt(f.Code); g != nil {
				body = append(body, line{typ: lineGroup, label: groupHeading(g)})
			}
			var ys []int
			if f.Yearly {
				ys, s.years = years, years
			}
			body = append(body, fieldLine(f, ys))
		}
		s.lines = append(s.lines, header(s, "填报内容"))
		s.lines = append(s.lines, body...)
		fm.sheets = append(fm.sheets, s)
	}
	fm.sheets = append(fm.sheets, targets(c, batch), plan(c), declaration(c))
	return fm
}

// header is the column header line of s, with code #years when s has years.
func header(s *sheet, single string) line {
	if s.years == nil {
		s.heads = []string{single}
		return line{typ: lineHeader, label: "项目", unit: "单位"}
	}
	if s.yfmt == nil {
		for range s.years {
			s.yfmt = append(s.yfmt, `0"年"`)
		}
	}
	return line{typ: lineHeader, code: codeYears, label: "项目", unit: "单位"}
}

func fieldLine(f clusterscope.Field, years []int) line {
	return line{typ: lineValue, code: f.Code, field: f.Code, label: f.Label, unit: unitHint(f.Kind, f.Unit),
		kind: f.Kind, years: years, required: f.Required}
}

// unitHint is the unit column: the form's unit, or a hint for texts.
func unitHint(k clusterscope.Kind, unit string) string {
	switch {
	case unit != "":
		return unit
	case k.MaxChars() > 0:
		return fmt.Sprintf("%d字以内", k.MaxChars())
	case k == clusterscope.KindDate:
		return "年-月-日"
	}
	return ""
}

// targets is part 八's target table: baseline, the three batch years, and
// blank rows for the applicant's own targets.
func targets(c *clusterscope.Catalog, batch int) *sheet {
	s := &sheet{name: targetSheet, title: "八、未来三年中小企业特色产业集群发展规划：发展目标", cols: 4,
		years: notice.TargetYears(batch),
		yfmt:  []string{`0"年基准值"`, `0"年目标"`, `0"年目标"`, `0"年目标值"`}}
	s.lines = append(s.lines,
		line{typ: lineNote, label: "集群须围绕主导产业、创新、数字化、绿色化、开放合作、治理和服务等方面设定清晰、可考核的发展目标，鼓励集群根据自身特色增加考核指标，不局限于以上方面。"},
		line{typ: lineNote, label: fmt.Sprintf("基准值须符合中小企业特色产业集群认定标准；%d年目标值须符合“要求”一列（备注 a–g）；%d、%d年为阶段性目标。", batch+2, batch, batch+1)},
		line{typ: lineHeader, code: codeYears, label: "指标", unit: "单位", extra: "方向", note: "要求"})
	for _, t := range c.Targets {
		l := line{typ: lineValue, code: "target." + t.Code, field: "target." + t.Code, label: t.Label, unit: t.Unit,
			kind: clusterscope.KindNumber, years: s.years, required: true, extra: t.Direction, note: t.RuleText}
		if t.Rule == clusterscope.RuleQualitative {
			l.kind, l.years, l.unit = clusterscope.KindText, nil, "定性描述"
		}
		s.lines = append(s.lines, l)
	}
	s.lines = append(s.lines,
		line{typ: lineGroup, label: "其它：集群自定的考核指标（可选；填写的行须有指标名称、指标代码和各年数值）"},
		line{typ: lineHeader, label: "指标名称", unit: "单位", extra: "指标代码", note: "方向"})
	for i := 1; i <= ownTargets; i++ {
		s.lines = append(s.lines, line{typ: lineOwn, code: fmt.Sprintf("#own%d", i), kind: clusterscope.KindNumber, years: s.years})
	}
	return s
}

func plan(c *clusterscope.Catalog) *sheet {
	s := &sheet{name: planSheet, title: "八、未来三年中小企业特色产业集群发展规划（3000字以内）", cols: 1}
	for _, n := range []string{
		"一、集群基本情况简介：包括总体情况、主导产业、产业集群相关政策制定与实施情况、优质主体培育、品牌打造、产业链供应链建设等方面近三年来发展情况、在行业中所处的地位等。",
		"二、发展成效：包括提升集群主导产业优势、激发集群创新活力、推进集群数字化升级、加快集群绿色低碳转型、深化集群开放合作、提升集群治理和服务能力等方面开展的工作和取得的成绩。",
		"三、存在的问题",
		"四、未来三年中小企业特色产业集群发展规划：（一）总体思路（二）发展目标（量化目标填在工作表“八、发展目标”）（三）重点任务（四）保障措施",
	} {
		s.lines = append(s.lines, line{typ: lineNote, label: n})
	}
	s.lines = append(s.lines, header(s, "规划全文"), fieldLine(*c.Field("plan_text"), nil))
	return s
}

func declaration(c *clusterscope.Catalog) *sheet {
	s := &sheet{name: declSheet, title: "九、真实性声明及推荐意见", cols: 3}
	s.lines = append(s.lines,
		line{typ: lineNote, label: "真实性声明：本单位承诺此次申报中小企业特色产业集群的申请材料(包括附件资料)真实、合法。如有不实之处，本单位愿意负相应法律责任，并承担由此产生的一切后果。"},
		line{typ: lineNote, label: "单位负责人(签字)、县(市、区)中小企业主管部门(公章)及省级中小企业主管部门推荐意见见纸质申报表。"},
		header(s, "填报内容"), fieldLine(*c.Field("declaration_signed"), nil))
	return s
}

func followUpCover(c *clusterscope.Catalog, batch int) *sheet {
	s := &sheet{name: coverSheet, title: FollowUp.title(), cols: 3, lines: []line{
		{typ: lineMeta, code: codeClusterID, label: "集群编号（系统内唯一，字母、数字、- 或 _）", kind: clusterscope.KindText, required: true},
		{typ: lineMeta, code: codeBatch, label: "认定批次（年度）", kind: clusterscope.KindCount, required: true},
		{typ: lineMeta, code: codeReportYear, label: fmt.Sprintf("报告年度（%d–%d）", batch, batch+clusterscope.FollowUpYears), kind: clusterscope.KindCount, required: true},
		{typ: lineNote, label: "填写报告年度（上一年度）的实际值，口径与申报表相同；无数据的留空。数据有小数时保留小数点后2位。"},
		{typ: lineNote, label: "黄色单元格为填报项，其余单元格已保护（无密码，仅防误改）。A 列为字段代码，请勿修改、删除、插入或移动行；复制数据时请“选择性粘贴→数值”。"},
		{typ: lineNote, label: notice.ReportNote},
	}}
	for _, code := range notice.ReportHead {
		l := fieldLine(*c.Field(code), nil)
		l.required = false
		s.lines = append(s.lines, l)
	}
	return s
}

// actuals lists the numeric fields and the targets that are reported as
// actuals in the follow-up report.
func actuals(c *clusterscope.Catalog) *sheet {
	s := &sheet{name: actualsSheet, title: "报告年度实际值", cols: 1}
	s.lines = append(s.lines, header(s, "实际值"))
	last := -1
	for _, f := range c.Fields {
		if !f.Kind.Numeric() {
			continue
		}
		if f.Section != last && f.Section >= 1 && f.Section <= 7 {
			s.lines = append(s.lines, line{typ: lineGroup, label: sheetName(f.Section)})
			last = f.Section
		}
		l := fieldLine(f, nil)
		l.required = false
		s.lines = append(s.lines, l)
	}
	s.lines = append(s.lines, line{typ: lineGroup, label: "发展目标指标"})
	for _, t := range c.Targets {
		if c.Field(t.Code) != nil || t.Rule == clusterscope.RuleQualitative {
			continue
		}
		kind := clusterscope.KindNumber
		if t.Rule == clusterscope.RuleStrictlyIncreasing || t.Unit == "件" || t.Unit == "个" {
			kind = clusterscope.KindCount
		}
		s.lines = append(s.lines, line{typ: lineValue, code: t.Code, field: t.Code, label: t.Label, unit: t.Unit, kind: kind})
	}
	return s
}

// sheet returns the sheet with the name, or nil.
func (fm *form) sheet(name string) *sheet {
	for _, s := range fm.sheets {
		if s.name == name {
			return s
		}
	}
	return nil
}
