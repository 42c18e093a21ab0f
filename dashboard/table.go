package dashboard

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"
)

// table is a data table as the page shows it and as it is downloaded.
type table struct {
	ID      string           `json:"id"`
	Caption string           `json:"caption"`
	Columns []column         `json:"columns"`
	Rows    []map[string]any `json:"rows"`
	Footer  []map[string]any `json:"footer,omitempty"` // e.g. quartiles of the rows
}

type column struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Numeric bool   `json:"numeric,omitempty"`
	Link    string `json:"link,omitempty"` // key of a row field holding a URL for this cell
}

// cell renders one value for a download: numbers stay numbers, text that
// a spreadsheet would run as a formula (= + - @, tab, CR) is defused with
// a leading apostrophe (OWASP's advice for CSV injection).
func cell(v any, numeric bool) any {
	switch x := v.(type) {
	case nil:
		return ""
	case *float64:
		if x == nil {
			return ""
		}
		return *x
	case float64, int, int64, bool:
		return x
	case string:
		if !numeric && x != "" && bytes.ContainsAny([]byte{x[0]}, "=+-@\t\r") {
			return "'" + x
		}
		return x
	}
	return fmt.Sprint(v)
}

func (t *table) allRows() []map[string]any {
	return append(append([]map[string]any{}, t.Rows...), t.Footer...)
}

func attachment(c echo.Context, name, ctype string, body []byte) error {
	c.Response().Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	return c.Blob(http.StatusOK, ctype, body)
}

// writeCSV writes UTF-8 with a BOM, which Excel and WPS need to read Chinese.
func writeCSV(c echo.Context, name string, t *table, note string) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	head := make([]string, len(t.Columns))
	for i, col := range t.Columns {
		head[i] = col.Label
	}
	w.Write(head)
	for _, r := range t.allRows() {
		rec := make([]string, len(t.Columns))
		for i, col := range t.Columns {
			rec[i] = fmt.Sprint(cell(r[col.Key], col.Numeric))
		}
		w.Write(rec)
	}
	if note != "" {
		w.Write([]string{note})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return attachment(c, name, "text/csv; charset=utf-8", buf.Bytes())
}

func writeXLSX(c echo.Context, name string, t *table, note string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	f.SetCellValue(sheet, "A1", t.Caption)
	row := 2
	if note != "" {
		f.SetCellValue(sheet, "A2", note)
		row++
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	num, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("#,##0.00")})
	for i, col := range t.Columns {
		ref, _ := excelize.CoordinatesToCellName(i+1, row)
		f.SetCellStr(sheet, ref, col.Label)
		f.SetCellStyle(sheet, ref, ref, bold)
		w := 14.0
		if !col.Numeric {
			w = 28
		}
		colName, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sheet, colName, colName, w)
	}
	for _, r := range t.allRows() {
		row++
		for i, col := range t.Columns {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			switch v := cell(r[col.Key], col.Numeric).(type) {
			case string:
				f.SetCellStr(sheet, ref, v) // text stays text: never a formula
			default:
				f.SetCellValue(sheet, ref, v)
				if col.Numeric {
					f.SetCellStyle(sheet, ref, ref, num)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return attachment(c, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

func ptr[T any](v T) *T { return &v }
