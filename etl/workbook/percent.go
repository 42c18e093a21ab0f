package workbook

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"

	"clusterscope"
)

// Calc and Excel store "83%" typed into a cell as 0.83. In a General cell
// they also give the cell a percent number format, which tells what was
// typed; in a cell with a number format of its own (the first templates'
// 0.00) Calc keeps that format and shows 0.83, and only the value is left
// to judge. This is why the template's percent cells are General.

// stylesPart is where excelize reads the cell styles from, whatever the
// package's relationships say.
const stylesPart = "xl/styles.xml"

// builtInFormats are the built-in number formats the reader tells apart.
var builtInFormats = map[int]string{0: "General", 9: "0%", 10: "0.00%"}

// numFmt is the number format code of a cell style, "" when unknown.
func (rd *reader) numFmt(style int) string {
	if rd.fmts == nil {
		var ss struct {
			NumFmts []struct {
				ID   int    `xml:"numFmtId,attr"`
				Code string `xml:"formatCode,attr"`
			} `xml:"numFmts>numFmt"`
			Xfs []struct {
				ID int `xml:"numFmtId,attr"`
			} `xml:"cellXfs>xf"`
		}
		xml.Unmarshal(part(rd.f, stylesPart), &ss) // no styles: every cell General
		custom := map[int]string{}
		for _, n := range ss.NumFmts {
			custom[n.ID] = n.Code
		}
		rd.fmts = []string{}
		for _, x := range ss.Xfs {
			code, ok := custom[x.ID]
			if !ok {
				code = builtInFormats[x.ID]
			}
			rd.fmts = append(rd.fmts, code)
		}
	}
	if style < 0 || style >= len(rd.fmts) {
		return builtInFormats[0] // excelize too shows a cell of an unknown style unformatted
	}
	return rd.fmts[style]
}

// percentFormat reports whether a number format multiplies by 100: a % that
// is not quoted ("%"), escaped (\%) or inside brackets, which show it as is.
func percentFormat(code string) bool {
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\':
			i++
		case c == '[':
			bracket = true
		case c == ']':
			bracket = false
		case c == '%' && !bracket:
			return true
		}
	}
	return false
}

// percentUnit reports whether the line's values are in %.
func percentUnit(l line) bool {
	return l.kind == clusterscope.KindPercent || l.unit == "%"
}

// percent judges a number cell of a line in % or with a percent format; v
// is its stored value. It returns the value in the line's unit, or ok false
// with an error. A percent format is read as the percent typed, and said
// so; a value below 1 that is, or may be, a typed percent is refused: only
// in a General cell does a typed % leave its format (the current template's
// percent cells are General).
func (rd *reader) percent(sh, ref string, c xcell, v float64, l line) (float64, bool) {
	format, unit := rd.numFmt(c.style), percentUnit(l)
	raw, typed := numText(v), numText(v*100)
	switch {
	case percentFormat(format) && unit:
		rd.problem(clusterscope.SevWarning, sh, ref, l.field, l.label,
			clusterscope.M("xlsx.percent_read", typed, raw, typed))
		return v * 100, true
	case percentFormat(format):
		rd.errorf(sh, ref, l, clusterscope.M("xlsx.percent_not_share", typed, raw, unitName(l)))
		return 0, false
	case !unit || v == 0 || math.Abs(v) >= 1:
		return v, true
	case decimals(raw) > 2 && decimals(typed) <= 2:
		rd.errorf(sh, ref, l, clusterscope.M("xlsx.percent_decimals", raw, decimals(raw), typed, typed))
		return 0, false
	case !strings.EqualFold(format, builtInFormats[0]): // the format hides a typed %: in doubt
		rd.errorf(sh, ref, l, clusterscope.M("xlsx.percent_hidden", raw, typed, typed, raw))
		return 0, false
	}
	return v, true
}

// numText is a number as the reader writes it: without the binary noise
// beyond 15 digits (0.8402 is stored as 0.84019999999999995), no exponent.
func numText(v float64) string {
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// decimals is the number of digits after the point of numText's text.
func decimals(s string) int {
	_, frac, _ := strings.Cut(s, ".")
	return len(frac)
}

// unitName is the unit of a line for a message.
func unitName(l line) any {
	if l.unit != "" {
		return l.unit
	}
	return clusterscope.M("xlsx.no_unit")
}
