package etl

import (
	"path/filepath"
	"strings"
	"testing"

	"clusterscope"
)

// calcDir holds workbooks typed and saved by LibreOffice Calc itself, into
// the template, as its README says; the test needs no LibreOffice.
const calcDir = "testdata/calc"

// TestCalcTypedWorkbooks: what a person types into Calc is read as typed —
// "83%" as 83, said at its cell — or refused at its cell saying what to type.
func TestCalcTypedWorkbooks(t *testing.T) {
	const s2, s8, cover = "二、主导产业情况", "八、发展目标", "封面"
	type value struct {
		field string
		year  int
		text  string // "" for no value read
	}
	for _, tc := range []struct {
		file, sheet, cell string
		value
		sev clusterscope.Severity
		msg string // "" for no problem at the cell
	}{
		{"percent.xlsx", s2, "D5", value{"sme_output_share", 2019, "83"}, clusterscope.SevWarning, "输入的是百分数「83%」（表格存为 0.83）：本项单位已是 %，已按 83 读入"},
		{"percent.xlsx", s2, "E5", value{"sme_output_share", 2020, "84.02"}, clusterscope.SevWarning, "已按 84.02 读入"},
		{"percent.xlsx", s2, "F5", value{"sme_output_share", 2021, "12.5"}, "", ""},
		{"percent.xlsx", s2, "D7", value{"leading_output_growth", 2019, "-5"}, clusterscope.SevWarning, "已按 -5 读入"},
		{"percent.xlsx", s8, "D9", value{"target.iip_penetration", 2021, "45"}, clusterscope.SevWarning, "已按 45 读入"},
		{"percent.xlsx", s2, "D6", value{"leading_output_share", 2019, ""}, clusterscope.SevError, "是输入「84.02%」时表格存下的值：本项单位已是 %，百分比请直接填数值，如 84.02"},
		{"percent.xlsx", s8, "D16", value{"target.export_value", 2021, ""}, clusterscope.SevError, "百分数「83%」（表格存为 0.83），本项不是百分比：请按单位（亿元）直接填写数值"},
		// typed into cells formatted 0.00, as the template's were: Calc keeps
		// 0.00, stores 0.83 and shows it, and nothing tells the % typed
		{"percent-0.00.xlsx", s2, "D5", value{"sme_output_share", 2019, ""}, clusterscope.SevError, "「0.83」小于 1，可能是输入「83%」时表格存下的值（本单元格的数字格式不显示 %）：本项单位已是 %，百分比请直接填数值，如 83"},
		{"percent-0.00.xlsx", s2, "E5", value{"sme_output_share", 2020, ""}, clusterscope.SevError, "「0.8402」有 4 位小数，是输入「84.02%」时表格存下的值"},
		{"percent-0.00.xlsx", s2, "F5", value{"sme_output_share", 2021, "12.5"}, "", ""},
		{"date-year.xlsx", cover, "D12", value{"founded_on", 0, ""}, clusterscope.SevError, "「2009」不是有效日期（日期单元格把数字 2009 显示为 1905-07-01）：请填写年月日，如 2009-06-01"},
		{"date-year.xlsx", cover, "D10", value{"submitted_on", 0, "2022-06-01"}, "", ""},
	} {
		t.Run(tc.file+" "+tc.cell, func(t *testing.T) {
			obs, problems, _, err := Read(filepath.Join(calcDir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, o := range obs {
				if o.Field == tc.field && o.Year == tc.year {
					got = o.Text
				}
			}
			if got != tc.text {
				t.Errorf("%s %d read as %q, want %q", tc.field, tc.year, got, tc.text)
			}
			var at []clusterscope.Problem
			for _, p := range problems {
				if p.Sheet == tc.sheet && p.Cell == tc.cell {
					at = append(at, p)
				}
				if strings.Contains(p.Message, "已按原值读入") || p.Sheet == "" && p.Line > 0 {
					t.Errorf("a problem that contradicts or names no cell: %s", p)
				}
			}
			if tc.msg == "" && len(at) > 0 || tc.msg != "" && (len(at) != 1 || at[0].Severity != tc.sev || !strings.Contains(at[0].Message, tc.msg)) {
				t.Errorf("at %s!%s want %s %q, got %v", tc.sheet, tc.cell, tc.sev, tc.msg, at)
			}
		})
	}
}
