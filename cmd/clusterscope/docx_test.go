package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/etl/docx"
	"clusterscope/warehouse"
)

// TestTemplateDocx: `template --format docx` writes the Word form of the
// batch; xlsx stays the default; another format is refused.
func TestTemplateDocx(t *testing.T) {
	dir := t.TempDir()
	out, err := run(t, "template", "--format", "docx", "--batch", "2023", "-o", filepath.Join(dir, "申报表.docx"))
	if err != nil {
		t.Fatalf("template: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "申报表.docx"))
	if err != nil {
		t.Fatal(err)
	}
	// Blank, it is the 申报表 whose only lack that stops reading is the cluster id.
	_, probs, _ := docx.Read(bytes.NewReader(b), int64(len(b)), "申报表.docx")
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "请填写集群编号") {
		t.Errorf("the docx template reads as %v", probs)
	}
	if !bytes.Contains(b, []byte("word/document.xml")) {
		t.Error("not a Word document")
	}
	if out, err := run(t, "template", "--batch", "2023", "-o", filepath.Join(dir, "t.xlsx")); err != nil {
		t.Fatalf("template: %v\n%s", err, out)
	}
	if x, _ := os.ReadFile(filepath.Join(dir, "t.xlsx")); !bytes.Contains(x, []byte("xl/workbook.xml")) {
		t.Error("the default template is not a workbook")
	}
	if _, err := run(t, "template", "--format", "pdf", "-o", filepath.Join(dir, "t.pdf")); err == nil || !strings.Contains(err.Error(), "xlsx 或 docx") {
		t.Errorf("--format pdf: %v", err)
	}
}

// TestDemoDocuments: `demo` writes a filled Word 申报表 per 宁夏 candidate,
// `load` takes them all, and loading them after the CSV leaves every value
// as it was.
func TestDemoDocuments(t *testing.T) {
	data := t.TempDir()
	out, err := run(t, "demo", "--data", data, "--recognised", "4")
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	docs := filepath.Join(data, "demo", "documents")
	files, _ := filepath.Glob(filepath.Join(docs, "演示数据-NX-*-2022-申报表.docx"))
	if len(files) != 15 || !strings.Contains(out, "Word 申报表（15 个）") {
		t.Fatalf("documents %v\n%s", files, out)
	}
	w, err := warehouse.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, f := range files {
		ids[strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "演示数据-"), "-2022-申报表.docx")] = true
	}
	before := map[string][]clusterscope.Observation{}
	for id := range ids {
		before[id] = stored(t, w, 2022, id)
	}
	out, err = run(t, "load", "--data", data, docs)
	if err != nil {
		t.Fatalf("load documents: %v\n%s", err, out)
	}
	if n := strings.Count(out, "已载入：第"); n != 15 {
		t.Errorf("%d documents loaded, want 15:\n%s", n, out)
	}
	for id := range ids {
		if len(before[id]) == 0 {
			t.Errorf("%s: nothing stored from the CSV", id)
		}
		compareObs(t, id, stored(t, w, 2022, id), before[id])
	}
}
