package clusterscope_test

import (
	"strings"
	"testing"

	"clusterscope"
)

func TestObserve(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	ok := []struct {
		name              string
		field             string
		year              int
		value             string
		wantText          string
		wantAsOf, wantRep int
	}{
		{"YearlyHistory", "output_total", 2019, "45.20", "45.2", 2019, 0},
		{"SingleValueIsEndOfLastYear", "cloud_adoption", 0, "38.5", "38.5", 2021, 0},
		{"SingleValueExplicitYear", "cloud_adoption", 2021, "38.5", "38.5", 2021, 0},
		{"FollowUpActual", "output_total", 2023, "63.85", "63.85", 2023, 2023},
		{"TargetOnlyActual", "rd_spend", 2023, "1.95", "1.95", 2023, 2023},
		{"Check", "sharing_shared_workshops", 0, "true", "true", 2021, 0},
		{"YesNoNA", "energy_efficiency_above_benchmark", 0, "不适用", "不涉及", 2021, 0},
		{"DateMonth", "founded_on", 0, "2015年6月", "2015-06", 2021, 0},
		{"Baseline", "target.output_total", 2021, "52.10", "52.1", 2021, 0},
		{"FinalTarget", "target.output_total", 2024, "70", "70", 2024, 0},
		{"Qualitative", "target.governance_goal", 0, "建成公共服务平台", "建成公共服务平台", 2024, 0},
		{"OwnTargetLabel", "target.wolfberry_exports:label", 0, "枸杞出口额", "枸杞出口额", 0, 0},
		{"OwnTargetValue", "target.wolfberry_exports", 2023, "3.5", "3.5", 2023, 0},
		{"NegativeGrowth", "export_growth", 2020, "-12.5", "-12.5", 2020, 0},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			o, err := cat.Observe("NX-ZW-001", 2022, c.field, c.year, c.value)
			if err != nil {
				t.Fatal(err)
			}
			if o.Text != c.wantText || o.AsOf != c.wantAsOf || o.Report != c.wantRep {
				t.Errorf("got text %q as_of %d report %d, want %q %d %d", o.Text, o.AsOf, o.Report, c.wantText, c.wantAsOf, c.wantRep)
			}
		})
	}
	bad := []struct {
		name, id, field string
		batch, year     int
		value, wantMsg  string
	}{
		{"UnknownCode", "NX-1", "output", 2022, 2021, "1", "未知字段代码"},
		{"BadClusterID", "NX 1", "output_total", 2022, 2021, "1", "集群编号"},
		{"LongClusterID", strings.Repeat("A", 65), "output_total", 2022, 2021, "1", "集群编号"},
		{"BadBatch", "NX-1", "output_total", 1999, 2021, "1", "批次"},
		{"NotANumber", "NX-1", "output_total", 2022, 2021, "四十五", "不是数字"},
		{"YearlyWithoutYear", "NX-1", "output_total", 2022, 0, "1", "年份应为 2019–2021"},
		{"YearTooOld", "NX-1", "output_total", 2022, 2018, "1", "年份应为 2019–2021"},
		{"FractionalCount", "NX-1", "enterprises", 2022, 2021, "12.5", "整数"},
		{"NegativeCount", "NX-1", "enterprises", 2022, 2021, "-1", "整数"},
		{"YesNo", "NX-1", "chain_map", 2022, 0, "有", "是 或 否"},
		{"Text200", "NX-1", "chain_cultivation_text", 2022, 0, strings.Repeat("字", 201), "201 字"},
		{"EmptyText", "NX-1", "operator", 2022, 0, " ", "不能为空"},
		{"BadDate", "NX-1", "founded_on", 2022, 0, "2015-13-01", "日期"},
		{"BadPhone", "NX-1", "operator_phone", 2022, 0, "call me", "电话"},
		{"SingleFieldWrongYear", "NX-1", "cloud_adoption", 2022, 2020, "1", "不分年度"},
		{"TargetWrongYear", "NX-1", "target.output_total", 2022, 2020, "1", "基准年 2021"},
		{"TargetOnlyAsHistory", "NX-1", "rd_spend", 2022, 2021, "1", "只能作为 2022 年及以后"},
		{"BeyondFollowUp", "NX-1", "output_total", 2022, 2030, "1", "跟踪期"},
		{"BadDirection", "NX-1", "target.x:direction", 2022, 0, "left", "up 或 down"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := cat.Observe(c.id, c.batch, c.field, c.year, c.value)
			if err == nil {
				t.Fatalf("accepted %s=%q", c.field, c.value)
			}
			// what a reader of the problem is told, in Chinese
			if msg := zh(clusterscope.Messages{clusterscope.AsEntryError(err).Says}); !strings.Contains(msg, c.wantMsg) {
				t.Errorf("message %q does not say %q", msg, c.wantMsg)
			}
		})
	}
}

func TestShortName(t *testing.T) {
	for in, want := range map[string]string{
		"中卫市沙坡头区枸杞中小企业特色产业集群（枸杞产业）": "中卫市沙坡头区枸杞",
		"佛山市顺德区家电集群":                "佛山市顺德区家电集群",
	} {
		if got := clusterscope.ShortName(in); got != want {
			t.Errorf("ShortName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNumericCodes: the codes listed are those whose values Observe takes
// as numbers, in an application (the year before the batch) or in a
// follow-up report, each once: a field or actual missing from the list
// would have no column in the query layer's wide table.
func TestNumericCodes(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	listed := map[string]bool{}
	for _, code := range cat.NumericCodes() {
		if listed[code] {
			t.Errorf("%s listed twice", code)
		}
		listed[code] = true
	}
	codes := []string{}
	for _, f := range cat.Fields {
		codes = append(codes, f.Code)
	}
	for _, tg := range cat.Targets {
		if cat.Field(tg.Code) == nil { // output_total is both
			codes = append(codes, tg.Code)
		}
	}
	for _, code := range codes {
		numeric := false
		for _, year := range []int{2021, 2023} { // the application's year, a follow-up report's
			if o, err := cat.Observe("NX-001", 2022, code, year, "1"); err == nil && o.Num != nil {
				numeric = true
			}
		}
		if numeric != listed[code] {
			t.Errorf("%s: a number in a report %v, listed %v", code, numeric, listed[code])
		}
		delete(listed, code)
	}
	for code := range listed {
		t.Errorf("%s listed but neither a field nor a target", code)
	}
}
