package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// ooxml is a Word or PowerPoint file unzipped: its XML parts by name.
type ooxml map[string]string

func unzipOOXML(t *testing.T, data []byte) ooxml {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not an OOXML package: %v", err)
	}
	parts := ooxml{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(b)
	}
	return parts
}

// countTags is how many elements named tag (w:tbl, p:pic) the part holds.
func countTags(part, tag string) int {
	return strings.Count(part, "<"+tag+">") + strings.Count(part, "<"+tag+" ")
}

var runText = regexp.MustCompile(`<[wa]:t(?: [^>]*)?>([^<]*)</[wa]:t>`)

// text joins the part's text runs (w:t, a:t): what a reader shows as text.
func partText(part string) string {
	var b strings.Builder
	for _, m := range runText.FindAllStringSubmatch(part, -1) {
		b.WriteString(m[1])
	}
	return b.String()
}

// slides are the deck's slides' parts, in order.
func (p ooxml) slides() []string {
	var out []string
	for i := 1; ; i++ {
		s, ok := p[fmt.Sprintf("ppt/slides/slide%d.xml", i)]
		if !ok {
			return out
		}
		out = append(out, s)
	}
}

// exportOffice follows the page's Word and PowerPoint links: the document
// holds the page's heading and demo note as text, a picture for each chart
// and a Word table for each of the page's tables; the deck a title slide
// and a slide for each chart, its title as text.
func exportOffice(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	page := eval[struct {
		Heading string   `json:"heading"`
		Charts  []string `json:"charts"`
		Tables  int      `json:"tables"`
	}](t, ctx, `({heading: document.getElementById("page-title").textContent,
		charts: [...document.querySelectorAll("#charts .chart")].map(el => el.getAttribute("aria-label")),
		tables: document.querySelectorAll("#table table.data").length})`)

	doc := unzipOOXML(t, exported(t, ctx, ".docx", name))["word/document.xml"]
	words := partText(doc)
	for _, want := range append([]string{page.Heading, "演示数据"}, page.Charts...) {
		if !strings.Contains(words, want) {
			t.Errorf("the Word briefing lacks %q as text", want)
		}
	}
	if n := countTags(doc, "w:drawing"); n != len(page.Charts) {
		t.Errorf("the Word briefing has %d pictures, the page %d charts", n, len(page.Charts))
	}
	if n := countTags(doc, "w:tbl"); n != page.Tables {
		t.Errorf("the Word briefing has %d tables, the page %d", n, page.Tables)
	}

	slides := unzipOOXML(t, exported(t, ctx, ".pptx", name)).slides()
	if len(slides) != len(page.Charts)+1 {
		t.Fatalf("%d slides, want a title slide and %d charts", len(slides), len(page.Charts))
	}
	if !strings.Contains(partText(slides[0]), page.Heading) {
		t.Errorf("the title slide says %q, not %q", partText(slides[0]), page.Heading)
	}
	for i, title := range page.Charts {
		if s := slides[i+1]; !strings.HasPrefix(partText(s), title) || countTags(s, "p:pic") != 1 {
			t.Errorf("slide %d says %q with %d pictures, want the chart %q", i+2, partText(s), countTags(s, "p:pic"), title)
		}
	}
}

// TestExportCommandWritesBriefings: `clusterscope export --format docx` and
// `--format pptx` write the briefings of a page as the account sees it: the
// 市级 account's are of its city.
func TestExportCommandWritesBriefings(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"demo", "--data", dir},
		{"user", "add", "--password-stdin", "--data", dir, "zw", "--role", "city", "--province", "宁夏回族自治区", "--city", "中卫市"},
	} {
		if out, err := runIn(t, e2ePassword+"\n", args...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	for _, format := range []string{"docx", "pptx"} {
		path := filepath.Join(dir, "简报."+format)
		out, err := runIn(t, e2ePassword+"\n", "export", "--data", dir, "--as", "zw", "--password-stdin",
			"--page", "compare", "--query", "batch=2022", "--format", format, "-o", path)
		if err != nil {
			t.Fatalf("export --format %s: %v\n%s", format, err, out)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p := unzipOOXML(t, b)
		var all string
		if format == "docx" {
			all = partText(p["word/document.xml"]) + partText(p["word/footer1.xml"])
		} else {
			all = strings.Join(p.slides(), "")
			all = partText(all)
		}
		for _, want := range []string{"集群对比", "宁夏回族自治区中卫市", "集群总产值", "演示数据"} {
			if !strings.Contains(all, want) {
				t.Errorf("%s lacks %q", format, want)
			}
		}
		if strings.Contains(all, "全国") || strings.Contains(all, "银川市") {
			t.Errorf("the 中卫 account's %s shows more than 中卫市", format)
		}
	}
}
