package workbook

import (
	"fmt"
	"io"
	"math"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"clusterscope"
)

// Template writes an empty 申报表 (Application) or yearly follow-up report
// (FollowUp) workbook for the batch.
func Template(w io.Writer, kind Kind, batch int) error {
	if !kind.valid() {
		return fmt.Errorf("workbook template: unknown kind %q", kind)
	}
	if batch < clusterscope.FirstBatch || batch > clusterscope.LastBatch {
		return fmt.Errorf("workbook template: batch %d outside %d–%d", batch, clusterscope.FirstBatch, clusterscope.LastBatch)
	}
	fm := newForm(clusterscope.DefaultCatalog(), kind, batch)
	f := excelize.NewFile()
	defer f.Close()
	tw := &templateWriter{f: f, fm: fm}
	if err := tw.write(); err != nil {
		return fmt.Errorf("workbook template %s %d: %w", kind, batch, err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("workbook template %s %d: write: %w", kind, batch, err)
	}
	return nil
}

type templateWriter struct {
	f   *excelize.File
	fm  *form
	st  map[string]int // styles by name
	err error          // the first error of a cell operation
}

func (tw *templateWriter) write() error {
	if err := tw.styles(); err != nil {
		return err
	}
	for i, s := range tw.fm.sheets {
		if i == 0 {
			tw.check(tw.f.SetSheetName("Sheet1", s.name))
		} else if _, err := tw.f.NewSheet(s.name); err != nil {
			return err
		}
		if err := tw.sheet(s); err != nil {
			return fmt.Errorf("sheet %s: %w", s.name, err)
		}
	}
	m := marker(tw.fm.kind, tw.fm.batch)
	tw.check(tw.f.SetDefinedName(&excelize.DefinedName{Name: definedName, RefersTo: `"` + m + `"`}))
	tw.check(tw.f.SetDocProps(&excelize.DocProperties{Title: fmt.Sprintf("%s（%d年度）", tw.fm.kind.title(), tw.fm.batch),
		Subject: m, Creator: "clusterscope"}))
	tw.check(tw.f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true}))
	tw.f.SetActiveSheet(0)
	return tw.err
}

func (tw *templateWriter) check(err error) {
	if err != nil && tw.err == nil {
		tw.err = err
	}
}

func border() []excelize.Border {
	var b []excelize.Border
	for _, t := range []string{"left", "right", "top", "bottom"} {
		b = append(b, excelize.Border{Type: t, Color: "#A6A6A6", Style: 1})
	}
	return b
}

// styles creates the named styles; input cells are unlocked and yellow.
func (tw *templateWriter) styles() error {
	str := func(s string) *string { return &s }
	wrap := &excelize.Alignment{WrapText: true, Vertical: "center"}
	head := func(fmtCode *string) *excelize.Style {
		return &excelize.Style{Border: border(), Font: &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#D9D9D9"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, CustomNumFmt: fmtCode}
	}
	input := func(numFmt int, custom *string, text bool) *excelize.Style {
		al := &excelize.Alignment{Vertical: "center"}
		if text {
			al = &excelize.Alignment{Vertical: "top", WrapText: true}
		}
		return &excelize.Style{Border: border(), Alignment: al, NumFmt: numFmt, CustomNumFmt: custom,
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#FFF2CC"}},
			Protection: &excelize.Protection{Locked: false}}
	}
	defs := map[string]*excelize.Style{
		"title": {Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Vertical: "center"}},
		"code":  {Font: &excelize.Font{Size: 7, Color: "#808080"}, Alignment: &excelize.Alignment{Vertical: "center"}},
		"label": {Border: border(), Alignment: wrap},
		"unit":  {Border: border(), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		"group": {Border: border(), Font: &excelize.Font{Bold: true}, Alignment: wrap,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#F2F2F2"}}},
		"note":   {Font: &excelize.Font{Color: "#595959"}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
		"head":   head(nil),
		"number": input(2, nil, false),  // 0.00
		"count":  input(1, nil, false),  // 0
		"plain":  input(0, nil, false),  // General: "83%" typed stays told apart (percent.go)
		"text":   input(49, nil, true),  // @
		"choice": input(49, nil, false), // @, for dropdowns
		"date":   input(0, str("yyyy-mm-dd"), false),
	}
	for _, s := range tw.fm.sheets {
		for _, y := range s.yfmt {
			defs["head "+y] = head(str(y))
		}
	}
	tw.st = map[string]int{}
	for name, d := range defs {
		id, err := tw.f.NewStyle(d)
		if err != nil {
			return fmt.Errorf("style %s: %w", name, err)
		}
		tw.st[name] = id
	}
	return nil
}

// inputStyle is the style name of an input cell of the kind.
func inputStyle(k clusterscope.Kind) string {
	switch k {
	case clusterscope.KindNumber, clusterscope.KindPercent:
		return "number"
	case clusterscope.KindCount:
		return "count"
	case clusterscope.KindDate:
		return "date"
	case clusterscope.KindYesNo, clusterscope.KindYesNoNA, clusterscope.KindIndustryType, clusterscope.KindCheck:
		return "choice"
	}
	return "text"
}

// valueStyle is the style name of the input cells of a value or cover line.
func valueStyle(l line) string {
	switch {
	case percentUnit(l) && l.kind.Numeric():
		return "plain"
	case l.typ == lineMeta && l.code == codeClusterID:
		return "text"
	case l.typ == lineMeta:
		return "count"
	}
	return inputStyle(l.kind)
}

// valueEnd is the last column of the input cell of a single-value line: a
// text spans the sheet's value columns, merged; anything else is one cell.
func valueEnd(s *sheet, l line) int {
	if l.years == nil && valueStyle(l) == "text" && s.cols > 1 {
		return colValue + s.cols - 1
	}
	return colValue
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// lastCol is the last column the sheet uses.
func (s *sheet) lastCol() int {
	if s.name == targetSheet {
		return colNote
	}
	return colValue + s.cols - 1
}

func (tw *templateWriter) set(sh string, col, row int, v any, style string) {
	c := cell(col, row)
	if v != nil {
		tw.check(tw.f.SetCellValue(sh, c, v))
	}
	tw.check(tw.f.SetCellStyle(sh, c, c, tw.st[style]))
}

// span writes v across columns from..to of the row, merged.
func (tw *templateWriter) span(sh string, from, to, row int, v any, style string) {
	if v != nil {
		tw.check(tw.f.SetCellValue(sh, cell(from, row), v))
	}
	if to > from {
		tw.check(tw.f.MergeCell(sh, cell(from, row), cell(to, row)))
	}
	tw.check(tw.f.SetCellStyle(sh, cell(from, row), cell(to, row), tw.st[style]))
}

// height sets the row height for text of n characters in a width of w.
func (tw *templateWriter) height(sh string, row int, text string, w float64, min float64) {
	perLine := math.Max(1, w/2.1) // a CJK character is about two widths
	lines := math.Ceil(float64(utf8.RuneCountInString(text)) / perLine)
	tw.check(tw.f.SetRowHeight(sh, row, math.Min(409, math.Max(min, 16*lines))))
}

func (tw *templateWriter) sheet(s *sheet) error {
	f, sh, last := tw.f, s.name, s.lastCol()
	valueW := 14.0
	if s.cols == 1 {
		valueW = 90
	}
	tw.check(f.SetColWidth(sh, "A", "A", 3.5))
	tw.check(f.SetColWidth(sh, "B", "B", 50))
	tw.check(f.SetColWidth(sh, "C", "C", 11))
	tw.check(f.SetColWidth(sh, "D", colName(colValue+s.cols-1), valueW))
	if last == colNote {
		tw.check(f.SetColWidth(sh, "H", "H", 14))
		tw.check(f.SetColWidth(sh, "I", "I", 30))
	}
	spanW := 50 + 11 + valueW*float64(s.cols)
	if s.name == coverSheet {
		tw.set(sh, colCode, 1, marker(tw.fm.kind, tw.fm.batch), "code")
	}
	title := s.title
	if s.name == coverSheet {
		title = fmt.Sprintf("%s（%d年度）", s.title, tw.fm.batch)
	}
	tw.span(sh, colLabel, last, 1, title, "title")
	tw.check(f.SetRowHeight(sh, 1, 30))
	dv := newValidations(tw.fm)
	for i, l := range s.lines {
		r := s.row(i)
		if l.code != "" {
			tw.set(sh, colCode, r, l.code, "code")
		}
		switch l.typ {
		case lineNote:
			tw.span(sh, colLabel, last, r, l.label, "note")
			tw.height(sh, r, l.label, spanW, 18)
		case lineGroup:
			tw.span(sh, colLabel, last, r, l.label, "group")
			tw.height(sh, r, l.label, spanW, 20)
		case lineHeader:
			tw.set(sh, colLabel, r, l.label, "head")
			tw.set(sh, colUnit, r, l.unit, "head")
			if s.years != nil && l.code == codeYears {
				for j, y := range s.years {
					tw.set(sh, colValue+j, r, y, "head "+s.yfmt[j])
				}
			} else if s.years == nil {
				tw.span(sh, colValue, colValue+s.cols-1, r, s.heads[0], "head")
			} else {
				for j := range s.years { // the own targets' header repeats the years
					tw.set(sh, colValue+j, r, s.years[j], "head "+s.yfmt[j])
				}
			}
			if last == colNote {
				tw.set(sh, colExtra, r, l.extra, "head")
				tw.set(sh, colNote, r, l.note, "head")
			}
			tw.check(f.SetRowHeight(sh, r, 22))
		case lineOwn:
			tw.set(sh, colLabel, r, nil, "text")
			tw.set(sh, colUnit, r, nil, "text")
			for j := range l.years { // of any unit, % too
				tw.set(sh, colValue+j, r, nil, "plain")
			}
			tw.set(sh, colExtra, r, nil, "text")
			tw.set(sh, colNote, r, nil, "choice")
			dv.add("own", cell(colLabel, r)+":"+cell(colUnit, r), "ownCode", cell(colExtra, r),
				"ownDir", cell(colNote, r), "number", cell(colValue, r)+":"+cell(colValue+len(l.years)-1, r))
		case lineValue, lineMeta:
			tw.set(sh, colLabel, r, l.label, "label")
			tw.set(sh, colUnit, r, l.unit, "unit")
			tw.height(sh, r, l.label, 50, 20)
			tw.valueCells(s, l, r, dv)
			if last == colNote {
				tw.set(sh, colExtra, r, l.extra, "unit")
				tw.set(sh, colNote, r, l.note, "label")
			}
		}
	}
	if err := dv.apply(f, sh); err != nil {
		return err
	}
	tw.check(f.ProtectSheet(sh, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true}))
	return tw.err
}

// valueCells writes the input cells of a value or cover line.
func (tw *templateWriter) valueCells(s *sheet, l line, r int, dv *validations) {
	sh, style := s.name, valueStyle(l)
	key := string(l.kind)
	if l.typ == lineMeta {
		key = l.code
	}
	if l.years != nil {
		for j := range l.years {
			tw.set(sh, colValue+j, r, nil, style)
		}
		dv.add(key, cell(colValue, r)+":"+cell(colValue+len(l.years)-1, r))
		return
	}
	var v any
	switch {
	case l.kind == clusterscope.KindCheck && tw.fm.kind == Application:
		v = "否"
	case l.code == codeBatch:
		v = tw.fm.batch
	}
	to := valueEnd(s, l)
	tw.span(sh, colValue, to, r, v, style)
	ref := cell(colValue, r)
	if to > colValue {
		ref += ":" + cell(to, r)
	}
	dv.add(key, ref)
	switch l.kind {
	case clusterscope.KindText:
		tw.height(sh, r, l.label, 50, 36)
	case clusterscope.KindText200:
		tw.check(tw.f.SetRowHeight(sh, r, 80))
	case clusterscope.KindText3000:
		tw.check(tw.f.SetRowHeight(sh, r, 409))
	}
}

func colName(c int) string {
	n, _ := excelize.ColumnNumberToName(c)
	return n
}
