package workbook

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"clusterscope"
)

// TestScratchPart: the scratch sheet that formats numbers is not made over
// a part the workbook has, which would hide that part's sheet from excelize:
// here a formula on a sheet kept in the part NewSheet would take.
func TestScratchPart(t *testing.T) {
	const s2 = "二、主导产业情况"
	f := filled(t, 2022)
	at := ref(t, f, s2, "output_total", colE)
	if err := f.SetCellFormula(s2, at, "40+5.2"); err != nil {
		t.Fatal(err)
	}
	zr, err := zipReader(save(t, f))
	if err != nil {
		t.Fatal(err)
	}
	const from, to = "worksheets/sheet3.xml", "worksheets/sheet12.xml"
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		body := strings.ReplaceAll(readPart(t, zf), from, to)
		w, err := zw.Create(strings.Replace(zf.Name, "xl/"+from, "xl/"+to, 1))
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	_, probs := read(out.Bytes())
	if !hasProblem(probs, clusterscope.SevError, s2, at, "集群总产值", "单元格含公式「=40+5.2」") {
		t.Errorf("formula on the sheet in %s not refused:\n%s", to, list(probs))
	}
	for _, p := range probs {
		if p.Cell != at {
			t.Errorf("unexpected %s", p)
		}
	}
}
