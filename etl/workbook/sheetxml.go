package workbook

import (
	"encoding/xml"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// A worksheet is read in one pass over its XML into the cells the reader
// looks up. Asking excelize instead reads a sheet twice (GetRows streams it,
// the first cell lookup decodes all of it again) and then walks the sheet's
// rows and merged ranges on every lookup. The values are excelize's raw
// values: shared and inline strings resolved, everything else as stored.

// xcell is one stored cell.
type xcell struct {
	typ     string // the t attribute: "" or n a number, s, str, inlineStr, b, d, e
	style   int
	value   string // the raw value
	formula bool   // has an f element
	bad     bool   // a shared string that is not in the table
}

type pos struct{ row, col int }

// grid is one worksheet as read: its cells and its merged ranges.
type grid struct {
	cells      map[pos]xcell
	rows, cols int      // the last row and column with a cell
	merges     []string // merged ranges as written, e.g. D4:F4
	tops       []mergeTop
}

// mergeTop is a merged range and its top-left cell, whose value every cell
// of the range reads as.
type mergeTop struct{ from, to, top pos }

// text is the trimmed value of a cell itself, merged or not; row and col from 1.
func (g *grid) text(row, col int) string {
	return strings.TrimSpace(g.cells[pos{row, col}].value)
}

// findCol returns the first column from D of the row whose text is text, or 0.
func (g *grid) findCol(row int, text string) int {
	for c := colValue; c <= g.cols; c++ {
		if g.text(row, c) == text {
			return c
		}
	}
	return 0
}

// at is the cell at ref as excelize's GetCell* functions see it: a cell
// inside a merged range is the range's top-left cell.
func (g *grid) at(ref string) xcell {
	col, row, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		return xcell{}
	}
	p := pos{row, col}
	for _, m := range g.tops {
		if p.row >= m.from.row && p.row <= m.to.row && p.col >= m.from.col && p.col <= m.to.col {
			p = m.top
			break
		}
	}
	return g.cells[p]
}

// maxRows is the most rows a worksheet has.
const maxRows = 1 << 20

// readGrid reads a worksheet part. sst is the shared string table; sstErr
// why it could not be read. Like excelize, it stops at the end of the root
// element and refuses XML that is not well formed, a row number out of range
// or a bad cell reference; an empty part is an empty sheet.
func readGrid(data []byte, sst []string, sstErr error) (*grid, error) {
	return gridWith(walk, data, sst, sstErr)
}

func gridWith(walk walker, data []byte, sst []string, sstErr error) (*grid, error) {
	g := &grid{cells: map[pos]xcell{}}
	var (
		c        xcell
		at       pos
		dst      *string // where the current element's text goes
		isT, isR string  // an inline string's text and its runs' text
		inline   bool
		row, col int
		bad      error
	)
	start := func(e xml.StartElement, up func(int) string) {
		dst = nil
		switch name, parent := e.Name.Local, up(1); {
		case parent == "" && (name != "worksheet" || !mainNS(e)):
			bad = errors.New("not a worksheet")
		case name == "row" && parent == "sheetData":
			r, err := num(attr(e, "r"))
			switch {
			case err != nil || r < 0 || r > maxRows:
				bad = errors.New("bad row number")
			case r == 0:
				row++
			default:
				row = r
			}
			col = 0
		case name == "c" && parent == "row":
			col++
			c, at, isT, isR, inline = xcell{}, pos{row, col}, "", "", false
			for _, a := range e.Attr {
				var err error
				switch a.Name.Local {
				case "r": // its row is the row element's, as for GetRows
					at.col, _, err = excelize.CellNameToCoordinates(a.Value)
					col = at.col
				case "s":
					c.style, err = num(a.Value)
				case "t":
					c.typ = a.Value
				}
				if err != nil {
					bad = err
				}
			}
		case parent == "c" && up(2) == "row":
			switch name {
			case "v":
				dst = &c.value
			case "f":
				c.formula = true
			case "is":
				inline = true
			}
		case name == "t" && parent == "is" && up(2) == "c":
			isT, dst = "", &isT // the last one counts, as when excelize decodes it
		case name == "t" && parent == "r" && up(2) == "is" && up(3) == "c":
			dst = &isR
		case name == "mergeCell" && parent == "mergeCells":
			g.merge(attr(e, "ref"))
		}
	}
	end := func(name string, up func(int) string) {
		dst = nil
		if name != "c" || up(1) != "row" || at.row < 1 {
			return
		}
		switch {
		case c.typ == "s" && c.value != "":
			i, _ := strconv.Atoi(strings.TrimSpace(c.value)) // excelize reads a bad index as 0
			c.bad = sstErr != nil || i < 0 || i >= len(sst)
			if c.value = ""; !c.bad {
				c.value = sst[i]
			}
		case c.typ == "inlineStr" && inline:
			c.value = bstr(isT + isR)
		}
		if _, dup := g.cells[at]; !dup {
			g.cells[at] = c
			g.rows, g.cols = max(g.rows, at.row), max(g.cols, at.col)
		}
	}
	text := func(b []byte) {
		if dst != nil {
			*dst += string(b)
		}
	}
	if err := walk(data, start, end, text); err != nil {
		return nil, err
	}
	return g, bad
}

// merge adds a merged range; a range that does not parse is listed but
// moves no cell.
func (g *grid) merge(ref string) {
	g.merges = append(g.merges, ref)
	first, last, ok := strings.Cut(ref, ":")
	if !ok {
		last = first
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(first)
	c2, r2, err2 := excelize.CellNameToCoordinates(last)
	if err1 != nil || err2 != nil {
		return
	}
	g.tops = append(g.tops, mergeTop{from: pos{min(r1, r2), min(c1, c2)}, to: pos{max(r1, r2), max(c1, c2)}, top: pos{r1, c1}})
}

// sharedStrings reads the shared string table: each item's text and its
// runs' text, without phonetic runs, as excelize gives it.
func sharedStrings(data []byte) ([]string, error) {
	return stringsWith(walk, data)
}

func stringsWith(walk walker, data []byte) ([]string, error) {
	var (
		sst  []string
		t, r string
		dst  *string
		bad  error
	)
	start := func(e xml.StartElement, up func(int) string) {
		dst = nil
		switch name := e.Name.Local; {
		case up(1) == "" && (name != "sst" || !mainNS(e)):
			bad = errors.New("not a shared string table")
		case name == "si" && up(1) == "sst":
			t, r = "", ""
		case name == "t" && up(1) == "si" && up(2) == "sst":
			t, dst = "", &t
		case name == "t" && up(1) == "r" && up(2) == "si" && up(3) == "sst":
			dst = &r
		}
	}
	end := func(name string, up func(int) string) {
		dst = nil
		if name == "si" && up(1) == "sst" {
			sst = append(sst, bstr(t+r))
		}
	}
	text := func(b []byte) {
		if dst != nil {
			*dst += string(b)
		}
	}
	if err := walk(data, start, end, text); err != nil {
		return nil, err
	}
	return sst, bad
}

// mainNS reports whether the root element is in SpreadsheetML's namespace,
// transitional or strict, which excelize requires of a part it decodes.
func mainNS(e xml.StartElement) bool {
	for _, a := range e.Attr {
		if e.Name.Space == "" && a.Name == (xml.Name{Local: "xmlns"}) || a.Name == (xml.Name{Space: "xmlns", Local: e.Name.Space}) {
			return a.Value == "http://schemas.openxmlformats.org/spreadsheetml/2006/main" ||
				a.Value == "http://purl.oclc.org/ooxml/spreadsheetml/main"
		}
	}
	return false
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// num parses a number attribute as encoding/xml does: trimmed, "" is 0.
func num(v string) (int, error) {
	if v = strings.TrimSpace(v); v == "" {
		return 0, nil
	}
	return strconv.Atoi(v)
}

var bstrExp = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// bstr decodes the _xHHHH_ escapes of characters XML cannot hold, and
// _x005F_ for a literal underscore, as excelize does.
func bstr(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return bstrExp.ReplaceAllStringFunc(s, func(m string) string {
		if m == "_x005F_" {
			return "_"
		}
		v, _ := strconv.Unquote(`"\u` + m[2:6] + `"`)
		return v
	})
}
