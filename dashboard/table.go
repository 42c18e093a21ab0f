package dashboard

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"

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
	// Paging says which page of the rows the answer holds (see paging.go):
	// a page's JSON holds one page of each table, a download every row.
	Paging *pageInfo `json:"paging,omitempty"`
	// kept holds the rows instead of Rows when they were built as
	// columns (rowsBuilder); keep takes them as they are.
	kept *keptRows
}

// column is one column of a table. Numeric only aligns it: a cell's value
// decides how it is written (a number, an integer, or text), whatever the
// column, as profile tables hold text in their year columns.
type column struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Numeric bool   `json:"numeric,omitempty"`
	Link    string `json:"link,omitempty"` // key of a row field holding a URL for this cell
}

// whole is a count or rank as a table holds it: an integer when it is one,
// so that downloads write it without decimals; missing stays missing, and
// a fraction (never a valid count) is kept as it is.
func whole(x *float64) any {
	if x == nil {
		return nil
	}
	if *x == math.Trunc(*x) && math.Abs(*x) < 1<<53 {
		return int64(*x)
	}
	return x
}

// defuse makes text that a spreadsheet would run as a formula (= + - @,
// tab, CR first) plain text with a leading apostrophe, OWASP's advice for
// CSV injection. Only numbers are written as numbers, so "-2+3+cmd|…" as
// text is defused while the number -3.5 stays a number.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// cell is a value as downloads write it: float64 (the form's numbers, two
// decimals), int64 (counts and ranks), nil (blank), or defused text.
func cell(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case *float64:
		if x == nil {
			return nil
		}
		return cell(*x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	case int:
		return int64(x)
	case int64:
		return x
	case string:
		return defuse(x)
	}
	return defuse(fmt.Sprint(v))
}

// csvField writes a cell: numbers in full, without an exponent, so
// 1234567 is "1234567" and the rank 1 is "1".
func csvField(v any) string {
	switch x := cell(v).(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return fmt.Sprint(cell(v)) // text, already defused
}

// csvBytes is a CSV download: UTF-8 with a BOM, which Excel and WPS need
// to read Chinese, every field written by csvField.
func csvBytes(records [][]any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	for _, r := range records {
		rec := make([]string, len(r))
		for i, v := range r {
			rec[i] = csvField(v)
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func (t *table) allRows() []map[string]any {
	rows := t.Rows
	if t.kept != nil {
		rows = t.kept.window(tableAsk{}, 0, t.kept.n)
	}
	return append(append([]map[string]any{}, rows...), t.Footer...)
}

func attachment(c echo.Context, name, ctype string, body []byte) error {
	c.Response().Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	return c.Blob(http.StatusOK, ctype, body)
}

func writeCSV(c echo.Context, name string, t *table, note string) error {
	head := make([]any, len(t.Columns))
	for i, col := range t.Columns {
		head[i] = col.Label
	}
	records := [][]any{head}
	for _, r := range t.allRows() {
		rec := make([]any, len(t.Columns))
		for i, col := range t.Columns {
			rec[i] = r[col.Key]
		}
		records = append(records, rec)
	}
	if note != "" {
		records = append(records, []any{note})
	}
	b, err := csvBytes(records)
	if err != nil {
		return err
	}
	return attachment(c, name, "text/csv; charset=utf-8", b)
}

// Number formats of downloads: the form keeps two decimals (填报说明 2),
// counts and ranks none.
var (
	decimalFormat = "#,##0.00"
	wholeFormat   = "#,##0"
)

// xlsxCell writes a cell: text as a string cell (never a formula), numbers
// as numbers in the format of their precision (style ids by type).
func xlsxCell(f *excelize.File, sheet, ref string, v any, decimal, integer int) error {
	switch x := cell(v).(type) {
	case float64:
		if err := f.SetCellFloat(sheet, ref, x, -1, 64); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, ref, ref, decimal)
	case int64:
		if err := f.SetCellInt(sheet, ref, x); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, ref, ref, integer)
	case string:
		return f.SetCellStr(sheet, ref, x)
	}
	return nil
}

func writeXLSX(c echo.Context, name string, t *table, note string) error {
	b, err := xlsxBytes([]sheetTable{{"Sheet1", t}}, note)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return attachment(c, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
}

// sheetTable is a table written on a sheet of its own.
type sheetTable struct {
	Sheet string
	*table
}

// xlsxBytes writes each table on its sheet: its caption, the note, the
// header in bold, then the rows.
func xlsxBytes(tables []sheetTable, note string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	decimal, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &decimalFormat})
	integer, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &wholeFormat})
	for i, st := range tables {
		sheet, t := st.Sheet, st.table
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return nil, err
		}
		f.SetCellStr(sheet, "A1", defuse(t.Caption))
		row := 2
		if note != "" {
			f.SetCellStr(sheet, "A2", defuse(note))
			row++
		}
		for i, col := range t.Columns {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			f.SetCellStr(sheet, ref, defuse(col.Label))
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
				if err := xlsxCell(f, sheet, ref, r[col.Key], decimal, integer); err != nil {
					return nil, fmt.Errorf("%s %s: %w", sheet, ref, err)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func ptr[T any](v T) *T { return &v }
