package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// The body of word/document.xml as a reader sees it: paragraphs and
// tables, each cell with its visible text, its grid columns and whether it
// continues a vertical merge. Text a person does not see is left out
// (deleted and moved-away revisions, hidden runs, field codes, a content
// control's placeholder, text boxes, the fallback of alternate content);
// hidden text is kept apart, where the writer tags own targets.

// Namespaces of WordprocessingML: transitional and strict.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsW14     = "http://schemas.microsoft.com/office/word/2010/wordml"
)

// Boxes in the text: every way of showing a ticked or an empty box is
// read as one of these two.
const (
	boxOn  = '☑'
	boxOff = '☐'
)

type block struct {
	para *para
	tbl  *dtable
}

type para struct {
	text   string
	hidden string
}

type dtable struct {
	cols int // the grid's columns
	rows []*drow
}

type drow struct {
	tbl   *dtable
	cells []*dcell
}

type dcell struct {
	text       string
	hidden     string
	start, end int  // grid columns [start, end)
	merged     bool // continues the vertical merge above: text is the merge's
	nested     bool // holds a table
	conflict   bool // a checkbox content control shows a box other than its state
}

type parser struct {
	d     *xml.Decoder
	depth int
}

// errTooDeep refuses nesting no document has: parsing is recursive.
var errTooDeep = errors.New("docx: elements nested too deep")

const maxDepth = 200

// parseBody reads document.xml's body.
func parseBody(data []byte) ([]block, error) {
	p := &parser{d: xml.NewDecoder(bytes.NewReader(data))}
	p.d.Strict = true
	for {
		tok, err := p.d.Token()
		if err == io.EOF {
			return nil, errors.New("docx: no w:body")
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && isW(se.Name) && se.Name.Local == "body" {
			return p.blocks(se)
		}
	}
}

func isW(n xml.Name) bool { return n.Space == nsW || n.Space == nsWStrict }

// attr is the value of a w: attribute (or any of that local name).
func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// on is whether a toggle element (w:vanish, w14:checked) is on.
func on(se xml.StartElement) bool {
	v, ok := attr(se, "val")
	return !ok || v == "1" || v == "true" || v == "on"
}

// blocks reads the paragraphs and tables inside a container (body, sdt
// content, a cell) up to its end.
func (p *parser) blocks(start xml.StartElement) ([]block, error) {
	var out []block
	err := p.outer(start, func(se xml.StartElement) error {
		switch {
		case isW(se.Name) && se.Name.Local == "p":
			pa, err := p.paragraph(se)
			if err == nil {
				out = append(out, block{para: pa})
			}
			return err
		case isW(se.Name) && se.Name.Local == "tbl":
			t, err := p.table(se)
			if err == nil {
				out = append(out, block{tbl: t})
			}
			return err
		case transparent(se):
			bs, err := p.blocks(se)
			out = append(out, bs...)
			return err
		}
		return p.d.Skip()
	})
	return out, err
}

// transparent are the elements whose content counts as if they were not
// there: content controls, custom XML, inserted and moved-here revisions.
func transparent(se xml.StartElement) bool {
	if !isW(se.Name) {
		return false
	}
	switch se.Name.Local {
	case "sdtContent", "customXml", "ins", "moveTo", "smartTag", "hyperlink", "fldSimple", "bdo", "dir":
		return true
	}
	return false
}

// children calls f for each child element of start; f must consume the
// element it is given. It returns at start's end.
func (p *parser) children(start xml.StartElement, f func(xml.StartElement) error) error {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return errTooDeep
	}
	for {
		tok, err := p.d.Token()
		if err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "AlternateContent" {
				if err := p.alternate(t, f); err != nil {
					return err
				}
				continue
			}
			if err := f(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// alternate reads the first choice of mc:AlternateContent, not the
// fallback, which repeats it.
func (p *parser) alternate(start xml.StartElement, f func(xml.StartElement) error) error {
	first := true
	return p.children(start, func(se xml.StartElement) error {
		if se.Name.Local == "Choice" && first {
			first = false
			return p.children(se, f)
		}
		return p.d.Skip()
	})
}

// outer calls f for each child element of start as children does, and for
// those inside content controls around blocks, rows or cells.
func (p *parser) outer(start xml.StartElement, f func(xml.StartElement) error) error {
	var g func(xml.StartElement) error
	g = func(se xml.StartElement) error {
		if isW(se.Name) && se.Name.Local == "sdt" {
			return p.sdtBlock(se, g)
		}
		return f(se)
	}
	return p.children(start, g)
}

// sdtBlock reads a content control around blocks, rows or cells: its
// content counts as the container's, unless it shows its placeholder.
func (p *parser) sdtBlock(start xml.StartElement, f func(xml.StartElement) error) error {
	placeholder := false
	return p.children(start, func(se xml.StartElement) error {
		switch {
		case isW(se.Name) && se.Name.Local == "sdtPr":
			sp, err := p.sdtProps(se)
			placeholder = sp.placeholder
			return err
		case isW(se.Name) && se.Name.Local == "sdtContent" && !placeholder:
			return p.children(se, f)
		}
		return p.d.Skip()
	})
}

type sdtProps struct {
	placeholder bool
	checkbox    bool
	checked     bool
}

func (p *parser) sdtProps(start xml.StartElement) (sdtProps, error) {
	var sp sdtProps
	err := p.children(start, func(se xml.StartElement) error {
		switch {
		case isW(se.Name) && se.Name.Local == "showingPlcHdr":
			sp.placeholder = on(se)
		case se.Name.Space == nsW14 && se.Name.Local == "checkbox":
			sp.checkbox = true
			return p.children(se, func(c xml.StartElement) error {
				if c.Name.Local == "checked" {
					sp.checked = on(c)
				}
				return p.d.Skip()
			})
		}
		return p.d.Skip()
	})
	return sp, err
}

func (p *parser) table(start xml.StartElement) (*dtable, error) {
	t := &dtable{}
	err := p.outer(start, func(se xml.StartElement) error {
		switch {
		case isW(se.Name) && se.Name.Local == "tblGrid":
			return p.children(se, func(c xml.StartElement) error {
				if c.Name.Local == "gridCol" {
					t.cols++
				}
				return p.d.Skip()
			})
		case isW(se.Name) && se.Name.Local == "tr":
			r, err := p.row(se, t)
			if err == nil && r != nil {
				t.rows = append(t.rows, r)
			}
			return err
		case transparent(se):
			return p.outer(se, func(c xml.StartElement) error { // rows inside a revision or custom XML
				if isW(c.Name) && c.Name.Local == "tr" {
					r, err := p.row(c, t)
					if err == nil && r != nil {
						t.rows = append(t.rows, r)
					}
					return err
				}
				return p.d.Skip()
			})
		}
		return p.d.Skip()
	})
	if err != nil {
		return nil, err
	}
	p.mergeDown(t)
	return t, nil
}

// row reads a table row; a row deleted as a tracked revision is nil.
func (p *parser) row(start xml.StartElement, t *dtable) (*drow, error) {
	r := &drow{tbl: t}
	col, deleted := 0, false
	err := p.outer(start, func(se xml.StartElement) error {
		switch {
		case isW(se.Name) && se.Name.Local == "trPr":
			return p.children(se, func(c xml.StartElement) error {
				if isW(c.Name) && c.Name.Local == "del" {
					deleted = true
				}
				if isW(c.Name) && c.Name.Local == "gridBefore" {
					if v, ok := attr(c, "val"); ok {
						col += atoiSmall(v)
					}
				}
				return p.d.Skip()
			})
		case isW(se.Name) && se.Name.Local == "tc":
			c, err := p.cell(se)
			if err != nil {
				return err
			}
			c.start = col
			col += max(1, c.end)
			c.end = col
			r.cells = append(r.cells, c)
			return nil
		}
		return p.d.Skip()
	})
	if deleted {
		return nil, err
	}
	return r, err
}

func atoiSmall(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1000 {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// cell reads a table cell; its end holds its grid span until row sets it.
func (p *parser) cell(start xml.StartElement) (*dcell, error) {
	c := &dcell{end: 1}
	var text, hidden []string
	err := p.outer(start, func(se xml.StartElement) error {
		switch {
		case isW(se.Name) && se.Name.Local == "tcPr":
			return p.children(se, func(x xml.StartElement) error {
				switch {
				case isW(x.Name) && x.Name.Local == "gridSpan":
					if v, ok := attr(x, "val"); ok {
						c.end = max(1, atoiSmall(v))
					}
				case isW(x.Name) && x.Name.Local == "vMerge":
					v, _ := attr(x, "val")
					c.merged = v != "restart"
				}
				return p.d.Skip()
			})
		case isW(se.Name) && se.Name.Local == "p":
			pa, err := p.paragraph(se)
			if err == nil {
				text, hidden = append(text, pa.text), append(hidden, pa.hidden)
			}
			return err
		case isW(se.Name) && se.Name.Local == "tbl":
			t, err := p.table(se)
			if err == nil {
				c.nested = true
				for _, r := range t.rows {
					for _, x := range r.cells {
						text = append(text, x.text)
					}
				}
			}
			return err
		case transparent(se):
			bs, err := p.blocks(se)
			for _, b := range bs {
				if b.para != nil {
					text, hidden = append(text, b.para.text), append(hidden, b.para.hidden)
				} else {
					c.nested = true
				}
			}
			return err
		}
		return p.d.Skip()
	})
	c.text = strings.Join(text, "\n")
	c.hidden = strings.Join(hidden, "")
	c.conflict = strings.ContainsRune(c.text, conflictMark)
	c.text = strings.ReplaceAll(c.text, string(conflictMark), "")
	return c, err
}

// mergeDown gives each cell that continues a vertical merge the text of the
// cell that starts it, in the same grid column above.
func (p *parser) mergeDown(t *dtable) {
	for i, r := range t.rows {
		for _, c := range r.cells {
			if !c.merged {
				continue
			}
			c.text, c.hidden = "", ""
			for j := i - 1; j >= 0; j-- { // rows above are done: a merged one has the merge's text
				if above := t.rows[j].at(c.start); above != nil {
					c.text, c.hidden = above.text, above.hidden
					break
				}
			}
		}
	}
}

// at is the cell of the row that starts at grid column col, or nil.
func (r *drow) at(col int) *dcell {
	for _, c := range r.cells {
		if c.start == col {
			return c
		}
	}
	return nil
}
