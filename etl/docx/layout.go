package docx

import (
	"fmt"

	"clusterscope"
	"clusterscope/etl/notice"
)

// The layout is the 申报表 as the notice's 附件2 draws it: the cover lines,
// then parts 一 … 九, each a heading and its tables. Writing draws it;
// reading finds each row by the labels of its leading cells and each year
// by the header above, so the layout is what both go by.

// Merges of a cell over the rows below (w:vMerge).
const (
	mergeNone = iota
	mergeStart
	mergeOn
)

// cell is one cell of a row: a label, or a value (val), spanning span grid
// columns (0 is 1).
type cell struct {
	text  string
	note  string   // a second, smaller line of a label: （需提供清单）
	alts  []string // other texts the label is known by (the catalog's label)
	span  int
	merge int
	head  bool // a header cell: bold, shaded
	val   *value
}

// value is what a value cell holds: one field of one year, or ☐ options
// (one choice of a field, or a tick per field).
type value struct {
	field string
	year  int // 0: a single value (the year before the batch)
	kind  clusterscope.Kind
	opts  []option
	ticks bool   // each option is a field ticked or not
	lead  string // the ticks' line before the boxes
	note  string // printed after the boxes: （注：勾选需提供佐证材料）
	col   string // the column as a problem names it: "2020 年"
	sub   string // the sub-header the column is found by besides the year (主持数量)
	byRow bool   // the year is in the row's label (2019年), not in a header
}

// option is one ☐ of a value: the text after the box and what it means.
type option struct {
	text  string
	value string // a choice's value (是, 不涉及)
	field string // a tick's field
}

// row is one row of a table. Its first lead cells are labels, which find it;
// under names the lead label of the row it follows when several rows share a
// label (联系人 under 主管部门 and under 运营管理机构).
type row struct {
	cells   []cell
	lead    int
	name    string // the row as a problem names it
	under   string
	head    bool // a header: its cells name the value columns
	fixed   bool // a row of the form's own text: no value
	targets bool // a row of part 八's target table (own targets are read among them)
	own     bool // a "….." row of the target table, for the applicant's own targets
	header  *row // the header above that names this row's columns
	subHead *row // the header below it with the sub-columns
}

// table is one table of a part, with its grid column widths in twentieths
// of a point.
type table struct {
	grid []int
	rows []*row
}

// part is one part of the form: its number (0 the cover), its heading, the
// name a problem gives its tables, and its tables.
type part struct {
	n       int
	heading string
	tname   string
	tables  []*table
}

// newPart is part n of the 申报表 with its tables.
func newPart(n int, tables ...*table) *part {
	p := &part{n: n, tables: tables}
	switch n {
	case 0:
	case 8:
		p.heading, p.tname = notice.Part(8), "三年总体目标"
	default:
		p.heading, p.tname = notice.Part(n), notice.PartName(n)
	}
	return p
}

// name is how a problem names the part.
func (p *part) name() string {
	if p.n == 0 {
		return "封面"
	}
	return notice.PartNumber(p.n)
}

// layout is the whole form for one batch.
type layout struct {
	kind  Kind
	batch int
	parts []*part
}

// textWidth is the width of the page's text on A4 with the margins used.
const textWidth = 9412

// builder lays out the parts from the catalog.
type builder struct {
	cat   *clusterscope.Catalog
	batch int
	years []int
}

// fieldLabel is a field's row label: the catalog's label, its unit and its
// length limit, as the notice prints them: 集群总产值（亿元）.
func fieldLabel(f *clusterscope.Field) string {
	l := f.Label
	if f.Unit != "" {
		l += "（" + f.Unit + "）"
	}
	if n := f.Kind.MaxChars(); n > 0 && n < 3000 {
		l += fmt.Sprintf("（%d字以内）", n)
	}
	return l
}

func (b *builder) field(code string) *clusterscope.Field {
	f := b.cat.Field(code)
	if f == nil {
		panic("docx layout: no field " + code) // a layout defect, caught by every test
	}
	return f
}

// label is the label cell of a field.
func (b *builder) label(code string, span int) cell {
	f := b.field(code)
	return cell{text: fieldLabel(f), alts: []string{f.Label}, span: span}
}

// val is the value cell of a field for a year (0: single).
func (b *builder) val(code string, year, span int) cell {
	f := b.field(code)
	v := &value{field: code, year: year, kind: f.Kind}
	if year != 0 {
		v.col = fmt.Sprintf("%d 年", year)
	}
	switch f.Kind {
	case clusterscope.KindYesNo:
		v.opts = []option{{text: "是", value: "是"}, {text: "否", value: "否"}}
	case clusterscope.KindYesNoNA:
		v.opts = []option{{text: "是", value: "是"}, {text: "否", value: "否"}, {text: "不涉及", value: "不涉及"}}
	case clusterscope.KindIndustryType:
		v.opts = []option{{text: "第一产业", value: "第一产业"}, {text: "第二产业", value: "第二产业"}, {text: "第三产业", value: "第三产业"}}
	}
	return cell{val: v, span: span}
}

// single is a row of one label and one value across the rest.
func (b *builder) single(code string, labelSpan, valueSpan int) *row {
	return &row{cells: []cell{b.label(code, labelSpan), b.val(code, 0, valueSpan)}, lead: 1, name: fieldLabel(b.field(code))}
}

// yearly is a row of a label and a value per year, columns by the header.
func (b *builder) yearly(code string, header *row) *row {
	r := &row{cells: []cell{b.label(code, 0)}, lead: 1, name: fieldLabel(b.field(code)), header: header}
	for _, y := range b.years {
		r.cells = append(r.cells, b.val(code, y, 0))
	}
	return r
}

// ticks is the cell of a group of ticks: the fields from the group's first
// on while they are ticks.
func (b *builder) ticks(g *notice.Group, span int) cell {
	v := &value{ticks: true, lead: g.Lead, note: notice.Evidence, kind: clusterscope.KindCheck}
	started := false
	for _, f := range b.cat.Fields {
		if f.Code == g.First {
			started = true
		}
		if !started {
			continue
		}
		if f.Kind != clusterscope.KindCheck {
			break
		}
		if len(v.opts) > 0 && notice.GroupAt(f.Code) != nil {
			break
		}
		v.opts = append(v.opts, option{text: f.Label, field: f.Code})
	}
	v.field = v.opts[0].field
	return cell{val: v, span: span}
}

// tickRow is a row of a group's title and its ticks.
func (b *builder) tickRow(first string, labelSpan, valueSpan int) *row {
	g := notice.GroupAt(first)
	return &row{cells: []cell{{text: g.Title, span: labelSpan}, b.ticks(g, valueSpan)}, lead: 1, name: g.Title}
}

// header is a header row: a label, then a cell per year.
func header(label string, years []int, format string) *row {
	r := &row{cells: []cell{{text: label, head: true}}, lead: 1, name: label, head: true}
	for _, y := range years {
		r.cells = append(r.cells, cell{text: fmt.Sprintf(format, y), head: true})
	}
	return r
}

// newLayout lays out the form of the kind for the batch.
func newLayout(c *clusterscope.Catalog, kind Kind, batch int) *layout {
	b := &builder{cat: c, batch: batch, years: notice.HistoryYears(batch)}
	lo := &layout{kind: kind, batch: batch}
	if kind == FollowUp {
		lo.parts = b.followUp()
		return lo
	}
	lo.parts = []*part{b.cover(), b.part1(), b.part2(), b.part3(), b.part4(), b.part5(), b.part6(), b.part7(), b.part8(), b.part9()}
	return lo
}

// Widths of the common tables: a label and three years; a label and a
// value; a group, a sub-label and a value.
var (
	gridYears = []int{3712, 1900, 1900, 1900}
	gridPair  = []int{3400, 6012}
	gridGroup = []int{2000, 3400, 4012}
)

// The cover's own rows, which are not fields: the system's cluster id and
// the batch.
const (
	labelClusterID = "集群编号（系统内唯一，字母、数字、- 或 _）"
	labelBatch     = "申报批次（年度）"
	labelReport    = "报告年度"
	fieldClusterID = "#cluster_id"
	fieldBatch     = "#batch"
	fieldReport    = "#report_year"
)

func metaRow(label, field string) *row {
	return &row{cells: []cell{{text: label}, {val: &value{field: field, kind: clusterscope.KindText}}}, lead: 1, name: label}
}
