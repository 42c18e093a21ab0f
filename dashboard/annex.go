package dashboard

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"clusterscope"
)

// annexColumns are 附件1's columns, in the notice's words and order.
var annexColumns = []string{"序号", "集群名称", "集群运营管理机构", "所在省、市、县（区）", "主导产业", "集群成立时间"}

// annexRows are the recommended clusters as 附件1 lists them.
func annexRows(a *assessment, items []clusterscope.RecommendationItem) [][]string {
	data := map[string]*clusterscope.ClusterData{}
	for _, d := range a.data {
		data[d.Cluster.ID] = d
	}
	rows := make([][]string, len(items))
	for i, it := range items {
		d := data[it.Cluster.ID]
		operator, _ := d.Text("operator")
		founded, _ := d.Text("founded_on")
		c := it.Cluster
		rows[i] = []string{fmt.Sprint(i + 1), c.Name, operator, c.Province + c.City + c.County, c.LeadingIndustry, founded}
	}
	return rows
}

func annexTitle(batch int) string {
	return fmt.Sprintf("%d年度中小企业特色产业集群推荐汇总表", batch)
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
			var buf bytes.Buffer
			buf.WriteString("\ufeff")
			w := csv.NewWriter(&buf)
			w.Write([]string{annexTitle(a.sel.Batch)})
			w.Write([]string{"市级中小企业主管部门：（盖章）" + defuse(authority)})
			w.Write([]string{"联系人和手机：" + defuse(contact)})
			w.Write(annexColumns)
			for _, r := range rows {
				w.Write(defuseAll(r))
			}
			if note != "" {
				w.Write([]string{note})
			}
			w.Flush()
			return attachment(c, name+".csv", "text/csv; charset=utf-8", buf.Bytes())
		}
		b, err := annexWorkbook(a.sel.Batch, authority, contact, rows, note)
		if err != nil {
			return err
		}
		return attachment(c, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
	}
}

func defuse(s string) string { return fmt.Sprint(cell(s, false)) }

func defuseAll(r []string) []string {
	out := make([]string, len(r))
	for i, s := range r {
		out[i] = defuse(s)
	}
	return out
}

// annexWorkbook lays out 附件1 as the notice prints it: 「附件1」, the title,
// the two header lines, the table with borders; A4 landscape, one page wide.
func annexWorkbook(batch int, authority, contact string, rows [][]string, note string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "推荐汇总表"
	f.SetSheetName("Sheet1", sheet)
	border := []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}}
	font := excelize.Font{Family: "宋体", Size: 11}
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "方正小标宋简体", Size: 18},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	plain, _ := f.NewStyle(&excelize.Style{Font: &font})
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "黑体", Size: 11}, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	body, _ := f.NewStyle(&excelize.Style{Font: &font, Border: border, NumFmt: 49, // text: never a formula or a date
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	set := func(ref, v string, style int) {
		f.SetCellStr(sheet, ref, v)
		f.SetCellStyle(sheet, ref, ref, style)
	}
	set("A1", "附件1", plain)
	set("A2", annexTitle(batch), title)
	f.MergeCell(sheet, "A2", "F2")
	f.SetRowHeight(sheet, 2, 36)
	set("A3", "市级中小企业主管部门：（盖章）"+authority, plain)
	f.MergeCell(sheet, "A3", "F3")
	set("A4", "联系人和手机："+contact, plain)
	f.MergeCell(sheet, "A4", "F4")
	for i, h := range annexColumns {
		ref, _ := excelize.CoordinatesToCellName(i+1, 5)
		set(ref, h, head)
	}
	for r, row := range rows {
		for i, v := range row {
			ref, _ := excelize.CoordinatesToCellName(i+1, 6+r)
			set(ref, v, body)
		}
	}
	if note != "" {
		ref := fmt.Sprintf("A%d", 7+len(rows))
		set(ref, note, plain)
	}
	for col, w := range map[string]float64{"A": 6, "B": 40, "C": 28, "D": 26, "E": 14, "F": 14} {
		f.SetColWidth(sheet, col, col, w)
	}
	orientation, fit := "landscape", true
	size := 9 // A4
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: ptr(1), FitToHeight: ptr(0)}); err != nil {
		return nil, err
	}
	f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
	f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$5:$5", Scope: sheet})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write annex 1: %w", err)
	}
	return buf.Bytes(), nil
}
