package workbook

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
)

// walker reads XML in one pass: start for each element with up(n), the
// local name of its n-th enclosing element ("" above the root), end when it
// closes and text for character data. It stops at the end of the root
// element, as xml.Decoder.Decode does, and fails on XML that is not well
// formed, a truncated part included.
type walker func(data []byte, start func(e xml.StartElement, up func(int) string), end func(name string, up func(int) string), text func([]byte)) error

// walk is the walker of encoding/xml.
func walk(data []byte, start func(e xml.StartElement, up func(int) string), end func(name string, up func(int) string), text func([]byte)) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	var open []xml.Name
	up := func(n int) string {
		if n > len(open) {
			return ""
		}
		return open[len(open)-n].Local
	}
	for {
		tok, err := d.RawToken() // no namespace bookkeeping; end tags are matched here
		if err == io.EOF && len(open) == 0 {
			return nil
		}
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			start(t, up)
			open = append(open, t.Name)
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				return errors.New("xml: unexpected end element </" + t.Name.Local + ">")
			}
			open = open[:len(open)-1]
			end(t.Name.Local, up)
			if len(open) == 0 {
				return nil
			}
		case xml.CharData:
			text(t)
		}
	}
}
