// Package docx writes the 申报表 (and the yearly follow-up report) as the
// Word document the notice's 附件2 is — the cover lines, parts 一 … 九 with
// their tables, ☐ boxes for every tick and 是/否 choice, part 八's target
// table with its 备注 a–g and the plan's headings — and reads a filled one
// back into typed observations, from Word, WPS or LibreOffice Writer.
//
// A value is found by its table and its row's label, not by a cell's
// address: each part is found by its heading, each row by the labels of its
// leading cells (compared with widths folded and spaces ignored), each year
// by the header above, through the grid columns its cells span. So added
// blank lines, changed widths, merged header cells, a table split in two
// and rows added to the target table (the form's "….." rows, read as own
// targets) are all read right; a row or a part that is not there, a cell
// merged across years or rows, or two values where one is asked, is refused
// with a problem naming the part, the table, the row's label and the year
// column. Ticks are read from ☑ ☒ ■ √ ✓ (typed, as symbols, in a symbol
// font, or as the tick after an option), from checkbox content controls
// (w14:checkbox) and from legacy form checkboxes.
//
// Choice of library. The Go libraries for OOXML documents were weighed
// against encoding/xml over the WordprocessingML part. gomutex/godocx (MIT)
// writes documents well, but its reader drops what it does not model:
// content controls (w:sdt) at every level, tracked insertions (w:ins) and
// hyperlinks are skipped, so a value inside any of them would be read as
// empty, and it unpacks every zip part with no limit; fumiama/go-docx reads
// and writes tables but is AGPL-3.0, which this project cannot take;
// unidoc/unioffice is commercial; nguyenthenguyen/docx (MIT) only replaces
// text. The reading this package needs — every w:tc with its w:gridSpan and
// w:vMerge, the visible text of runs inside content controls and revisions,
// hidden text apart, w14:checkbox states — is a walk over one XML part with
// encoding/xml, and the writing is one part of tables and paragraphs, so
// both are done here with the standard library, and the zip limits are the
// workbook reader's (etl/ooxml).
package docx

import (
	"clusterscope"
	"clusterscope/etl/workbook"
)

// Kind of document: the 申报表 or the yearly follow-up report, as for workbooks.
type Kind = workbook.Kind

// The kinds of document.
const (
	Application = workbook.Application
	FollowUp    = workbook.FollowUp
)

// Places is where each value of a document was read from, for the problems
// found after reading (etl's Validate), which know observations only.
type Places struct {
	at      map[key]place
	notRead map[string]bool
}

// mark records the place of a field's value of a year; year 0 of a yearly
// field is its first place.
func (ps *Places) mark(field string, year int, at place) {
	if ps.at == nil {
		ps.at = map[key]place{}
	}
	ps.at[key{field, year}] = at
	if k := (key{field, 0}); year != 0 {
		if _, ok := ps.at[k]; !ok {
			ps.at[k] = at
		}
	}
}

func (ps *Places) unread(field string) {
	if ps.notRead == nil {
		ps.notRead = map[string]bool{}
	}
	ps.notRead[field] = true
}

// Place sets the part, table, row and column of the observation's value in
// p, when the document has a place for it.
func (ps Places) Place(o clusterscope.Observation, p *clusterscope.Problem) {
	at, ok := ps.at[key{o.Field, o.Year}]
	if !ok {
		at, ok = ps.at[key{o.Field, 0}]
	}
	if ok {
		at.set(p)
	}
}

// Unread are the fields whose values were refused or not found, with a
// problem said: they are not to be reported missing again.
func (ps Places) Unread() map[string]bool { return ps.notRead }
