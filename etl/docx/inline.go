package docx

import (
	"encoding/xml"
	"strings"
)

// The text of a paragraph: its runs, inline content controls (a checkbox
// is its box), legacy form checkboxes and the boxes of symbol fonts.

// conflictMark marks in a cell's text a checkbox whose box and state differ.
const conflictMark = '\uFFFC'

// runState is what a run's properties say about its text.
type runState struct {
	hidden bool
	font   string // a symbol font's name, lower case
}

// paragraph reads a paragraph's visible and hidden text.
func (p *parser) paragraph(start xml.StartElement) (*para, error) {
	var vis, hid strings.Builder
	err := p.inline(start, &vis, &hid)
	return &para{text: vis.String(), hidden: hid.String()}, err
}

// inline reads the runs inside a paragraph or an inline container.
func (p *parser) inline(start xml.StartElement, vis, hid *strings.Builder) error {
	return p.children(start, func(se xml.StartElement) error {
		switch {
		case isW(se.Name) && se.Name.Local == "r":
			return p.run(se, vis, hid)
		case isW(se.Name) && se.Name.Local == "sdt":
			return p.sdtInline(se, vis, hid)
		case transparent(se):
			return p.inline(se, vis, hid)
		}
		return p.d.Skip()
	})
}

// sdtInline reads a content control inside a paragraph: a checkbox is its
// box (its state; a box shown otherwise is marked as a conflict), anything
// else its content, unless that is the placeholder.
func (p *parser) sdtInline(start xml.StartElement, vis, hid *strings.Builder) error {
	var sp sdtProps
	var content, ignored strings.Builder
	err := p.children(start, func(se xml.StartElement) error {
		switch {
		case isW(se.Name) && se.Name.Local == "sdtPr":
			var err error
			sp, err = p.sdtProps(se)
			return err
		case isW(se.Name) && se.Name.Local == "sdtContent":
			return p.inline(se, &content, &ignored)
		}
		return p.d.Skip()
	})
	switch {
	case sp.checkbox:
		box := boxOff
		if sp.checked {
			box = boxOn
		}
		vis.WriteRune(box)
		shown := []rune(strings.TrimSpace(content.String()))
		if len(shown) == 1 {
			if b, ok := boxOf(shown[0]); ok && b != box {
				vis.WriteRune(conflictMark)
			}
		}
	case !sp.placeholder:
		vis.WriteString(content.String())
		hid.WriteString(ignored.String())
	}
	return err
}

// run reads one run's text.
func (p *parser) run(start xml.StartElement, vis, hid *strings.Builder) error {
	var st runState
	return p.children(start, func(se xml.StartElement) error {
		out := vis
		if st.hidden {
			out = hid
		}
		if !isW(se.Name) {
			return p.d.Skip()
		}
		switch se.Name.Local {
		case "rPr":
			return p.children(se, func(x xml.StartElement) error {
				switch x.Name.Local {
				case "vanish", "specVanish":
					st.hidden = on(x)
				case "rFonts":
					for _, a := range x.Attr {
						if f := strings.ToLower(a.Value); strings.HasPrefix(f, "wingdings") {
							st.font = f
						}
					}
				}
				return p.d.Skip()
			})
		case "t":
			var s string
			if err := p.d.DecodeElement(&s, &se); err != nil {
				return err
			}
			if st.font != "" {
				s = symbolText(st.font, s)
			}
			out.WriteString(s)
			return nil
		case "tab", "ptab":
			out.WriteByte('\t')
		case "br", "cr":
			out.WriteByte('\n')
		case "noBreakHyphen":
			out.WriteByte('-')
		case "sym":
			font, _ := attr(se, "font")
			ch, _ := attr(se, "char")
			out.WriteString(symbolChar(strings.ToLower(font), ch))
		case "fldChar":
			return p.formCheckbox(se, out)
		}
		return p.d.Skip()
	})
}

// formCheckbox reads a legacy form field's checkbox (FORMCHECKBOX) at the
// start of its field.
func (p *parser) formCheckbox(start xml.StartElement, out *strings.Builder) error {
	if t, _ := attr(start, "fldCharType"); t != "begin" {
		return p.d.Skip()
	}
	return p.children(start, func(se xml.StartElement) error {
		if se.Name.Local != "ffData" {
			return p.d.Skip()
		}
		return p.children(se, func(x xml.StartElement) error {
			if x.Name.Local != "checkBox" {
				return p.d.Skip()
			}
			checked, set := false, false
			err := p.children(x, func(y xml.StartElement) error {
				switch y.Name.Local {
				case "checked":
					checked, set = on(y), true
				case "default":
					if !set {
						checked = on(y)
					}
				}
				return p.d.Skip()
			})
			if checked {
				out.WriteRune(boxOn)
			} else {
				out.WriteRune(boxOff)
			}
			return err
		})
	})
}

// Symbol fonts' boxes and ticks: Word's Insert › Symbol writes w:sym, and
// typing in the font writes the letters.
var symbols = map[string]map[rune]rune{
	"wingdings":   {0xFE: boxOn, 0xFD: boxOn, 0xFC: boxOn, 0xFB: boxOn, 0x78: boxOn, 0xA8: boxOff, 0x6F: boxOff, 0x71: boxOff},
	"wingdings 2": {'R': boxOn, 'T': boxOn, 'S': boxOn, 'P': boxOn, 'O': boxOn, 'Q': boxOn, 0xA3: boxOff, '*': boxOff},
}

func symbolText(font, s string) string {
	m := symbols[font]
	if m == nil {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if x, ok := m[r]; ok {
			r = x
		}
		b.WriteRune(r)
	}
	return b.String()
}

// symbolChar is the character of a w:sym (its char in hex, F0xx for a
// symbol font's xx).
func symbolChar(font, hex string) string {
	var n rune
	for _, c := range strings.ToLower(hex) {
		switch {
		case c >= '0' && c <= '9':
			n = n*16 + c - '0'
		case c >= 'a' && c <= 'f':
			n = n*16 + c - 'a' + 10
		default:
			return "\uFFFD"
		}
	}
	if m := symbols[font]; m != nil {
		k := n
		if n >= 0xF000 && n <= 0xF0FF {
			k = n - 0xF000
		}
		if x, ok := m[k]; ok {
			return string(x)
		}
	}
	if n >= 0xF000 {
		return "\uFFFD" // a symbol font's character the reader does not know
	}
	return string(n)
}
