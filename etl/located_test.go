package etl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clusterscope"
)

// TestWorkbookWarningNamesCells: a warning found after reading a workbook
// names its sheet and cell, and the cell of the value it is compared with.
func TestWorkbookWarningNamesCells(t *testing.T) {
	const s8 = "八、发展目标"
	at := ""
	b := editApplication(func(t *testing.T, f *excelize.File) {
		at = cellOf(t, f, s8, "target.output_total", 4) // the baseline, 2021
		f.SetCellValue(s8, at, 1.5)
	})(t)
	path := filepath.Join(t.TempDir(), "申报表.xlsx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, problems, _, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range problems {
		if p.Severity == clusterscope.SevError {
			t.Errorf("unexpected error: %s", p)
		}
		found = found || p.Sheet == s8 && p.Cell == at && p.Line == 0 &&
			strings.Contains(p.Message, "目标基准值 1.5 与申报表 2021 年的「集群总产值」") &&
			strings.Contains(p.Message, "（工作表「二、主导产业情况」单元格 F4）不一致")
	}
	if !found {
		t.Errorf("no baseline warning at %s!%s naming 二、主导产业情况 F4; got %v", s8, at, problems)
	}
}
