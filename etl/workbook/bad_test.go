package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clusterscope"
	"clusterscope/etl/ooxml"
)

func zipReader(b []byte) (*zip.Reader, error) {
	return zip.NewReader(bytes.NewReader(b), int64(len(b)))
}

func readPart(t *testing.T, zf *zip.File) string {
	t.Helper()
	rc, err := zf.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// withPart copies a zip and adds a part of n zero bytes.
func withPart(t *testing.T, b []byte, name string, n int64) []byte {
	t.Helper()
	zr, err := zipReader(b)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if err := zw.Copy(zf); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(w, zeros{}, n); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestReadBadFiles(t *testing.T) {
	const s2, s3, s8 = "二、主导产业情况", "三、创新能力情况", "八、发展目标"
	type c = struct {
		name  string
		edit  func(t *testing.T, f *excelize.File) // on a fully filled application
		data  func(t *testing.T, good []byte) []byte
		only  bool // the file is refused with exactly one problem and no observations
		sev   clusterscope.Severity
		sheet string
		cell  func(t *testing.T, f *excelize.File) string // "" for none
		label string
		msg   string
	}
	at := func(sheet, code string, col int) func(*testing.T, *excelize.File) string {
		return func(t *testing.T, f *excelize.File) string { return ref(t, f, sheet, code, col) }
	}
	fixed := func(s string) func(*testing.T, *excelize.File) string {
		return func(*testing.T, *excelize.File) string { return s }
	}
	set := func(sheet, code string, col int, v any) func(*testing.T, *excelize.File) {
		return func(t *testing.T, f *excelize.File) { put(t, f, sheet, code, col, v) }
	}
	styled := func(sheet, code string, col int, v any, numFmt int) func(*testing.T, *excelize.File) {
		return func(t *testing.T, f *excelize.File) {
			put(t, f, sheet, code, col, v)
			st, err := f.NewStyle(&excelize.Style{NumFmt: numFmt})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(sheet, ref(t, f, sheet, code, col), ref(t, f, sheet, code, col), st); err != nil {
				t.Fatal(err)
			}
		}
	}
	cases := []c{
		{name: "not a zip", data: func(*testing.T, []byte) []byte { return []byte("cluster_id,batch,field,year,value\n") },
			only: true, msg: "不是 Excel 工作簿"},
		{name: "old xls or encrypted", data: func(*testing.T, []byte) []byte {
			return append(append([]byte{}, ooxml.OLEHeader...), make([]byte, 600)...)
		},
			only: true, msg: ".xls"},
		{name: "empty", data: func(*testing.T, []byte) []byte { return nil }, only: true, msg: "文件为空"},
		{name: "over the size limit", data: func(*testing.T, []byte) []byte { return make([]byte, MaxFileSize+1) },
			only: true, msg: "超过 20 MiB"},
		{name: "zip bomb", data: func(t *testing.T, good []byte) []byte {
			return withPart(t, good, "xl/media/image1.png", MaxUnzippedSize+1)
		},
			only: true, msg: "压缩炸弹"},
		{name: "a zip that is not a workbook", data: func(t *testing.T, _ []byte) []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			w, _ := zw.Create("hello.txt")
			w.Write([]byte("hello"))
			zw.Close()
			return b.Bytes()
		}, only: true, msg: "工作簿"},
		{name: "someone else's workbook", data: func(t *testing.T, _ []byte) []byte {
			f := excelize.NewFile()
			f.SetCellValue("Sheet1", "A1", "集群名称")
			return save(t, f)
		}, only: true, msg: "不是本系统的申报表"},
		{name: "another version of the form", edit: func(t *testing.T, f *excelize.File) {
			f.SetCellValue("封面", "A1", "clusterscope/application/v2/2022")
		}, only: true, msg: "不是本系统当前支持的表单"},
		{name: "a form of another kind", edit: func(t *testing.T, f *excelize.File) {
			f.SetCellValue("封面", "A1", "clusterscope/recommendation/v1/2022")
		}, only: true, msg: "不是本系统当前支持的表单"},
		{name: "year header changed", edit: func(t *testing.T, f *excelize.File) {
			f.SetCellValue(s2, ref(t, f, s2, "#years", colE), 2018)
		}, sev: clusterscope.SevError, sheet: s2, cell: at(s2, "#years", colE), msg: "年份表头缺少 2020 年"},
		{name: "batch changed on the cover", edit: set("封面", "#batch", colD, 2023),
			sev: clusterscope.SevError, sheet: "封面", cell: at("封面", "#batch", colD), label: "申报批次", msg: "与模板不符"},
		{name: "invalid cluster id", edit: set("封面", "#cluster_id", colD, "NX ZW 001"),
			sev: clusterscope.SevError, sheet: "封面", cell: at("封面", "#cluster_id", colD), label: "集群编号", msg: "「NX ZW 001」无效"},
		{name: "formula in an input cell", edit: func(t *testing.T, f *excelize.File) {
			if err := f.SetCellFormula(s2, ref(t, f, s2, "output_total", colE), "40+5.2"); err != nil {
				t.Fatal(err)
			}
		}, sev: clusterscope.SevError, sheet: s2, cell: at(s2, "output_total", colE), label: "集群总产值", msg: "请粘贴数值"},
		{name: "year cells merged", edit: func(t *testing.T, f *excelize.File) {
			if err := f.MergeCell(s2, ref(t, f, s2, "output_total", colD), ref(t, f, s2, "output_total", colF)); err != nil {
				t.Fatal(err)
			}
		}, sev: clusterscope.SevError, sheet: s2, cell: at(s2, "output_total", colD), label: "集群总产值", msg: "被合并"},
		{name: "hidden sheet", edit: func(t *testing.T, f *excelize.File) {
			if err := f.SetSheetVisible(s3, false); err != nil {
				t.Fatal(err)
			}
		}, sev: clusterscope.SevError, sheet: s3, cell: fixed(""), msg: "隐藏"},
		{name: "code cell cleared", edit: set(s2, "output_total", 1, ""),
			sev: clusterscope.SevError, sheet: s2, cell: fixed("A4"), label: "集群总产值", msg: "找不到字段代码「output_total」"},
		{name: "code cells swapped", edit: func(t *testing.T, f *excelize.File) {
			a, b := rowOf(t, f, s2, "output_total"), rowOf(t, f, s2, "sme_output_share")
			f.SetCellValue(s2, cell(1, a), "sme_output_share")
			f.SetCellValue(s2, cell(1, b), "output_total")
		}, sev: clusterscope.SevError, sheet: s2, cell: fixed("A5"), label: "集群总产值", msg: "与本行项目名称不符"},
		{name: "code cell moved to another sheet", edit: func(t *testing.T, f *excelize.File) {
			f.SetCellValue(s2, ref(t, f, s2, "output_total", 1), "")
			f.SetCellValue(s3, "A60", "output_total")
		}, sev: clusterscope.SevError, sheet: s3, cell: fixed("A60"), label: "集群总产值", msg: "属于工作表「二、主导产业情况」"},
		{name: "sheet deleted", edit: func(t *testing.T, f *excelize.File) {
			if err := f.DeleteSheet(s3); err != nil {
				t.Fatal(err)
			}
		}, sev: clusterscope.SevError, sheet: s3, cell: fixed(""), msg: "缺少工作表"},
		{name: "text in a number cell", edit: set(s2, "output_total", colE, "四十五亿"),
			sev: clusterscope.SevError, sheet: s2, cell: at(s2, "output_total", colE), label: "集群总产值", msg: "不是数字"},
		{name: "count with decimals", edit: set(s2, "enterprises", colD, 12.5),
			sev: clusterscope.SevError, sheet: s2, cell: at(s2, "enterprises", colD), label: "集群企业数量", msg: "整数"},
		{name: "yes/no answered otherwise", edit: set("一、基本情况", "provincial_cluster", colD, "有"),
			sev: clusterscope.SevError, sheet: "一、基本情况", cell: at("一、基本情况", "provincial_cluster", colD), label: "省级", msg: "应为 是 或 否"},
		{name: "text over 200 characters", edit: set(s2, "chain_cultivation_text", colD, strings.Repeat("链", 201)),
			sev: clusterscope.SevError, sheet: s2, cell: at(s2, "chain_cultivation_text", colD), label: "集群产业链培育和招商情况", msg: "超过 200 字"},
		{name: "required field blank", edit: set("封面", "cluster_name", colD, ""),
			sev: clusterscope.SevError, sheet: "封面", cell: at("封面", "cluster_name", colD), label: "集群名称", msg: "必填项未填写"},
		{name: "target year blank", edit: set(s8, "target.rd_spend", colF, ""),
			sev: clusterscope.SevError, sheet: s8, cell: at(s8, "target.rd_spend", colF), label: "研发经费投入", msg: "必填项未填写"},
		{name: "own target without code", edit: set(s8, "#own1", 2, "主导产品出口额"),
			sev: clusterscope.SevError, sheet: s8, cell: at(s8, "#own1", colH), label: "主导产品出口额", msg: "须填写指标代码"},
		{name: "own target with a catalog code", edit: func(t *testing.T, f *excelize.File) {
			for col, v := range map[int]any{2: "研发", colD: 1, colE: 2, colF: 3, colG: 4, colH: "rd_spend"} {
				put(t, f, s8, "#own1", col, v)
			}
		}, sev: clusterscope.SevError, sheet: s8, cell: at(s8, "#own1", colH), label: "研发", msg: "与模板已有指标重复"},
		{name: "a share typed with % in a cell formatted 0.00", edit: styled(s2, "sme_output_share", colD, 0.83, 2),
			sev: clusterscope.SevError, sheet: s2, cell: at(s2, "sme_output_share", colD), label: "中小企业产值", msg: "可能是输入「83%」时表格存下的值"},
		{name: "a share stored as the fraction of 84.02%", edit: set(s2, "sme_output_share", colD, 0.8402),
			sev: clusterscope.SevError, sheet: s2, cell: at(s2, "sme_output_share", colD), label: "中小企业产值", msg: "是输入「84.02%」时表格存下的值"},
		{name: "a percent typed for an amount", edit: styled(s2, "output_total", colD, 0.83, 9),
			sev: clusterscope.SevError, sheet: s2, cell: at(s2, "output_total", colD), label: "集群总产值", msg: "百分数「83%」（表格存为 0.83），本项不是百分比：请按单位（亿元）"},
		{name: "a year alone in a date cell", edit: set("封面", "founded_on", colD, 2009),
			sev: clusterscope.SevError, sheet: "封面", cell: at("封面", "founded_on", colD), label: "集群成立时间", msg: "「2009」不是有效日期（日期单元格把数字 2009 显示为 1905-07-01）：请填写年月日，如 2009-06-01"},
		{name: "extra sheet", edit: func(t *testing.T, f *excelize.File) { f.NewSheet("备注") },
			sev: clusterscope.SevWarning, sheet: "备注", cell: fixed(""), msg: "不属于模板"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := filled(t, 2022)
			if tc.edit != nil {
				tc.edit(t, f)
			}
			b := save(t, f)
			if tc.data != nil {
				b = tc.data(t, b)
			}
			obs, probs := read(b)
			if tc.only {
				if len(probs) != 1 || len(obs) != 0 || probs[0].Severity != clusterscope.SevError ||
					probs[0].File != "申报表.xlsx" || !strings.Contains(probs[0].Message, tc.msg) {
					t.Fatalf("want one error with %q and no observations, got %d observations and %v", tc.msg, len(obs), probs)
				}
				return
			}
			if !hasProblem(probs, tc.sev, tc.sheet, tc.cell(t, f), tc.label, tc.msg) {
				t.Errorf("no %s problem at %s %s %q %q; got:\n%s", tc.sev, tc.sheet, tc.cell(t, f), tc.label, tc.msg, list(probs))
			}
			for _, p := range probs {
				if p.File != "申报表.xlsx" || p.Message == "" {
					t.Errorf("unlocated problem %+v", p)
				}
			}
		})
	}
}

func list(probs []clusterscope.Problem) string {
	var b strings.Builder
	for _, p := range probs {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}

// TestReadNeverPanics feeds truncated and corrupted workbooks.
func TestReadNeverPanics(t *testing.T) {
	good := save(t, filled(t, 2022))
	for n := 0; n < len(good); n += len(good)/40 + 1 {
		if _, probs := read(good[:n]); len(probs) == 0 {
			t.Errorf("truncated to %d bytes: no problem", n)
		}
	}
	// a damaged worksheet is one problem, not one per cell
	if _, probs := read(damage(t, good, "xl/worksheets/sheet3.xml")); len(probs) != 1 || probs[0].Sheet != "二、主导产业情况" {
		t.Errorf("damaged sheet: %s", list(probs))
	}
	for off := 0; off < len(good); off += len(good)/40 + 1 {
		bad := bytes.Clone(good)
		for i := off; i < off+64 && i < len(bad); i++ {
			bad[i] ^= 0x5a
		}
		read(bad) // must not panic
	}
}

// damage rewrites a zip with the part cut in half, so its XML is broken.
func damage(t *testing.T, b []byte, part string) []byte {
	t.Helper()
	zr, err := zipReader(b)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if zf.Name != part {
			if err := zw.Copy(zf); err != nil {
				t.Fatal(err)
			}
			continue
		}
		x := readPart(t, zf)
		w, err := zw.Create(part)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(x[:len(x)/2]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
