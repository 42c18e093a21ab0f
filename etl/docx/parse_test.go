package docx

import (
	"strings"
	"testing"
)

// body wraps a table row of cells into a document.
func body(cells ...string) string {
	return `<?xml version="1.0"?><w:document xmlns:w="` + nsW + `" xmlns:w14="` + nsW14 +
		`" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>` +
		strings.Join(cells, "") + `</w:tr></w:tbl></w:body></w:document>`
}

func tc(inner string) string { return "<w:tc><w:p>" + inner + "</w:p></w:tc>" }

func r(text string) string { return "<w:r><w:t>" + text + "</w:t></w:r>" }

// TestCellText: what a reader of the document sees in a cell is what is
// read; what Word shows nobody, or shows twice in the file, is not.
func TestCellText(t *testing.T) {
	for _, c := range []struct{ name, cell, want, hidden string }{
		{"runs and breaks", tc(r("12") + "<w:r><w:br/></w:r>" + r("3")), "12\n3", ""},
		{"a placeholder of a content control", tc(`<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>` + r("单击此处输入文字") + `</w:sdtContent></w:sdt>`), "", ""},
		{"a filled content control", tc(`<w:sdt><w:sdtPr/><w:sdtContent>` + r("166.01") + `</w:sdtContent></w:sdt>`), "166.01", ""},
		{"a content control around the cell", `<w:sdt><w:sdtContent>` + tc(r("5")) + `</w:sdtContent></w:sdt>`, "5", ""},
		{"a moved-away and a moved-here revision", tc(`<w:moveFrom>` + r("1") + `</w:moveFrom><w:moveTo>` + r("2") + `</w:moveTo>`), "2", ""},
		{"an insertion and a deletion", tc(`<w:ins>` + r("7") + `</w:ins><w:del><w:r><w:delText>8</w:delText></w:r></w:del>`), "7", ""},
		{"a field's code and its result", tc(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> = 1+1 </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` + r("2") + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`), "2", ""},
		{"alternate content: the choice, not the fallback", tc(`<mc:AlternateContent><mc:Choice Requires="w14">` + r("A") + `</mc:Choice><mc:Fallback>` + r("A") + `</mc:Fallback></mc:AlternateContent>`), "A", ""},
		{"hidden text kept apart", tc(r("区域品牌") + `<w:r><w:rPr><w:vanish/></w:rPr><w:t>#brand/up</w:t></w:r>`), "区域品牌", "#brand/up"},
		{"a legacy form checkbox ticked", tc(`<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="0"/><w:checked/></w:checkBox></w:ffData></w:fldChar></w:r>` + r("是")), "☑是", ""},
		{"a legacy form checkbox by its default", tc(`<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="1"/></w:checkBox></w:ffData></w:fldChar></w:r>` + r("是")), "☑是", ""},
		{"Wingdings typed", tc(`<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>þ¨</w:t></w:r>`), "☑☐", ""},
		{"a symbol of Wingdings 2", tc(`<w:r><w:sym w:font="Wingdings 2" w:char="F052"/></w:r>` + r("否")), "☑否", ""},
		{"a checkbox content control", tc(`<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr><w:sdtContent>` + r("☒") + `</w:sdtContent></w:sdt>` + r("是")), "☑是", ""},
	} {
		blocks, err := parseBody([]byte(body(c.cell)))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		cell := blocks[0].tbl.rows[0].cells[0]
		if cell.text != c.want || cell.hidden != c.hidden {
			t.Errorf("%s: %q (hidden %q), want %q (hidden %q)", c.name, cell.text, cell.hidden, c.want, c.hidden)
		}
	}
}

// TestGridAndMerges: each cell knows its grid columns, and a cell that
// continues a vertical merge has the text of the one above.
func TestGridAndMerges(t *testing.T) {
	doc := `<?xml version="1.0"?><w:document xmlns:w="` + nsW + `"><w:body><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>` +
		`<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p>` + r("方向") + `</w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p/></w:tc></w:tr>` +
		`<w:tr><w:trPr><w:gridBefore w:val="0"/></w:trPr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>` +
		`<w:tr><w:trPr><w:del/></w:trPr><w:tc><w:p>` + r("deleted") + `</w:p></w:tc></w:tr>` +
		`</w:tbl></w:body></w:document>`
	blocks, err := parseBody([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	rows := blocks[0].tbl.rows
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2 (a deleted row is not read)", len(rows))
	}
	if c := rows[0].cells[1]; c.start != 1 || c.end != 3 {
		t.Errorf("spanning cell at %d–%d, want 1–3", c.start, c.end)
	}
	if c := rows[1].cells[0]; !c.merged || c.text != "方向" {
		t.Errorf("merged cell %+v", c)
	}
	if c := rows[1].cells[2]; c.start != 2 || c.end != 3 {
		t.Errorf("third cell at %d–%d", c.start, c.end)
	}
}

// TestBrokenXML: XML that is not well formed, cut short or nested without
// end is an error, not a panic.
func TestBrokenXML(t *testing.T) {
	deep := `<?xml version="1.0"?><w:document xmlns:w="` + nsW + `"><w:body>` + strings.Repeat(`<w:sdt><w:sdtContent>`, 300)
	for _, doc := range []string{body(tc(r("1")))[:200], `<w:document><w:body>`, deep, "not xml"} {
		if _, err := parseBody([]byte(doc)); err == nil {
			t.Errorf("parsed %.60q…", doc)
		}
	}
}
