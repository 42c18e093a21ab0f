package dashboard_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"clusterscope/cmd/clusterscope/demo"
)

// TestAnnex1Golden reads the 附件1 workbook back cell by cell against a
// golden copy, and checks what a city official hands in: the notice's
// title, header lines and columns, the recommended clusters in rank order,
// A4 landscape. The 附件1 of the seed is 宁夏's, for its cities: made under
// 宁夏's own call.
func TestAnnex1Golden(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{Recognised: -1})
	q := "batch=2022&province=宁夏回族自治区&call=ningxia-2022&authority=宁夏回族自治区工业和信息化厅&contact=周文 13900000000"
	status, hdr, body := get(t, ts, "/api/assess.annex1.xlsx?"+strings.ReplaceAll(q, " ", "%20"))
	if status != 200 || !strings.Contains(hdr.Get("Content-Disposition"), "xlsx") {
		t.Fatalf("annex 1: %d %s", status, body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.MarshalIndent(rows, "", "  ")
	g := newGolden(t, "testdata", *update, annexGolden)
	g.check(annexGolden, append(got, '\n'))
	g.orphans()
	// What the notice prescribes, independent of the golden copy.
	if rows[0][0] != "附件1" || rows[1][0] != "2022年度中小企业特色产业集群推荐汇总表" ||
		rows[2][0] != "市级中小企业主管部门：（盖章）宁夏回族自治区工业和信息化厅" || rows[3][0] != "联系人和手机：周文 13900000000" {
		t.Errorf("header lines: %q", rows[:4])
	}
	if strings.Join(rows[4], "|") != "序号|集群名称|集群运营管理机构|所在省、市、县（区）|主导产业|集群成立时间" {
		t.Errorf("columns: %q", rows[4])
	}
	_, _, assess := get(t, ts, "/api/assess?batch=2022&province=宁夏回族自治区&call=ningxia-2022")
	var a struct {
		Tables []struct {
			Rows []map[string]any `json:"rows"`
		} `json:"tables"`
	}
	json.Unmarshal(assess, &a)
	var recommended []string
	for _, r := range a.Tables[0].Rows {
		if r["recommended"] == "推荐" {
			recommended = append(recommended, r["name"].(string))
		}
	}
	if len(recommended) == 0 {
		t.Fatal("nothing recommended")
	}
	for i, name := range recommended {
		if row := rows[5+i]; row[0] != strconv.Itoa(i+1) || row[1] != name {
			t.Errorf("row %d: %q, want %d. %s", 6+i, row, i+1, name)
		}
	}
	if last := rows[len(rows)-1]; !strings.Contains(last[0], "演示数据") {
		t.Errorf("the demo annex does not say it is demo data: %q", last)
	}
	if merged, _ := f.GetMergeCells(sheet); len(merged) == 0 || merged[0].GetStartAxis() != "A2" || merged[0].GetEndAxis() != "F2" {
		t.Errorf("title not merged across the table: %v", merged)
	}
	layout, _ := f.GetPageLayout(sheet)
	if layout.Orientation == nil || *layout.Orientation != "landscape" || layout.Size == nil || *layout.Size != 9 {
		t.Errorf("page layout: %+v", layout)
	}
}

// TestAnnex1PrintsReadably reads 附件1 back as an office suite would: each
// table row is at least as high as its wrapped text's lines, the borders
// have a valid colour, 序号 is a number and 集群成立时间 a date in the
// notice's way of writing dates (2022年10月18日).
func TestAnnex1PrintsReadably(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{Recognised: -1})
	q := "batch=2022&province=宁夏回族自治区"
	status, _, body := get(t, ts, "/api/assess.annex1.xlsx?"+q)
	if status != 200 {
		t.Fatalf("annex 1: %d %s", status, body)
	}
	_, _, csvBody := get(t, ts, "/api/assess.annex1.csv?"+q)
	founded := map[string]string{} // 集群名称 → 集群成立时间 as loaded
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvBody, []byte("\ufeff"))))
	rd.FieldsPerRecord = -1
	records, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range records[4:] {
		if len(r) == 6 {
			founded[r[1]] = r[5]
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, _ := f.GetRows(sheet)
	const lineHeight = 14.0 // points, for 11 pt text
	checked := 0
	for r := 5; r <= len(rows); r++ {
		if len(rows[r-1]) < 6 {
			continue // the note under the table
		}
		lines := 1
		for c, text := range rows[r-1] {
			col, _ := excelize.ColumnNumberToName(c + 1)
			w, _ := f.GetColWidth(sheet, col)
			lines = max(lines, wrappedLines(text, w))
		}
		if h, _ := f.GetRowHeight(sheet, r); h < float64(lines)*lineHeight {
			t.Errorf("row %d is %.1f pt high for %d lines of text: %q", r, h, lines, rows[r-1])
		}
		checked++
	}
	if checked < 3 {
		t.Fatalf("only %d table rows", checked)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	styles, err := fs.ReadFile(zr, "xl/styles.xml")
	if err != nil {
		t.Fatal(err)
	}
	borders := regexp.MustCompile(`(?s)<borders.*</borders>`).FindString(string(styles))
	colours := regexp.MustCompile(`<color rgb="([^"]*)"`).FindAllStringSubmatch(borders, -1)
	if len(colours) == 0 {
		t.Error("the borders have no colour")
	}
	for _, c := range colours {
		if !regexp.MustCompile(`^[0-9A-Fa-f]{8}$`).MatchString(c[1]) {
			t.Errorf("border colour %q is not an ARGB colour", c[1])
		}
	}
	for r := 6; r < 6+checked-1; r++ {
		a, f6 := fmt.Sprintf("A%d", r), fmt.Sprintf("F%d", r)
		if typ, _ := f.GetCellType(sheet, a); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("序号 %s is not a number cell (type %v)", a, typ)
		}
		if raw, _ := f.GetCellValue(sheet, a, excelize.Options{RawCellValue: true}); raw != strconv.Itoa(r-5) {
			t.Errorf("序号 %s is %q, want %d", a, raw, r-5)
		}
		raw, _ := f.GetCellValue(sheet, f6, excelize.Options{RawCellValue: true})
		serial, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			t.Errorf("集群成立时间 %s is not a date cell: %q", f6, raw)
			continue
		}
		day, _ := excelize.ExcelDateToTime(serial, false)
		name, _ := f.GetCellValue(sheet, fmt.Sprintf("B%d", r))
		if want := founded[name]; day.Format("2006-01-02") != want {
			t.Errorf("集群成立时间 %s is %s, loaded as %s", f6, day.Format("2006-01-02"), want)
		}
		style, _ := f.GetCellStyle(sheet, f6)
		st, _ := f.GetStyle(style)
		if st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, `yyyy"年"m"月"d"日"`) {
			t.Errorf("集群成立时间 %s has no date format like 2022年10月18日: %+v", f6, st.CustomNumFmt)
		}
		if shown, _ := f.GetCellValue(sheet, f6); shown != day.Format("2006年1月2日") {
			t.Errorf("集群成立时间 %s shows %q", f6, shown)
		}
	}
}

// wrappedLines is how many lines text takes in a column of the width (in
// widths of a "0"): a CJK character is about two widths of a "0".
func wrappedLines(text string, width float64) int {
	units := 0.0
	for _, r := range text {
		if utf8.RuneLen(r) >= 3 {
			units += 2
		} else {
			units++
		}
	}
	return max(1, int(math.Ceil(units/max(width-1, 1))))
}
