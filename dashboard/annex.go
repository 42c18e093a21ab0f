package dashboard

import (
	"bytes"
	"fmt"
	"math"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"clusterscope"
)

// annexColumns are 附件1's columns, in the notice's words and order, with
// the width of each in the workbook (in widths of a "0").
var annexColumns = []struct {
	label string
	width float64
}{{"序号", 6}, {"集群名称", 40}, {"集群运营管理机构", 28}, {"所在省、市、县（区）", 26}, {"主导产业", 14}, {"集群成立时间", 16}}

// annexRow is one recommended cluster as 附件1 lists it; founded is the
// canonical text of the date (a day, a month or a year).
type annexRow struct {
	no                                       int
	name, operator, place, industry, founded string
}

func (r annexRow) cells() []any {
	return []any{r.no, r.name, r.operator, r.place, r.industry, r.founded}
}

// annexRows are the recommended clusters as 附件1 lists them.
func annexRows(a *assessment, items []clusterscope.RecommendationItem) []annexRow {
	data := map[string]*clusterscope.ClusterData{}
	for _, d := range a.data {
		data[d.Cluster.ID] = d
	}
	rows := make([]annexRow, len(items))
	for i, it := range items {
		d := data[it.Cluster.ID]
		operator, _ := d.Text("operator")
		founded, _ := d.Text("founded_on")
		c := it.Cluster
		rows[i] = annexRow{i + 1, c.Name, operator, c.Province + c.City + c.County, c.LeadingIndustry, founded}
	}
	return rows
}

func annexTitle(batch int) string {
	return fmt.Sprintf("%d年度中小企业特色产业集群推荐汇总表", batch)
}

// annexHeads are the two lines above the table, with what the official typed.
func annexHeads(authority, contact string) []string {
	return []string{"市级中小企业主管部门：（盖章）" + authority, "联系人和手机：" + contact}
}

// serveAnnex writes 附件1 「推荐汇总表」 as an A4 workbook ready to print,
// or as CSV, from the page's own assessment.
func (s *Server) serveAnnex(format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		a, items, err := s.annexSelection(c)
		if err != nil {
			return err
		}
		authority, contact := c.QueryParam("authority"), c.QueryParam("contact")
		rows := annexRows(a, items)
		name := "附件1-" + annexTitle(a.sel.Batch)
		note := ""
		if s.db.Demo() {
			name, note = "演示数据-"+name, clusterscope.DemoNote
		}
		if format == "csv" {
			b, err := csvBytes(annexRecords(a.sel.Batch, annexHeads(authority, contact), rows, note))
			if err != nil {
				return err
			}
			return attachment(c, name+".csv", "text/csv; charset=utf-8", b)
		}
		b, err := annexWorkbook(a.sel.Batch, annexHeads(authority, contact), rows, note)
		if err != nil {
			return err
		}
		return attachment(c, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
	}
}

// annexRecords is 附件1 as CSV: the same lines as the workbook.
func annexRecords(batch int, heads []string, rows []annexRow, note string) [][]any {
	records := [][]any{{annexTitle(batch)}, {heads[0]}, {heads[1]}, {}}
	for _, col := range annexColumns {
		records[3] = append(records[3], col.label)
	}
	for _, r := range rows {
		records = append(records, r.cells())
	}
	if note != "" {
		records = append(records, []any{note})
	}
	return records
}

// Lines of 附件1's 11 pt text: a line's height in points, and the width
// of a character in widths of a "0" (the unit of column widths), a CJK
// character being about two. Both are a little generous, so that a row
// is never too short for its text in Excel, WPS or LibreOffice.
const (
	annexLine      = 15.0
	annexPad       = 6.0 // above and below the text of a row
	annexWide      = 2.2
	annexNarrow    = 1.15
	annexMaxHeight = 409 // Excel's highest row
)

// textLines estimates how many lines text takes wrapped in a column of
// the width (less a character's room for the cell's margins).
func textLines(text string, colWidth float64) int {
	room := max(colWidth-1, 1)
	lines, used := 1, 0.0
	for _, r := range text {
		if r == '\n' {
			lines, used = lines+1, 0
			continue
		}
		w := annexNarrow
		if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
			w = annexWide
		}
		if used+w > room {
			lines, used = lines+1, 0
		}
		used += w
	}
	return lines
}

// rowHeight is the height of a row whose cells hold texts in columns of
// the widths: the tallest cell's lines.
func rowHeight(texts []string, widths []float64) float64 {
	lines := 1
	for i, t := range texts {
		lines = max(lines, textLines(t, widths[i]))
	}
	return math.Min(float64(lines)*annexLine+annexPad, annexMaxHeight)
}

// annexDateFormats show a founding date as the notice writes dates
// (2022年10月18日), to the precision it was given: a day, a month, a year.
var annexDateFormats = []struct{ layout, format, shown string }{
	{"2006-01-02", `yyyy"年"m"月"d"日"`, "2006年1月2日"},
	{"2006-01", `yyyy"年"m"月"`, "2006年1月"},
	{"2006", `yyyy"年"`, "2006年"},
}

// annexSheet writes 附件1's sheet, keeping the first error.
type annexSheet struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *annexSheet) check(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *annexSheet) style(s *excelize.Style) int {
	id, err := w.f.NewStyle(s)
	w.check(err)
	return id
}

// set writes a cell: text defused and as a string cell, numbers as numbers.
func (w *annexSheet) set(col, row int, v any, style int) {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	switch x := v.(type) {
	case int:
		w.check(w.f.SetCellInt(w.sheet, ref, int64(x)))
	case float64:
		w.check(w.f.SetCellFloat(w.sheet, ref, x, -1, 64))
	default:
		w.check(w.f.SetCellStr(w.sheet, ref, defuse(fmt.Sprint(x))))
	}
	w.check(w.f.SetCellStyle(w.sheet, ref, ref, style))
}

// annexDate is a founding date as a spreadsheet stores it (days since
// 1899-12-30), the index of its format in annexDateFormats and the date
// as shown; ok is false for text that is no date (it was checked when
// loaded, so that is not expected).
func annexDate(founded string) (serial float64, format int, shown string, ok bool) {
	for i, d := range annexDateFormats {
		if t, err := time.Parse(d.layout, founded); err == nil {
			return t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24, i, t.Format(d.shown), true
		}
	}
	return 0, 0, founded, false
}

// annexWorkbook lays out 附件1 as the notice prints it: 「附件1」, the title,
// the two header lines, the table with black borders; 序号 a number and
// 集群成立时间 a date cell; every row as high as its wrapped text; A4
// landscape, one page wide.
func annexWorkbook(batch int, heads []string, rows []annexRow, note string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	w := &annexSheet{f: f, sheet: "推荐汇总表"}
	w.check(f.SetSheetName("Sheet1", w.sheet))
	var border []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		border = append(border, excelize.Border{Type: side, Color: "000000", Style: 1})
	}
	font := excelize.Font{Family: "宋体", Size: 11}
	wrapLeft := &excelize.Alignment{Vertical: "center", WrapText: true}
	centred := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	title := w.style(&excelize.Style{Font: &excelize.Font{Family: "方正小标宋简体", Size: 18}, Alignment: centred})
	plain := w.style(&excelize.Style{Font: &font, Alignment: wrapLeft})
	head := w.style(&excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 11}, Border: border, Alignment: centred})
	text := w.style(&excelize.Style{Font: &font, Border: border, NumFmt: 49, Alignment: wrapLeft}) // text: never a formula or a date
	number := w.style(&excelize.Style{Font: &font, Border: border, NumFmt: 1, Alignment: centred})
	dates := make([]int, len(annexDateFormats))
	for i, d := range annexDateFormats {
		dates[i] = w.style(&excelize.Style{Font: &font, Border: border, CustomNumFmt: &d.format, Alignment: centred})
	}
	widths := make([]float64, len(annexColumns))
	total := 0.0
	for i, col := range annexColumns {
		widths[i] = col.width
		total += col.width
		name, _ := excelize.ColumnNumberToName(i + 1)
		w.check(f.SetColWidth(w.sheet, name, name, col.width))
	}
	// line writes text across the table's width, as high as it wraps.
	line := func(row int, s string, style int, height float64) {
		w.set(1, row, s, style)
		w.check(f.MergeCell(w.sheet, fmt.Sprintf("A%d", row), fmt.Sprintf("F%d", row)))
		w.check(f.SetRowHeight(w.sheet, row, max(height, rowHeight([]string{s}, []float64{total}))))
	}
	w.set(1, 1, "附件1", plain)
	line(2, annexTitle(batch), title, 36)
	line(3, heads[0], plain, 0)
	line(4, heads[1], plain, 0)
	labels := make([]string, len(annexColumns))
	for i, col := range annexColumns {
		labels[i] = col.label
		w.set(i+1, 5, col.label, head)
	}
	w.check(f.SetRowHeight(w.sheet, 5, rowHeight(labels, widths)))
	for i, r := range rows {
		n := 6 + i
		w.set(1, n, r.no, number)
		for j, s := range []string{r.name, r.operator, r.place, r.industry} {
			w.set(2+j, n, s, text)
		}
		serial, format, shown, ok := annexDate(r.founded)
		if ok {
			w.set(6, n, serial, dates[format])
		} else {
			w.set(6, n, r.founded, text)
		}
		w.check(f.SetRowHeight(w.sheet, n, rowHeight([]string{fmt.Sprint(r.no), r.name, r.operator, r.place, r.industry, shown}, widths)))
	}
	if note != "" {
		line(7+len(rows), note, plain, 0)
	}
	orientation, fit := "landscape", true
	size := 9 // A4
	w.check(f.SetPageLayout(w.sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: ptr(1), FitToHeight: ptr(0)}))
	w.check(f.SetSheetProps(w.sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	w.check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + w.sheet + "'!$5:$5", Scope: w.sheet}))
	var buf bytes.Buffer
	w.check(f.Write(&buf))
	if w.err != nil {
		return nil, fmt.Errorf("write annex 1: %w", w.err)
	}
	return buf.Bytes(), nil
}
