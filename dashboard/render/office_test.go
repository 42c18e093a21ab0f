package render

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"image"
	"image/png"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// node is any element of an OOXML part, read with encoding/xml alone: the
// tests open the files as a reader would, not with the library that wrote
// them.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

// all returns the elements named local under n, n included, in document
// order.
func (n node) all(local string) []node {
	var out []node
	if n.XMLName.Local == local {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.all(local)...)
	}
	return out
}

func (n node) attr(local string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// text joins the text runs (w:t in Word, a:t in PowerPoint) under n.
func (n node) text() string {
	var b strings.Builder
	for _, t := range n.all("t") {
		b.WriteString(t.Text)
	}
	return b.String()
}

// pack is an OOXML package opened: its parts by name.
type pack map[string][]byte

func open(t *testing.T, data []byte) pack {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip package: %v", err)
	}
	p := pack{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		p[f.Name], err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func (p pack) xml(t *testing.T, name string) node {
	t.Helper()
	b, ok := p[name]
	if !ok {
		t.Fatalf("no part %s", name)
	}
	var n node
	if err := xml.Unmarshal(b, &n); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

// pictures decodes every PNG under dir and fails on one that is blank: a
// drawn chart has many colours (bars, text's anti-aliasing), a blank or
// failed one a few.
func (p pack) pictures(t *testing.T, dir string) []image.Image {
	t.Helper()
	var names []string
	for name := range p {
		if strings.HasPrefix(name, dir) && strings.HasSuffix(name, ".png") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var out []image.Image
	for _, name := range names {
		img, err := png.Decode(bytes.NewReader(p[name]))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := colours(img); n < 100 {
			t.Errorf("%s has %d colours: blank?", name, n)
		}
		out = append(out, img)
	}
	return out
}

func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}

// renderPack renders req, keeps the file as name and opens it.
func renderPack(t *testing.T, req Request, name string) pack {
	t.Helper()
	start := time.Now()
	out, err := rend.Render(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s render: %v, %d bytes", req.Format, time.Since(start).Round(time.Millisecond), len(out))
	save(t, name, out)
	return open(t, out)
}

// briefing is the request both office tests render: the page of two charts
// and a table, its header lines in Chinese; the title holds markup and a
// replacement pattern, which must come out as the same text.
func briefing(base string, format Format) Request {
	return Request{
		URL:      base + "/ok?province=" + "宁夏回族自治区",
		Format:   format,
		Title:    "集群对比：四项核心指标 <i>A&B</i> $&",
		Filters:  "2022 年度批次 · 宁夏回族自治区",
		DataDate: "数据版本 3，导出于 2026-11-26 10:00",
		Source:   "数据来源：各集群申报表及年度跟踪报告。演示数据：由程序生成，不代表任何真实集群。",
		Scope:    "数据范围：宁夏回族自治区",
		Cookies:  login,
	}
}

// TestDOCX opens the Word briefing as Word would: the header lines, both
// charts as sharp, drawn images with their captions, the table as a Word
// table with its numbers set right and its unit in the header, A4, and a
// Chinese font named for the text.
func TestDOCX(t *testing.T) {
	base := server(t)
	req := briefing(base, DOCX)
	p := renderPack(t, req, "briefing.docx")
	doc := p.xml(t, "word/document.xml")
	text := doc.text()
	for _, want := range []string{req.Title, req.Filters, req.DataDate, req.Source, "筛选条件：",
		"图 1\u3000集群总产值", "图 2\u3000营业总收入", subtext, "表 1\u3000四项核心指标", "中卫市沙坡头区枸杞"} {
		if !strings.Contains(text, want) {
			t.Errorf("document text lacks %q:\n%s", want, text)
		}
	}

	// A4 portrait, in twentieths of a point.
	if sz := doc.all("pgSz"); len(sz) != 1 || sz[0].attr("w") != "11906" || sz[0].attr("h") != "16838" {
		t.Errorf("page size %v, want one A4 11906 × 16838", sz)
	}
	// The Chinese text's font is named, for the whole document.
	styles := p.xml(t, "word/styles.xml")
	fonts := styles.all("rPrDefault")
	if len(fonts) != 1 || len(fonts[0].all("rFonts")) != 1 || fonts[0].all("rFonts")[0].attr("eastAsia") != "SimSun" {
		t.Errorf("default fonts %+v, want eastAsia SimSun", fonts)
	}
	if l := styles.all("lang"); len(l) == 0 || l[0].attr("eastAsia") != "zh-CN" {
		t.Errorf("default language %+v, want eastAsia zh-CN", l)
	}

	// Two charts, each a picture at least twice as many pixels as the
	// points it is shown at (wp:extent is in EMU, 9525 a CSS pixel).
	drawings := doc.all("drawing")
	images := p.pictures(t, "word/media/")
	if len(drawings) != 2 || len(images) != 2 {
		t.Fatalf("%d drawings and %d images, want the 2 charts", len(drawings), len(images))
	}
	for i, d := range drawings {
		cx, _ := strconv.Atoi(d.all("extent")[0].attr("cx"))
		if px := images[i].Bounds().Dx(); float64(px) < 2*float64(cx)/9525 {
			t.Errorf("chart %d is %d px wide, shown at %d CSS px: less than 2×", i+1, px, cx/9525)
		}
	}

	// The table is a Word table: its header with the unit, repeated on
	// each page; 88.4 set right; the missing value a dash.
	tables := doc.all("tbl")
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	rows := tables[0].all("tr")
	if len(rows) != 3 || len(rows[0].all("tblHeader")) != 1 || rows[0].text() != "集群总产值（亿元）" {
		t.Fatalf("table rows %d, header %q; want a repeated header 集群 | 总产值（亿元） and 2 rows", len(rows), rows[0].text())
	}
	num := rows[1].all("tc")[1]
	if num.text() != "88.4" || len(num.all("jc")) != 1 || num.all("jc")[0].attr("val") != "right" {
		t.Errorf("cell %q aligned %+v, want 88.4 set right", num.text(), num.all("jc"))
	}
	if miss := rows[2].all("tc")[1].text(); miss != "—" {
		t.Errorf("missing value shown as %q, want —", miss)
	}

	// The footer: the scope and the page number and count as fields.
	var footer node
	for name := range p {
		if strings.HasPrefix(name, "word/footer") && path.Ext(name) == ".xml" {
			footer = p.xml(t, name)
		}
	}
	fields := ""
	for _, f := range footer.all("instrText") {
		fields += f.Text
	}
	if !strings.Contains(footer.text(), req.Scope) || !strings.Contains(fields, "PAGE") || !strings.Contains(fields, "NUMPAGES") {
		t.Errorf("footer %q with fields %q, want the scope, PAGE and NUMPAGES", footer.text(), fields)
	}
}

// TestDOCXWideTables: a table of ten columns does not fit a portrait page:
// the tables follow the charts on A4 landscape, and no number is given less
// room than it takes (9 pt digits, about 90 twips each, and the padding).
func TestDOCXWideTables(t *testing.T) {
	base := server(t)
	req := briefing(base, DOCX)
	req.URL += "&wide=1"
	doc := renderPack(t, req, "wide.docx").xml(t, "word/document.xml")
	sz := doc.all("pgSz")
	if len(sz) != 2 || sz[0].attr("w") != "11906" || sz[1].attr("w") != "16838" || sz[1].attr("h") != "11906" || sz[1].attr("orient") != "landscape" {
		t.Fatalf("page sizes %+v, want A4 portrait for the charts, then landscape", sz)
	}
	// A section's properties end it: the tables lie after the first.
	body := doc.all("body")[0].Nodes
	first := slices.IndexFunc(body, func(n node) bool { return len(n.all("sectPr")) > 0 })
	if first < 0 || slices.ContainsFunc(body[:first], func(n node) bool { return n.XMLName.Local == "tbl" }) {
		t.Errorf("a table is in the portrait section")
	}
	tables := doc.all("tbl")
	if len(tables) != 2 {
		t.Fatalf("%d tables, want 2", len(tables))
	}
	grid := tables[1].all("gridCol")
	row := tables[1].all("tr")[1].all("tc")
	total := 0
	for i, g := range grid {
		w, _ := strconv.Atoi(g.attr("w"))
		total += w
		if text := row[i].text(); i > 0 && w < 90*len(text)+230 {
			t.Errorf("column %d is %d twips wide for %q", i+1, w, text)
		}
	}
	if total > 16838-2*1247 {
		t.Errorf("the columns take %d twips, more than the page's text", total)
	}
}

var han = regexp.MustCompile(`\p{Han}`)

// TestPPTX opens the slide deck: 16:9, a title slide with the header
// lines, then one slide a chart with its title, subtitle and source as
// text in a named font, the chart a drawn picture.
func TestPPTX(t *testing.T) {
	base := server(t)
	req := briefing(base, PPTX)
	req.Charts = []string{"chart-revenue", "chart-output"} // both, in the page's order
	p := renderPack(t, req, "briefing.pptx")
	sz := p.xml(t, "ppt/presentation.xml").all("sldSz")
	if len(sz) != 1 || sz[0].attr("cx") != "12192000" || sz[0].attr("cy") != "6858000" {
		t.Errorf("slide size %+v, want 16:9 12192000 × 6858000 EMU", sz)
	}
	var slides []node
	for i := 1; ; i++ {
		name := "ppt/slides/slide" + strconv.Itoa(i) + ".xml"
		if _, ok := p[name]; !ok {
			break
		}
		slides = append(slides, p.xml(t, name))
	}
	if len(slides) != 3 {
		t.Fatalf("%d slides, want a title slide and 2 charts", len(slides))
	}
	first := slides[0].text()
	for _, want := range []string{req.Title, "筛选条件：" + req.Filters, req.DataDate, req.Source} {
		if !strings.Contains(first, want) {
			t.Errorf("title slide lacks %q: %q", want, first)
		}
	}
	if n := len(slides[0].all("pic")); n != 0 {
		t.Errorf("title slide has %d pictures", n)
	}
	for i, title := range []string{"集群总产值", "营业总收入"} {
		s := slides[i+1]
		text := s.text()
		if !strings.HasPrefix(text, title+subtext) || !strings.Contains(text, req.Source) {
			t.Errorf("slide %d says %q, want the title %s, the subtitle and the source", i+2, text, title)
		}
		if n := len(s.all("pic")); n != 1 {
			t.Errorf("slide %d has %d pictures, want its chart", i+2, n)
		}
		for _, r := range s.all("r") { // a run of text
			if !han.MatchString(r.text()) {
				continue
			}
			if ea := r.all("ea"); len(ea) != 1 || ea[0].attr("typeface") == "" || ea[0].attr("charset") != "-122" {
				t.Errorf("slide %d: the run %q names no Chinese font (GB2312, charset -122): %+v", i+2, r.text(), ea)
			}
		}
	}
	if n := len(p.pictures(t, "ppt/media/")); n != 2 {
		t.Errorf("%d pictures in the deck, want 2", n)
	}
}
