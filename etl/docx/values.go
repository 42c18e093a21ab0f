package docx

import (
	"regexp"
	"strings"
	"unicode"

	"clusterscope"
)

// fold turns full-width letters, digits and signs into their ASCII forms
// and the ideographic space into a space, as a person reads them.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000 || r == 0xA0:
		return ' '
	}
	return r
}

func foldString(s string) string { return strings.Map(fold, s) }

// norm is a label as compared: widths folded, spaces and quotes gone, a
// trailing colon dropped, lower case. Labels match when their norms do, so
// a line broken differently, a full-width bracket or a space typed in does
// not hide a row.
func norm(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = fold(r)
		switch {
		case unicode.IsSpace(r), r == '"', r == '\'', r == '“', r == '”', r == '‘', r == '’':
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimRight(b.String(), ":")
}

// boxOf tells whether r shows a box, and which: ☐ □ empty; ☑ ☒ ■ √ ✓ ✔
// ticked.
func boxOf(r rune) (rune, bool) {
	switch r {
	case '☐', '□', '◻', '⬜', '▢':
		return boxOff, true
	case '☑', '☒', '■', '√', '✓', '✔', '▣', '◼', '⬛', '✅':
		return boxOn, true
	}
	return 0, false
}

// segment is a box in a cell and the text after it, up to the next box.
type segment struct {
	on   bool
	text string
}

// segments splits a cell's text at its boxes; pre is the text before the
// first one.
func segments(s string) (pre string, segs []segment) {
	var cur *segment
	var b strings.Builder
	flush := func() {
		if cur == nil {
			pre = b.String()
		} else {
			cur.text = b.String()
			segs = append(segs, *cur)
		}
		b.Reset()
	}
	for _, r := range s {
		if box, ok := boxOf(r); ok {
			flush()
			cur = &segment{on: box == boxOn}
			continue
		}
		b.WriteRune(r)
	}
	flush()
	return pre, segs
}

// ticked reads the ☐ options of a cell: for each option whether it is
// found with a box and whether the box is ticked. A tick typed after an
// option (是√) counts for it; an option written alone, without boxes in
// the cell, counts as chosen.
func ticked(text string, opts []option) (found, on []bool) {
	found, on = make([]bool, len(opts)), make([]bool, len(opts))
	pre, segs := segments(text)
	match := func(s string) int {
		s = norm(s)
		best, n := -1, 0
		for i, o := range opts {
			if t := norm(o.text); strings.HasPrefix(s, t) && len(t) > n {
				best, n = i, len(t)
			}
		}
		return best
	}
	if len(segs) == 0 {
		if i := match(pre); i >= 0 && norm(pre) == norm(opts[i].text) {
			found[i], on[i] = true, true
		}
		return found, on
	}
	before := pre
	for _, sg := range segs {
		if strings.TrimSpace(sg.text) == "" && sg.on { // 是√: the tick after an option
			for i, o := range opts {
				if strings.HasSuffix(norm(before), norm(o.text)) {
					found[i], on[i] = true, true
				}
			}
		}
		if i := match(sg.text); i >= 0 {
			found[i] = true
			on[i] = on[i] || sg.on
		}
		before = sg.text
	}
	return found, on
}

var (
	thousands = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$`)
	plainNum  = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)$`)
	numPrefix = regexp.MustCompile(`^[+-]?[\d,]*\.?\d*`)
)

// countUnits are the words a count may be written with: 12家, 3项.
var countUnits = []string{"个", "家", "项", "件", "人", "名", "户"}

// numberText makes what a person typed for a number of the kind and unit
// into the number the catalog parses: widths folded, the row's own unit
// (亿元, %) dropped, thousands separators checked and dropped, 无 as 0.
// warn is said when 无 is read as 0 for a number that is not a count; msg
// is the problem when the text cannot be the row's number.
func numberText(raw string, k clusterscope.Kind, unit string) (v string, warn, msg clusterscope.Message) {
	s := strings.TrimSpace(foldString(raw))
	s = strings.TrimRight(s, "。.")
	if s == "无" || s == "没有" {
		if k == clusterscope.KindCount {
			return "0", warn, msg
		}
		return "0", clusterscope.M("docx.none_as_zero", "无"), msg
	}
	units := []string{unit}
	if k == clusterscope.KindPercent {
		units = append(units, "%")
	}
	if k == clusterscope.KindCount {
		units = append(units, countUnits...)
	}
	for _, u := range units {
		if u != "" && strings.HasSuffix(s, u) {
			s = strings.TrimSpace(strings.TrimSuffix(s, u))
			break
		}
	}
	switch {
	case plainNum.MatchString(s):
		return s, warn, msg
	case thousands.MatchString(s):
		return strings.ReplaceAll(s, ",", ""), warn, msg
	case strings.Contains(s, ",") && plainNum.MatchString(strings.ReplaceAll(s, ",", "")):
		return "", warn, clusterscope.M("docx.bad_thousands", raw)
	}
	if num := numPrefix.FindString(s); num != "" && plainNum.MatchString(strings.ReplaceAll(num, ",", "")) {
		if u := strings.TrimSpace(s[len(num):]); u != "" {
			if unit != "" {
				return "", warn, clusterscope.M("docx.other_unit", raw, u, unit, unit)
			}
			return "", warn, clusterscope.M("docx.with_unit", raw, u)
		}
	}
	return raw, warn, msg // the catalog says what is wrong
}

// dateText folds a date's widths and reads 2022.9.30 as 2022/9/30.
func dateText(raw string) string {
	s := strings.TrimSpace(foldString(raw))
	if strings.Count(s, ".") >= 1 && !strings.ContainsAny(s, "-/年") {
		s = strings.ReplaceAll(s, ".", "/")
	}
	return s
}
