package docx_test

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"
)

// Helpers that alter a filled document as a person or another program
// would: its word/document.xml is edited as text and the package written
// again.

// editXML rewrites the document part of a .docx.
func editXML(t *testing.T, doc []byte, f func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == "word/document.xml" {
			b = []byte(f(string(b)))
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// replaceOnce replaces old, which must be in s once.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("%q is in the document %d times, want once", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

// after returns the index just past the first anchor in s.
func after(t *testing.T, s, anchor string) int {
	t.Helper()
	i := strings.Index(s, anchor)
	if i < 0 {
		t.Fatalf("no %q in the document", anchor)
	}
	return i + len(anchor)
}

// setText replaces the first text old after the anchor with new.
func setText(t *testing.T, s, anchor, old, new string) string {
	t.Helper()
	i := after(t, s, anchor)
	j := strings.Index(s[i:], ">"+old+"<")
	if j < 0 {
		t.Fatalf("no %q after %q", old, anchor)
	}
	return s[:i+j] + ">" + new + "<" + s[i+j+len(old)+2:]
}

// rowOf returns the bounds of the table row that holds the anchor.
func rowOf(t *testing.T, s, anchor string) (int, int) {
	t.Helper()
	i := after(t, s, anchor)
	start := strings.LastIndex(s[:i], "<w:tr>")
	end := i + strings.Index(s[i:], "</w:tr>") + len("</w:tr>")
	return start, end
}

// paraOf returns the start of the paragraph that holds the anchor.
func paraOf(t *testing.T, s, anchor string) int {
	t.Helper()
	return strings.LastIndex(s[:after(t, s, anchor)], "<w:p>")
}

// tr is a table row of plain cells; "^" continues a vertical merge.
func tr(cells ...string) string {
	var b strings.Builder
	b.WriteString("<w:tr>")
	for _, c := range cells {
		if c == "^" {
			b.WriteString(`<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>`)
			continue
		}
		b.WriteString(`<w:tc><w:p><w:r><w:t>` + c + `</w:t></w:r></w:p></w:tc>`)
	}
	b.WriteString("</w:tr>")
	return b.String()
}

var widths = regexp.MustCompile(`(gridCol|tcW|tblW) w:w="\d+"`)
