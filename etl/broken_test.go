package etl

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl/workbook"
	"clusterscope/warehouse"
)

// brokenDir holds the corpus of broken files: small, committed, rewritten by
// go test ./etl -run TestBrokenFiles -update.
const brokenDir = "testdata/broken"

// Sheets of the application workbook that the corpus breaks.
const (
	sheet2 = "二、主导产业情况"
	sheet3 = "三、创新能力情况"
)

// broken is one file of the corpus and the problem it must give: an error
// whose message has msg, at the sheet and cell or the line given (empty and
// 0 where the problem is the whole file's), with the label when given.
type broken struct {
	file        string
	make        func(t *testing.T) []byte // the file's bytes, for -update
	sheet, cell string
	line        int
	label, msg  string
}

var brokenFiles = []broken{
	{file: "not-a-workbook.xlsx", make: text("cluster_id,batch,field,year,value\nNX-ZW-001,2022,area_km2,,12.5\n"),
		msg: "不是 Excel 工作簿（.xlsx）文件"},
	{file: "old-excel.xls", make: ole, msg: "文件是旧版 .xls 格式"},
	{file: "old-excel-renamed.xlsx", make: ole, msg: "文件是旧版 .xls 格式或已加密"},
	{file: "other-form.xlsx", make: otherForm, msg: "不是本系统的申报表或年度报告模板"},
	{file: "formula.xlsx", make: editApplication(func(t *testing.T, f *excelize.File) {
		if err := f.SetCellFormula(sheet2, cellOf(t, f, sheet2, "output_total", 5), "40+5.2"); err != nil {
			t.Fatal(err)
		}
	}), sheet: sheet2, cell: "E4", label: "集群总产值", msg: "单元格含公式「=40+5.2」"},
	{file: "merged-cells.xlsx", make: editApplication(func(t *testing.T, f *excelize.File) {
		if err := f.MergeCell(sheet2, cellOf(t, f, sheet2, "output_total", 4), cellOf(t, f, sheet2, "output_total", 6)); err != nil {
			t.Fatal(err)
		}
	}), sheet: sheet2, cell: "D4", label: "集群总产值", msg: "单元格 D4:F4 被合并"},
	{file: "moved-code.xlsx", make: editApplication(func(t *testing.T, f *excelize.File) {
		rows, err := f.GetRows(sheet2)
		if err != nil {
			t.Fatal(err)
		}
		from, to := cellOf(t, f, sheet2, "output_total", 1), "A"+strconv.Itoa(len(rows)+2)
		f.SetCellValue(sheet2, from, nil)
		f.SetCellValue(sheet2, to, "output_total")
	}), sheet: sheet2, cell: "A32", label: "集群总产值", msg: "与本行项目名称不符"},
	// problems found after reading name the cell too
	{file: "three-decimals.xlsx", make: editApplication(func(t *testing.T, f *excelize.File) {
		f.SetCellValue(sheet2, cellOf(t, f, sheet2, "output_total", 4), 45.123)
	}), sheet: sheet2, cell: "D4", label: "集群总产值", msg: "「45.123」有 3 位小数"},
	{file: "bad-county.xlsx", make: editApplication(func(t *testing.T, f *excelize.File) {
		f.SetCellValue("封面", cellOf(t, f, "封面", "county", 4), "不存在县")
	}), sheet: "封面", cell: "D7", label: "所属地区", msg: "不存在县」无效"},
	{file: "more-smes-than-enterprises.xlsx", make: editApplication(func(t *testing.T, f *excelize.File) {
		f.SetCellValue(sheet2, cellOf(t, f, sheet2, "sme_enterprises", 6), 100000)
	}), sheet: sheet2, cell: "F10", label: "中小企业数量", msg: "多于集群企业数量 140（工作表「二、主导产业情况」单元格 F9）"},
	{file: "hidden-sheet.xlsx", make: editApplication(func(t *testing.T, f *excelize.File) {
		if err := f.SetSheetVisible(sheet3, false); err != nil {
			t.Fatal(err)
		}
	}), sheet: sheet3, msg: "工作表被隐藏"},
	{file: "zip-bomb.xlsx", make: zipBomb, msg: "疑似压缩炸弹"},
	{file: "zip-bomb-understated.xlsx", make: understatedBomb, msg: "部件「xl/worksheets/sheet1.xml」无法解压"},
	{file: "semicolons.csv", make: text("cluster_id;batch;field;year;value\nNX-ZW-001;2022;area_km2;;12.5\n"),
		line: 1, msg: "分隔符不是逗号"},
	{file: "gbk.csv", make: gbk, msg: "看来是 GBK/GB18030"},
	{file: "bom-bad-value.csv", make: badValueCSV, line: 70, label: "研发投入强度", msg: "「2.5%」不是数字"},
	{file: "not-json.json", make: text("{\n  \"cluster_id\": \"NX-ZW-001\",\n  \"batch\": 2022,\n  \"fields\": {\n    \"area_km2\": 12.5,\n  }\n}\n"),
		line: 6, msg: "不是有效的 JSON"},
	{file: "unknown-code.json", make: unknownCodeJSON, line: 5, cell: "fields.export_value", msg: "未知字段代码「export_value」"},
}

// TestBrokenFiles reads each broken file: it gives its one clear problem in
// Chinese, located, and loading it stores nothing.
func TestBrokenFiles(t *testing.T) {
	if *update {
		if err := os.MkdirAll(brokenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, b := range brokenFiles {
			if err := os.WriteFile(filepath.Join(brokenDir, b.file), b.make(t), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(brokenDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(brokenFiles) {
		t.Errorf("%s has %d files, the test knows %d: run go test ./etl -run TestBrokenFiles -update", brokenDir, len(entries), len(brokenFiles))
	}
	for _, e := range entries {
		if info, err := e.Info(); err != nil || info.Size() > 50<<10 {
			t.Errorf("%s: over 50 KB", e.Name())
		}
	}
	for _, b := range brokenFiles {
		t.Run(b.file, func(t *testing.T) {
			assertBroken(t, filepath.Join(brokenDir, b.file), b)
		})
	}
}

// TestOversizedFiles: a file over the limits is refused before it is read;
// sparse files stand in for the real thing.
func TestOversizedFiles(t *testing.T) {
	for _, b := range []struct {
		broken
		size int64
	}{
		{broken{file: "2GB.xlsx", msg: "文件过大（2048 MB），上限为 64 MB"}, 2 << 30},
		{broken{file: "2GB.csv", msg: "文件过大（2048 MB），上限为 64 MB"}, 2 << 30},
		{broken{file: "30MB.xlsx", msg: "超过 20 MiB 的上限"}, 30 << 20},
	} {
		t.Run(b.file, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), b.file)
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Truncate(b.size); err != nil {
				t.Fatal(err)
			}
			f.Close()
			assertBroken(t, path, b.broken)
		})
	}
}

func assertBroken(t *testing.T, path string, b broken) {
	t.Helper()
	obs, problems, _, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	found, errs := false, 0
	for _, p := range problems {
		if p.Severity == clusterscope.SevError {
			errs++
		}
		if p.File != b.file || p.Message == "" {
			t.Errorf("problem without its file or message: %+v", p)
		}
		if p.Severity == clusterscope.SevError && strings.Contains(p.Message, b.msg) && p.Sheet == b.sheet &&
			p.Cell == b.cell && p.Line == b.line && strings.Contains(p.Label, b.label) {
			found = true
		}
	}
	if !found {
		t.Errorf("no error %q at sheet %q cell %q line %d label %q; got:", b.msg, b.sheet, b.cell, b.line, b.label)
		for _, p := range problems {
			t.Logf("  %s (sheet %q, cell %q, line %d)", p, p.Sheet, p.Cell, p.Line)
		}
	}
	if errs != 1 {
		t.Errorf("%d errors, want the one", errs)
	}
	if b.sheet == "" && b.cell == "" && b.line <= 1 && len(obs) > 0 {
		t.Errorf("a file refused as a whole gave %d observations", len(obs))
	}

	w, err := warehouse.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, err = LoadFile(w, path, "test", clusterscope.All, false)
	var ve *clusterscope.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("LoadFile: %v, want a validation error", err)
	}
	if loads, err := w.Loads(); err != nil || len(loads) != 0 {
		t.Errorf("loads after a refused file: %v %v", loads, err)
	}
	if empty, err := w.Empty(); err != nil || !empty {
		t.Errorf("warehouse not empty after a refused file (%v)", err)
	}
}

func text(s string) func(*testing.T) []byte {
	return func(*testing.T) []byte { return []byte(s) }
}

// ole is the start of an OLE compound file, as an old .xls (or an
// encrypted .xlsx) begins: the signature and an empty header sector.
func ole(*testing.T) []byte {
	b := make([]byte, 512)
	copy(b, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1})
	return b
}

func gbk(t *testing.T) []byte {
	s := "cluster_id,batch,field,year,value\n" +
		"NX-ZW-001,2022,cluster_name,,中卫市沙坡头区枸杞中小企业特色产业集群（枸杞产业）\n" +
		"NX-ZW-001,2022,province,,宁夏回族自治区\n"
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// otherForm is somebody's own spreadsheet: 附件1's recommendation summary.
func otherForm(t *testing.T) []byte {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "附件1")
	for i, h := range []string{"序号", "集群名称", "所属地区", "主导产业", "集群总产值（亿元）"} {
		c, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue("附件1", c, h)
	}
	f.SetSheetRow("附件1", "A2", &[]any{1, "中卫市沙坡头区枸杞中小企业特色产业集群", "宁夏回族自治区中卫市", "枸杞", 52.1})
	return saveFile(t, f)
}

func saveFile(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// demoApplication is the first demo candidate's application, as long CSV
// (with a BOM) and as observations.
func demoApplication(t *testing.T) ([]byte, []clusterscope.Observation) {
	t.Helper()
	var csv bytes.Buffer
	if err := demo.Write(&csv, demo.Options{Candidates: 1, Recognised: -1}); err != nil {
		t.Fatal(err)
	}
	obs, problems := ReadCSV(csv.Bytes(), "demo.csv")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return csv.Bytes(), obs
}

// badValueCSV is the application as long CSV, with a BOM, where one value
// is typed as a spreadsheet shows it: 2.5%.
func badValueCSV(t *testing.T) []byte {
	csv, _ := demoApplication(t)
	lines := strings.Split(string(csv), "\n")
	for i, l := range lines {
		if strings.Contains(l, ",rd_intensity,2021,") {
			lines[i] = l[:strings.LastIndexByte(l, ',')+1] + "2.5%"
			return []byte(strings.Join(lines, "\n"))
		}
	}
	t.Fatal("no rd_intensity 2021 in the demo application")
	return nil
}

// unknownCodeJSON is the application as JSON with an own target's code put
// among the form's fields.
func unknownCodeJSON(t *testing.T) []byte {
	_, obs := demoApplication(t)
	doc, err := EncodeJSON(obs)
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Replace(string(doc), `"fields": {`, "\"fields\": {\n    \"export_value\": 12.5,", 1)
	if out == string(doc) {
		t.Fatal("no fields in the JSON")
	}
	return []byte(out)
}

// editApplication is the first demo candidate's application, filled as a
// person fills it, then changed by edit.
func editApplication(edit func(*testing.T, *excelize.File)) func(*testing.T) []byte {
	return func(t *testing.T) []byte {
		_, obs := demoApplication(t)
		g := workbook.Split(obs)[0]
		var b bytes.Buffer
		if err := workbook.Fill(&b, g.Kind, g.Batch, g.Obs); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		edit(t, f)
		return saveFile(t, f)
	}
}

// cellOf is the cell in column col of the row whose code (column A) is code.
func cellOf(t *testing.T, f *excelize.File, sheet, code string, col int) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == code {
			c, _ := excelize.CoordinatesToCellName(col, i+1)
			return c
		}
	}
	t.Fatalf("no %s in column A of %s", code, sheet)
	return ""
}

// zipBomb is a tiny workbook whose worksheet says it unpacks to 16 GiB: the
// reader must refuse it from the zip directory, before unpacking anything.
func zipBomb(t *testing.T) []byte {
	return rawZip(t, 16<<30, []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`))
}

// understatedBomb is the other way round: a worksheet that says it is 1 KB
// and unpacks to 8 MiB; unpacking must stop at the size the zip declares.
func understatedBomb(t *testing.T) []byte {
	return rawZip(t, 1<<10, bytes.Repeat([]byte{' '}, 8<<20))
}

// rawZip is a minimal workbook package whose worksheet part holds sheet but
// declares size as its uncompressed size.
func rawZip(t *testing.T, size uint64, sheet []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	add := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="封面" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	var comp bytes.Buffer
	fw, err := flate.NewWriter(&comp, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(sheet)
	fw.Close()
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc32.ChecksumIEEE(sheet), CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
