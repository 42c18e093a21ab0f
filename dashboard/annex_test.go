package dashboard_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clusterscope/etl/demo"
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
	golden := filepath.Join("testdata", "annex1.golden.json")
	got, _ := json.MarshalIndent(rows, "", "  ")
	if *update {
		os.WriteFile(golden, append(got, '\n'), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	var wantRows [][]string
	json.Unmarshal(want, &wantRows)
	for r := range max(len(rows), len(wantRows)) {
		var g, w []string
		if r < len(rows) {
			g = rows[r]
		}
		if r < len(wantRows) {
			w = wantRows[r]
		}
		if strings.Join(g, "|") != strings.Join(w, "|") {
			t.Errorf("row %d: got %q, want %q", r+1, g, w)
		}
	}
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
