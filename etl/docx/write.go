package docx

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"clusterscope"
	"clusterscope/etl/notice"
)

// Template writes an empty 申报表 (Application) or yearly follow-up report
// (FollowUp) as a Word document for the batch.
func Template(w io.Writer, kind Kind, batch int) error {
	return write(w, kind, batch, nil)
}

// Fill writes the document Template writes, filled with one cluster's
// observations as a person fills it: numbers and texts typed into their
// cells (a text's lines as paragraphs), ticks and choices as ☑, an
// application's own targets as rows of the target table (their code and
// direction in hidden text beside the name), a follow-up report's year on
// its cover. Read gives the observations back, except that a single value
// given with the year before the batch comes back with year 0 and, in an
// application, a tick not given comes back as false. Fill refuses
// observations the document has no place for.
func Fill(w io.Writer, kind Kind, batch int, obs []clusterscope.Observation) error {
	if len(obs) == 0 {
		return fmt.Errorf("docx fill: no observations")
	}
	return write(w, kind, batch, obs)
}

// ownTarget is an applicant's own target to write.
type ownTarget struct {
	code, label, unit, dir string
	vals                   map[int]string
}

type writer struct {
	lo   *layout
	cat  *clusterscope.Catalog
	b    strings.Builder
	vals map[key]string
	used map[key]bool
	own  []*ownTarget
}

func write(w io.Writer, kind Kind, batch int, obs []clusterscope.Observation) error {
	if kind != Application && kind != FollowUp {
		return fmt.Errorf("docx: unknown kind %q", kind)
	}
	if batch < clusterscope.FirstBatch || batch > clusterscope.LastBatch {
		return fmt.Errorf("docx: batch %d outside %d–%d", batch, clusterscope.FirstBatch, clusterscope.LastBatch)
	}
	cat := clusterscope.DefaultCatalog()
	wr := &writer{lo: newLayout(cat, kind, batch), cat: cat, vals: map[key]string{}, used: map[key]bool{}}
	wr.vals[key{fieldBatch, 0}] = fmt.Sprint(batch)
	if err := wr.take(obs); err != nil {
		return fmt.Errorf("docx fill %s %d: %w", kind, batch, err)
	}
	wr.document()
	for k := range wr.vals {
		if !wr.used[k] {
			return fmt.Errorf("docx fill %s %d: %s %d: the document has no place for it", kind, batch, k.field, k.year)
		}
	}
	if err := wr.pack(w); err != nil {
		return fmt.Errorf("docx %s %d: write: %w", kind, batch, err)
	}
	return nil
}

// take sorts the observations into the document's values.
func (wr *writer) take(obs []clusterscope.Observation) error {
	if len(obs) == 0 {
		return nil
	}
	id, report, batch := obs[0].ClusterID, obs[0].Report, wr.lo.batch
	if !clusterscope.ValidClusterID(id) {
		return fmt.Errorf("cluster id %q is not valid", id)
	}
	switch {
	case wr.lo.kind == Application && report != 0:
		return fmt.Errorf("%s is a follow-up actual of %d, not part of an application", obs[0].Field, report)
	case wr.lo.kind == FollowUp && (report < batch || report > batch+clusterscope.FollowUpYears):
		return fmt.Errorf("%s %d is no follow-up actual of batch %d", obs[0].Field, obs[0].Year, batch)
	}
	wr.vals[key{fieldClusterID, 0}] = id
	if wr.lo.kind == FollowUp {
		wr.vals[key{fieldReport, 0}] = fmt.Sprint(report)
	}
	owns := map[string]*ownTarget{}
	for _, o := range obs {
		if o.ClusterID != id || o.Batch != batch || o.Report != report {
			return fmt.Errorf("%s %d (report %d) and %s %d (report %d) in one document", id, batch, report, o.ClusterID, o.Batch, o.Report)
		}
		code, isTarget := strings.CutPrefix(o.Field, "target.")
		code, meta, _ := strings.Cut(code, ":")
		if isTarget && wr.cat.Target(code) == nil && wr.lo.kind == Application {
			ot := owns[code]
			if ot == nil {
				ot = &ownTarget{code: code, vals: map[int]string{}}
				owns[code] = ot
				wr.own = append(wr.own, ot)
			}
			switch meta {
			case "label":
				ot.label = o.Text
			case "unit":
				ot.unit = o.Text
			case "direction":
				ot.dir = o.Text
			case "":
				ot.vals[o.Year] = o.Text
			default:
				return fmt.Errorf("%s: unknown target attribute", o.Field)
			}
			continue
		}
		year := o.Year
		if f := wr.cat.Field(o.Field); (f != nil && !f.Yearly && year == batch-1) || wr.lo.kind == FollowUp {
			year = 0
		}
		k := key{o.Field, year}
		if _, dup := wr.vals[k]; dup {
			return fmt.Errorf("%s %d given twice", o.Field, o.Year)
		}
		wr.vals[k] = o.Text
	}
	return nil
}

// value is the text Fill puts for a value, marking it used.
func (wr *writer) value(field string, year int) string {
	k := key{field, year}
	v, ok := wr.vals[k]
	if ok {
		wr.used[k] = true
	}
	return v
}

// Paragraph styles of styles.xml.
const (
	styleTitle    = "Title"
	styleHeading1 = "Heading1"
	styleHeading2 = "Heading2"
	styleHeading3 = "Heading3"
	styleHeading4 = "Heading4"
	styleGuide    = "Guide"
	styleCenter   = "Center"
	styleCell     = "Cell"
)

// run is text with what sets it apart.
type run struct {
	text   string
	box    bool // a ☐ or ☑: a font that has it
	small  bool
	hidden bool
	bold   bool
}

func (wr *writer) para(style string, pageBreak bool, runs ...run) {
	b := &wr.b
	b.WriteString("<w:p>")
	if style != "" || pageBreak {
		b.WriteString("<w:pPr>")
		if style != "" {
			fmt.Fprintf(b, `<w:pStyle w:val="%s"/>`, style)
		}
		if pageBreak {
			b.WriteString("<w:pageBreakBefore/>")
		}
		b.WriteString("</w:pPr>")
	}
	for _, r := range runs {
		wr.run(r)
	}
	b.WriteString("</w:p>")
}

func (wr *writer) run(r run) {
	b := &wr.b
	for i, piece := range strings.Split(r.text, "\t") {
		b.WriteString("<w:r>")
		if r.box || r.small || r.hidden || r.bold {
			b.WriteString("<w:rPr>")
			if r.box {
				b.WriteString(`<w:rFonts w:ascii="Segoe UI Symbol" w:hAnsi="Segoe UI Symbol" w:eastAsia="Segoe UI Symbol" w:cs="Segoe UI Symbol"/>`)
			}
			if r.bold {
				b.WriteString("<w:b/><w:bCs/>")
			}
			if r.hidden {
				b.WriteString("<w:vanish/>")
			}
			if r.small {
				b.WriteString(`<w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/>`)
			}
			b.WriteString("</w:rPr>")
		}
		if i > 0 {
			b.WriteString("<w:tab/>")
		}
		if piece != "" {
			b.WriteString(`<w:t xml:space="preserve">`)
			xml.EscapeText(b, []byte(piece))
			b.WriteString("</w:t>")
		}
		b.WriteString("</w:r>")
	}
}

// lines writes a text as a paragraph per line.
func (wr *writer) lines(style, text string, bold bool) {
	for _, l := range strings.Split(text, "\n") {
		wr.para(style, false, run{text: l, bold: bold})
	}
}

func (wr *writer) document() {
	b := &wr.b
	b.WriteString(xml.Header)
	b.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	title := notice.Title
	if wr.lo.kind == FollowUp {
		title = notice.FollowUpTitle
	}
	for _, p := range wr.lo.parts {
		switch p.n {
		case 0:
			wr.para(styleTitle, false, run{text: title})
			wr.para(styleCenter, false, run{text: fmt.Sprintf("（%d年度）", wr.lo.batch)})
			wr.tables(p)
			if wr.lo.kind == Application {
				wr.instructions()
			} else {
				wr.para(styleGuide, false, run{text: "填写报告年度（上一年度）的实际值，口径与申报表相同；无数据的留空。数据有小数时保留小数点后2位，数字只填数字，单位见项目名称。"})
				wr.para(styleGuide, false, run{text: notice.ReportNote})
			}
		case 8:
			wr.para(styleHeading1, wr.lo.kind == Application, run{text: p.heading})
			if wr.lo.kind == FollowUp {
				wr.tables(p)
				continue
			}
			before, after := planLines(wr.cat, wr.lo.batch)
			for i, l := range before {
				wr.para(l.style, false, run{text: l.text})
				if i == 2 { // under the first heading's guide: the plan's text
					if plan := wr.value("plan_text", 0); plan != "" {
						wr.lines("", plan, false)
					}
				}
			}
			wr.tables(p)
			for _, l := range after {
				wr.para(l.style, false, run{text: l.text})
			}
		default:
			wr.para(styleHeading1, wr.lo.kind == Application, run{text: p.heading}) // 一至七部分不得串页
			wr.tables(p)
		}
	}
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1247" w:bottom="1440" w:left="1247" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>`)
	b.WriteString("</w:body></w:document>")
}

// instructions are the 填报说明 on the cover, with this document's own on
// what not to change and how to tick.
func (wr *writer) instructions() {
	wr.para(styleHeading1, true, run{text: "填报说明"})
	for _, s := range notice.Instructions(wr.lo.batch) {
		wr.para("", false, run{text: s})
	}
	wr.para("", false, run{text: "11.为确保文件信息的正确采集，填表时不得改变表格样式，其中一至七部分不得串页。"})
	wr.para("", false, run{text: "12.勾选时把选项前的“☐”改为“☑”（或“√”“■”）；数字只填数字，单位见项目名称；封面的集群编号和申报批次请勿删除。"})
}

// tables writes a part's tables, a paragraph between two (Word would join them).
func (wr *writer) tables(p *part) {
	for i, t := range p.tables {
		if i > 0 {
			wr.para("", false)
		}
		wr.table(t)
	}
}

func (wr *writer) table(t *table) {
	b := &wr.b
	total := 0
	for _, w := range t.grid {
		total += w
	}
	fmt.Fprintf(b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`, total)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range t.grid {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>")
	for _, r := range t.rows {
		if r.own && len(wr.own) > 0 && r.cells[0].text == "其它" {
			wr.ownRows(t, r)
			continue
		}
		wr.row(t, r)
	}
	b.WriteString("</w:tbl>")
}

func (wr *writer) row(t *table, r *row) {
	b := &wr.b
	b.WriteString("<w:tr><w:trPr><w:cantSplit/>")
	if r.head {
		b.WriteString("<w:tblHeader/>")
	}
	b.WriteString("</w:trPr>")
	col := 0
	for _, c := range r.cells {
		span := max(1, c.span)
		w := 0
		for _, x := range t.grid[col:min(col+span, len(t.grid))] {
			w += x
		}
		col += span
		wr.cell(c, w)
	}
	b.WriteString("</w:tr>")
}

func (wr *writer) cell(c cell, width int) {
	b := &wr.b
	fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, width)
	if c.span > 1 {
		fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, c.span)
	}
	switch c.merge {
	case mergeStart:
		b.WriteString(`<w:vMerge w:val="restart"/>`)
	case mergeOn:
		b.WriteString(`<w:vMerge/>`)
	}
	if c.head {
		b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>`)
	}
	b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
	n := b.Len()
	switch {
	case c.merge == mergeOn:
	case c.val != nil:
		wr.valueCell(c.val)
	default:
		wr.lines(styleCell, c.text, c.head)
		if c.note != "" {
			wr.para(styleCell, false, run{text: c.note, small: true})
		}
	}
	if b.Len() == n {
		wr.para(styleCell, false) // a cell holds a paragraph at least
	}
	b.WriteString("</w:tc>")
}

func box(on bool) run {
	if on {
		return run{text: string(boxOn), box: true}
	}
	return run{text: string(boxOff), box: true}
}

func (wr *writer) valueCell(v *value) {
	switch {
	case v.ticks:
		if v.lead != "" {
			wr.para(styleCell, false, run{text: v.lead + "："})
		}
		for _, o := range v.opts {
			wr.para(styleCell, false, box(wr.value(o.field, 0) == "true"), run{text: o.text})
		}
		wr.para(styleCell, false, run{text: v.note, small: true})
	case len(v.opts) > 0:
		chosen := wr.value(v.field, v.year)
		var runs []run
		for i, o := range v.opts {
			if i > 0 {
				runs = append(runs, run{text: "　　"})
			}
			runs = append(runs, box(chosen == o.value), run{text: o.text})
		}
		if v.note != "" {
			runs = append(runs, run{text: v.note, small: true})
		}
		wr.para(styleCell, false, runs...)
	default:
		if t := wr.value(v.field, v.year); t != "" {
			wr.lines(styleCell, t, false)
		}
	}
}

// ownRows writes the applicant's own targets under 其它, then the row
// that invites more.
func (wr *writer) ownRows(t *table, dots *row) {
	years := notice.TargetYears(wr.lo.batch)
	for i, ot := range wr.own {
		m := mergeOn
		if i == 0 {
			m = mergeStart
		}
		tag := "#" + ot.code
		if ot.dir != "" {
			tag += "/" + ot.dir
		}
		r := &row{cells: []cell{{text: "其它", merge: m}, {}, {text: ot.unit}}}
		for _, y := range years {
			r.cells = append(r.cells, cell{text: ot.vals[y]})
			delete(ot.vals, y)
		}
		if len(ot.vals) > 0 {
			ys := make([]int, 0, len(ot.vals))
			for y := range ot.vals {
				ys = append(ys, y)
			}
			slices.Sort(ys)
			wr.vals[key{"target." + ot.code, ys[0]}] = "" // no column for it: Fill refuses
		}
		wr.ownRow(t, r, ot.label, tag)
	}
	d := *dots
	d.cells = slices.Clone(dots.cells)
	d.cells[0].merge = mergeOn
	wr.row(t, &d)
}

// ownRow writes a row whose second cell is an own target's name with its
// tag hidden beside it.
func (wr *writer) ownRow(t *table, r *row, label, tag string) {
	b := &wr.b
	b.WriteString("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
	for i, c := range r.cells {
		if i != 1 {
			wr.cell(c, t.grid[i])
			continue
		}
		fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>`, t.grid[i])
		wr.para(styleCell, false, run{text: label}, run{text: tag, hidden: true})
		b.WriteString("</w:tc>")
	}
	b.WriteString("</w:tr>")
}
