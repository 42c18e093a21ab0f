package workbook

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"clusterscope"
)

// located is a sheet of the form as found in the workbook: the row of each
// line whose code sits beside its label, and the column of each year.
type located struct {
	s       *sheet
	rows    map[int]int // line index → worksheet row
	yearCol map[int]int
	merged  map[int]bool // rows with a merged range the template does not have: not read
}

// has reports whether the sheet has a line with the code.
func (s *sheet) has(code string) bool {
	for _, l := range s.lines {
		if l.code == code {
			return true
		}
	}
	return false
}

// sheetOf returns the name of the sheet that has the code, or "".
func (fm *form) sheetOf(code string) string {
	for _, s := range fm.sheets {
		for _, l := range s.lines {
			if l.code == code {
				return s.name
			}
		}
	}
	return ""
}

// locate finds the rows of the sheet's codes in column A and checks that
// each code is there once, beside its own label, and that the header has the
// sheet's years. Reading then depends on codes, not on row positions.
func (rd *reader) locate(s *sheet) *located {
	g, err := rd.grid(s.name)
	if err != nil {
		rd.problem(clusterscope.SevError, s.name, "", "", "", clusterscope.M("xlsx.sheet_unreadable"))
		return nil
	}
	byCode := map[string][]int{}
	for r := 1; r <= g.rows; r++ {
		code := g.text(r, colCode)
		if code == "" || (s.name == coverSheet && r == 1) {
			continue
		}
		byCode[code] = append(byCode[code], r)
		if !s.has(code) {
			own := rd.fm.sheetOf(code)
			label := rd.cat.Label(strings.TrimPrefix(code, "target."))
			if own == "" {
				rd.problem(clusterscope.SevError, s.name, cell(colCode, r), code, label, clusterscope.M("xlsx.unknown_code", code))
			} else {
				rd.problem(clusterscope.SevError, s.name, cell(colCode, r), code, label,
					clusterscope.M("xlsx.code_elsewhere", code, own))
			}
		}
	}
	loc := &located{s: s, rows: map[int]int{}, yearCol: map[int]int{}, merged: map[int]bool{}}
	for i, l := range s.lines {
		if l.code == "" {
			continue
		}
		rs, want := byCode[l.code], cell(colCode, s.row(i))
		if len(rs) == 0 {
			rd.errorf(s.name, want, l, clusterscope.M("xlsx.code_missing", l.code, want))
			continue
		}
		for _, r := range rs[1:] {
			rd.errorf(s.name, cell(colCode, r), l, clusterscope.M("xlsx.code_twice", l.code, rs[0]))
		}
		r := rs[0]
		if (l.typ == lineValue || l.typ == lineMeta) && g.text(r, colLabel) != l.label {
			rd.errorf(s.name, cell(colCode, r), l, clusterscope.M("xlsx.code_label",
				r, l.code, l.label))
			continue
		}
		loc.rows[i] = r
	}
	for j, y := range s.years {
		loc.yearCol[y] = colValue + j
	}
	for i, l := range s.lines {
		r, ok := loc.rows[i]
		if l.code != codeYears || !ok {
			continue
		}
		for j, y := range s.years {
			if c := g.findCol(r, strconv.Itoa(y)); c > 0 {
				loc.yearCol[y] = c
				continue
			}
			rd.problem(clusterscope.SevError, s.name, cell(colValue+j, r), "", "", clusterscope.M("xlsx.year_header", y))
		}
	}
	return loc
}

// values reads the values of the located lines.
func (rd *reader) values(loc *located) {
	sh := loc.s.name
	for i, l := range loc.s.lines {
		r, ok := loc.rows[i]
		if !ok || loc.merged[r] {
			continue
		}
		switch {
		case l.typ == lineOwn:
			rd.own(loc, l, r)
		case l.typ != lineValue:
		case l.years == nil && rd.fm.kind == FollowUp:
			rd.value(sh, cell(colValue, r), r, l, rd.report)
		case l.years == nil:
			rd.value(sh, cell(colValue, r), r, l, 0)
		default:
			for _, y := range l.years {
				rd.value(sh, cell(loc.yearCol[y], r), r, l, y)
			}
		}
	}
}

// value reads one input cell of a line as the value of the year.
func (rd *reader) value(sh, ref string, row int, l line, year int) {
	rd.cells.mark(l.field, year, sh, ref) // a blank cell too: Validate may report it missing
	v, ok := rd.cellValue(sh, ref, l)
	if !ok {
		return
	}
	if v == "" && (l.kind != clusterscope.KindCheck || rd.fm.kind != Application) {
		if l.required {
			rd.errorf(sh, ref, l, missing(l.kind))
		}
		return
	}
	rd.observe(sh, ref, row, l, l.field, year, v)
}

// observe types a value through the catalog, as the CSV reader does.
func (rd *reader) observe(sh, ref string, row int, l line, field string, year int, v string) {
	rd.cells.mark(field, year, sh, ref)
	o, err := rd.cat.Observe(rd.id, rd.batch, field, year, v)
	if err != nil {
		ee := clusterscope.AsEntryError(err)
		rd.problem(clusterscope.SevError, sh, ref, field, cmp.Or(l.label, ee.Label), ee.Says)
		return
	}
	o.Line = row
	rd.obs = append(rd.obs, o)
}

// cellValue returns the text of an input cell as the CSV would have it:
// numbers in full, dates as 2006-01-02, percentages typed with % as their
// number of percent. ok is false, with a problem, for a formula, an error or
// a number that cannot be the value.
func (rd *reader) cellValue(sh, ref string, l line) (string, bool) {
	c := rd.grids[sh].at(ref)
	if c.formula { // excelize spells out a shared formula, decoding the sheet again: only for a cell with one
		if fm, _ := rd.f.GetCellFormula(sh, ref); fm != "" {
			rd.errorf(sh, ref, l, clusterscope.M("xlsx.formula", fm))
			return "", false
		}
	}
	if c.bad {
		rd.errorf(sh, ref, l, clusterscope.M("xlsx.cell_unreadable"))
		return "", false
	}
	raw := strings.TrimSpace(c.value)
	switch c.typ {
	case "e":
		rd.errorf(sh, ref, l, clusterscope.M("xlsx.error_value", raw))
		return "", false
	case "b":
		if raw == "1" {
			return "true", true
		}
		return "false", true
	case "d": // an ISO 8601 date cell
		if l.kind == clusterscope.KindDate && len(raw) >= 10 {
			return raw[:10], true
		}
	case "s", "str", "inlineStr":
	default: // a number, or a type excelize does not know
		if v, err := strconv.ParseFloat(raw, 64); err == nil && raw != "" {
			return rd.number(sh, ref, c, raw, v, l)
		}
	}
	if percentUnit(l) { // "78%" typed as text is the percent typed
		raw = strings.TrimSpace(strings.TrimSuffix(raw, "%"))
	}
	return raw, true
}

// number is the text of a numeric cell for the line: a date serial becomes
// a date, a percent is judged (percent), and binary noise beyond 15 digits
// (0.30000000000000004) is dropped. ok is false, with a problem, for a
// number that cannot be the value.
func (rd *reader) number(sh, ref string, c xcell, raw string, v float64, l line) (string, bool) {
	switch {
	case l.kind == clusterscope.KindDate:
		if shown := rd.shown(sh, ref, c); shown != raw {
			if t, _, err := clusterscope.ParseValue(l.kind, shown); err == nil {
				return t, true // keeps the precision the format shows: 2015年6月 stays a month
			}
		}
		if v < 1 || v >= 2958466 { // not 1900-01-01 .. 9999-12-31
			return raw, true
		}
		t, err := excelize.ExcelDateToTime(v, rd.date1904)
		if err != nil {
			return raw, true
		}
		date := t.Format("2006-01-02")
		if _, _, err := clusterscope.ParseValue(l.kind, date); err != nil { // a year typed alone: 2009 is 1905-07-01
			rd.errorf(sh, ref, l, clusterscope.M("xlsx.year_as_date", raw, raw, date, dateExample(v)))
			return "", false
		}
		return date, true
	case l.kind.Numeric():
		var ok bool
		if v, ok = rd.percent(sh, ref, c, v, l); !ok {
			return "", false
		}
	}
	return strconv.FormatFloat(v, 'g', 15, 64), true
}

// dateExample is a date for the message on a number that is no date: the
// year typed, when it is one.
func dateExample(v float64) string {
	if y := int(v); float64(y) == v && y >= 1949 && y <= 2100 {
		return strconv.Itoa(y) + "-06-01"
	}
	return "2015-06-30"
}

// own reads a row of an applicant's own target: name, unit, code, direction
// and the yearly values.
func (rd *reader) own(loc *located, l line, r int) {
	sh := loc.s.name
	text := line{kind: clusterscope.KindText, label: "自定指标"}
	get := func(col int, k clusterscope.Kind) (string, bool) {
		return rd.cellValue(sh, cell(col, r), line{kind: k, label: text.label})
	}
	label, ok1 := get(colLabel, clusterscope.KindText)
	unit, ok2 := get(colUnit, clusterscope.KindText)
	code, ok3 := get(colExtra, clusterscope.KindText)
	dir, ok4 := get(colNote, clusterscope.KindText)
	vals, okv, empty := make([]string, len(l.years)), true, label == "" && unit == "" && code == "" && dir == ""
	num := line{kind: clusterscope.KindNumber, unit: unit, label: text.label} // its unit tells a percent
	if label != "" && code != "" {
		num.label, num.field = "目标："+label, "target."+code
	}
	for j, y := range l.years {
		var ok bool
		vals[j], ok = rd.cellValue(sh, cell(loc.yearCol[y], r), num)
		okv = okv && ok
		empty = empty && vals[j] == ""
	}
	if empty || !(ok1 && ok2 && ok3 && ok4 && okv) {
		return
	}
	text.label = "目标：" + label
	if code == "" {
		rd.errorf(sh, cell(colExtra, r), text, clusterscope.M("xlsx.own_code_missing"))
		return
	}
	field := "target." + code
	text.field = field
	if rd.cat.Target(code) != nil {
		rd.errorf(sh, cell(colExtra, r), text, clusterscope.M("xlsx.own_code_taken", code))
		return
	}
	if prev, dup := rd.owns[code]; dup {
		rd.errorf(sh, cell(colExtra, r), text, clusterscope.M("xlsx.own_code_twice", code, prev))
		return
	}
	if rd.owns == nil {
		rd.owns = map[string]int{}
	}
	rd.owns[code] = r
	rd.observe(sh, cell(colLabel, r), r, text, field+":label", 0, label)
	if unit != "" {
		rd.observe(sh, cell(colUnit, r), r, text, field+":unit", 0, unit)
	}
	switch dir {
	case "":
	case "越高越好", "up":
		rd.observe(sh, cell(colNote, r), r, text, field+":direction", 0, "up")
	case "越低越好", "down":
		rd.observe(sh, cell(colNote, r), r, text, field+":direction", 0, "down")
	default:
		rd.errorf(sh, cell(colNote, r), text, clusterscope.M("xlsx.bad_direction", dir, "越高越好", "越低越好"))
	}
	for j, y := range l.years {
		ref := cell(loc.yearCol[y], r)
		if vals[j] == "" {
			rd.errorf(sh, ref, text, clusterscope.M("form.own_value_missing", y))
			continue
		}
		rd.observe(sh, ref, r, text, field, y, vals[j])
	}
}

// missing is the message for an empty required cell of the kind.
func missing(k clusterscope.Kind) clusterscope.Message {
	switch {
	case k.Numeric():
		return clusterscope.M("xlsx.missing_number")
	case k.MaxChars() > 0 || k == clusterscope.KindText:
		return clusterscope.M("form.missing_text", "无")
	}
	return clusterscope.M("form.missing")
}

// merges are the merged ranges the template writes on the sheet: the title,
// notes and headings across the sheet, a header over single values, and a
// text's input cell across the value columns.
func (s *sheet) merges() map[string]bool {
	m := map[string]bool{}
	add := func(from, to, row int) {
		if to > from {
			m[cell(from, row)+":"+cell(to, row)] = true
		}
	}
	last := s.lastCol()
	add(colLabel, last, 1)
	for i, l := range s.lines {
		r := s.row(i)
		switch l.typ {
		case lineNote, lineGroup:
			add(colLabel, last, r)
		case lineHeader:
			if s.years == nil {
				add(colValue, colValue+s.cols-1, r)
			}
		case lineValue, lineMeta:
			if l.years == nil {
				add(colValue, valueEnd(s, l), r)
			}
		}
	}
	return m
}

// checkMerges refuses merged cells the template does not have: a merged
// range reads as its top-left value in every cell, so merging the year
// cells of a row would silently repeat one year's value in the others.
func (rd *reader) checkMerges(loc *located) {
	s := loc.s
	want := s.merges()
	for _, mc := range rd.grids[s.name].merges {
		ref := strings.ToUpper(strings.ReplaceAll(mc, "$", ""))
		from, to, _ := strings.Cut(ref, ":")
		if want[ref] || to == "" || to == from {
			continue
		}
		_, row, _ := excelize.CellNameToCoordinates(from)
		l := line{}
		for i, r := range loc.rows {
			if r == row {
				l = s.lines[i]
			}
		}
		_, last, _ := excelize.CellNameToCoordinates(to)
		for r := row; r <= last; r++ {
			loc.merged[r] = true
		}
		rd.errorf(s.name, from, l, clusterscope.M("xlsx.merged", ref))
	}
}
