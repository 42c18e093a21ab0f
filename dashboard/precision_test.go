package dashboard_test

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clusterscope/cmd/clusterscope/demo"
)

// TestDownloadsKeepEachFieldsPrecision: ranks and counts download as
// whole numbers, the form's other numbers with its two decimals, and a
// large number is written out, not as 1.23e+06.
func TestDownloadsKeepEachFieldsPrecision(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{Recognised: 6})
	assess := "batch=2022&province=宁夏回族自治区"
	profile := "batch=2022&id=NX-ZW-001&table=2" // 二、主导产业情况: counts of enterprises and output
	cases := []struct {
		path, row, col string // a row by the text of its first cell ("" the first data row), a column by its label
		csv, xlsx      string // a pattern the value must match in each
	}{
		{"/api/assess.%s?" + assess, "", "名次", `^1$`, `^1$`},
		{"/api/assess.%s?" + assess, "", "综合得分", `^\d+(\.\d{1,2})?$`, `^\d+\.\d\d$`},
		{"/api/cluster.%s?" + profile, "集群企业数量", "2021 年", `^\d+$`, `^[\d,]+$`},
		{"/api/cluster.%s?" + profile, "集群总产值", "2021 年", `^\d+(\.\d{1,2})?$`, `^[\d,]+\.\d\d$`},
		{"/api/cluster.%s?batch=2022&id=NX-ZW-001&table=10", "优质中小企业数量", "2021 年基准值", `^\d+$`, `^[\d,]+$`},
		{"/api/cluster.%s?batch=2022&id=NX-ZW-001&table=10", "集群产值", "2021 年基准值", `^\d+(\.\d{1,2})?$`, `^[\d,]+\.\d\d$`},
		{"/api/monitor.%s?code=quality_smes", "", "基准值", `^\d+$`, `^[\d,]+$`},
		{"/api/admin.%s?table=1", "", "行数", `^\d+$`, `^[\d,]+$`},
	}
	for _, c := range cases {
		for _, format := range []string{"csv", "xlsx"} {
			path := strings.Replace(c.path, "%s", format, 1)
			status, _, body := getAs(t, ts, "admin", path)
			if status != 200 {
				t.Fatalf("%s: %d %s", path, status, body)
			}
			var rows [][]string
			if format == "csv" {
				rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff"))))
				rd.FieldsPerRecord = -1
				rows, _ = rd.ReadAll()
			} else {
				f, err := excelize.OpenReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				rows, _ = f.GetRows("Sheet1") // formatted, as the spreadsheet shows them
				f.Close()
			}
			got, ok := lookup(rows, c.row, c.col)
			want := map[string]string{"csv": c.csv, "xlsx": c.xlsx}[format]
			if !ok || !regexp.MustCompile(want).MatchString(got) {
				t.Errorf("%s: %s / %s is %q, want %s", path, orFirst(c.row), c.col, got, want)
			}
		}
	}
}

// TestCSVWritesLargeNumbersOut: 1234567.25 is written as it is, not in an
// exponent a reader would have to undo.
func TestCSVWritesLargeNumbersOut(t *testing.T) {
	ts := newServer(t, strings.Replace(fixtureRows, "NX-YC-002,2022,output_total,2021,88.4", "NX-YC-002,2022,output_total,2021,1234567.25", 1))
	_, _, body := get(t, ts, "/api/compare.csv?batch=2022")
	if !strings.Contains(string(body), ",1234567.25,") {
		t.Errorf("1234567.25 is not written out:\n%s", body)
	}
}

// lookup finds the cell of the column with the label in the row whose
// first cell starts with row (or the row under the header).
func lookup(rows [][]string, row, label string) (string, bool) {
	for h, r := range rows {
		col := -1
		for i, c := range r {
			if c == label || strings.HasPrefix(c, label+"（") {
				col = i
			}
		}
		if col < 0 {
			continue
		}
		for _, data := range rows[h+1:] {
			if len(data) > col && (row == "" || len(data) > 0 && strings.HasPrefix(data[0], row)) {
				return data[col], true
			}
		}
	}
	return "", false
}

func orFirst(row string) string {
	if row == "" {
		return "first row"
	}
	return row
}
