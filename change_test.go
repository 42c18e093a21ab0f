package clusterscope_test

import (
	"strconv"
	"strings"
	"testing"

	"clusterscope"
)

// observed types rows of the interchange format ("field,year,value") of
// cluster A of 2022 by the catalog.
func observed(t *testing.T, rows ...string) []clusterscope.Observation {
	t.Helper()
	var out []clusterscope.Observation
	for _, r := range rows {
		f := strings.SplitN(r, ",", 3)
		year, _ := strconv.Atoi(f[1]) // blank: 0
		o, err := clusterscope.DefaultCatalog().Observe("A", 2022, f[0], year, f[2])
		if err != nil {
			t.Fatalf("%s: %v", r, err)
		}
		out = append(out, o)
	}
	return out
}

func TestDetectChanges(t *testing.T) {
	app := []string{"operator,,沙坡头区枸杞产业园管委会", "area_km2,,35.2", "leading_industry,,枸杞"}
	cases := []struct {
		name    string
		reports []string
		want    []string // what each change says, in order
	}{
		{"NothingRestated", []string{"output_total,2022,57"}, nil},
		{"SameFiguresOtherSpelling", []string{"operator,2022, 沙坡头区枸杞产业园管委会 ", "area_km2,2022,35.20", "leading_industry,2022,枸杞"}, nil},
		{"UnreportedOperator", []string{"operator,2023,中卫市枸杞产业发展有限公司", "change_declared,2023,否"},
			[]string{"2023 年度报告：集群运营管理机构由「沙坡头区枸杞产业园管委会」变为「中卫市枸杞产业发展有限公司」（此前见申报表），未申报变化"}},
		{"DeclaredArea", []string{"area_km2,2023,35.2", "area_km2,2024,48", "change_declared,2024,是", "change_date,2024,2024-06-01"},
			[]string{"2024 年度报告：集群占地面积由「35.2」变为「48」（此前见2023 年度报告），已申报变化（变化日期：2024-06-01）"}},
		// a report that leaves the field out: the next is compared with the last that gave it
		{"ChangedAndBack", []string{"leading_industry,2022,枸杞深加工", "change_declared,2022,是", "output_total,2023,60", "leading_industry,2024,枸杞"},
			[]string{"2022 年度报告：主导产业由「枸杞」变为「枸杞深加工」（此前见申报表），已申报变化（变化日期：—）",
				"2024 年度报告：主导产业由「枸杞深加工」变为「枸杞」（此前见2022 年度报告），未申报变化"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := clusterscope.DetectChanges(observed(t, append(app, c.reports...)...))
			if len(got) != len(c.want) {
				t.Fatalf("%d changes, want %d: %+v", len(got), len(c.want), got)
			}
			for i, ch := range got {
				if s := zh(clusterscope.Messages{ch.Reported()}); s != c.want[i] {
					t.Errorf("change %d: %q\nwant %q", i, s, c.want[i])
				}
			}
		})
	}
}
