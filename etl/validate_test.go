package etl_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
)

var (
	baseOnce sync.Once
	baseObs  []clusterscope.Observation
)

// baseApplication is the first demo candidate (NX-ZW-001, 中卫市沙坡头区), a
// complete application with targets that validates without a problem.
func baseApplication(t *testing.T) []clusterscope.Observation {
	t.Helper()
	baseOnce.Do(func() {
		obs, problems := etl.ReadCSV([]byte(demoCSV(t, demo.Options{Candidates: 1, Recognised: -1})), "app.csv")
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		baseObs = obs
	})
	return append([]clusterscope.Observation(nil), baseObs...)
}

func find(obs []clusterscope.Observation, field string, year int) int {
	for i, o := range obs {
		if o.Field == field && o.Year == year {
			return i
		}
	}
	return -1
}

// set gives the row field/year the raw value, keeping its line; a new row
// goes after the others.
func set(t *testing.T, obs []clusterscope.Observation, field string, year int, raw string) []clusterscope.Observation {
	t.Helper()
	o, err := clusterscope.DefaultCatalog().Observe(obs[0].ClusterID, obs[0].Batch, field, year, raw)
	if err != nil {
		t.Fatalf("set %s %d %q: %v", field, year, raw, err)
	}
	if i := find(obs, field, year); i >= 0 {
		o.Line = obs[i].Line
		obs[i] = o
		return obs
	}
	o.Line = obs[len(obs)-1].Line + 1
	return append(obs, o)
}

// setPlace gives the application's 所属地区.
func setPlace(t *testing.T, obs []clusterscope.Observation, province, city, county string) []clusterscope.Observation {
	t.Helper()
	return set(t, set(t, set(t, obs, "province", 0, province), "city", 0, city), "county", 0, county)
}

// drop removes the rows of field, or only those of the years given.
func drop(obs []clusterscope.Observation, field string, years ...int) []clusterscope.Observation {
	out := obs[:0]
	for _, o := range obs {
		if o.Field != field || (len(years) > 0 && !slices.Contains(years, o.Year)) {
			out = append(out, o)
		}
	}
	return out
}

func text(t *testing.T, obs []clusterscope.Observation, field string, year int) string {
	t.Helper()
	i := find(obs, field, year)
	if i < 0 {
		t.Fatalf("no %s %d", field, year)
	}
	return obs[i].Text
}

// want is one expected problem: at the row field/year (line 0 when the row
// is missing), with its severity and a part of its message.
type want struct {
	sev   clusterscope.Severity
	field string
	year  int
	msg   string
}

func check(t *testing.T, obs []clusterscope.Observation, wants []want) {
	t.Helper()
	cat := clusterscope.DefaultCatalog()
	got := etl.Validate("app.csv", obs)
	if len(got) != len(wants) {
		t.Fatalf("%d problems, want %d: %v", len(got), len(wants), got)
	}
	for i, w := range wants {
		p := got[i]
		line := 0
		if j := find(obs, w.field, w.year); j >= 0 {
			line = obs[j].Line
		}
		label := cat.Label(w.field)
		if code, ok := strings.CutPrefix(w.field, "target."); ok {
			label = "目标：" + cat.Target(code).Label
		}
		if p.Severity != w.sev || p.File != "app.csv" || p.Field != w.field || p.Line != line || p.Label != label || !strings.Contains(p.Message, w.msg) {
			t.Errorf("got %s [%s, line %d]; want %s at %s line %d (%s) with %q", p, p.Severity, p.Line, w.sev, w.field, line, label, w.msg)
		}
	}
}

const (
	sevE = clusterscope.SevError
	sevW = clusterscope.SevWarning
)

func TestValidateApplication(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(t *testing.T, obs []clusterscope.Observation) []clusterscope.Observation
		want   []want
	}{
		{"Complete", nil, nil},
		{"MissingSingle", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return drop(o, "cluster_name")
		}, []want{{sevE, "cluster_name", 0, "NX-ZW-001（2022 年批次）缺少必填项"}}},
		{"MissingNumberSaysZero", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return drop(o, "area_km2")
		}, []want{{sevE, "area_km2", 0, "无相关情况时填 0"}}},
		{"MissingOneYear", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return drop(o, "output_total", 2020)
		}, []want{{sevE, "output_total", 2020, "缺少 2020 年的值"}}},
		{"MissingAllYears", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return drop(o, "enterprises")
		}, []want{{sevE, "enterprises", 0, "缺少 2019、2020、2021 年的值"}}},
		{"MissingOptionalCheck", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return drop(o, "sharing_shared_workshops")
		}, nil},
		{"TwoDecimals", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "output_total", 2019, "45.12")
		}, nil},
		{"TrailingZero", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "output_total", 2019, "45.120")
		}, nil},
		{"ThreeDecimals", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "output_total", 2019, "45.123")
		}, []want{{sevE, "output_total", 2019, "「45.123」有 3 位小数"}}},
		{"TargetThreeDecimals", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "target.output_total", 2024, "70.125")
		}, []want{{sevE, "target.output_total", 2024, "3 位小数"}}},
		{"Share100", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "sme_output_share", 2021, "100")
		}, nil},
		{"Share0", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "sme_output_share", 2021, "0")
		}, nil},
		{"ShareAbove100", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "sme_output_share", 2021, "100.01")
		}, []want{{sevE, "sme_output_share", 2021, "超出 0–100"}}},
		{"ShareNegative", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "cloud_adoption", 0, "-0.01")
		}, []want{{sevE, "cloud_adoption", 0, "超出 0–100"}}},
		{"ReductionIsAShare", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "energy_intensity_reduction", 0, "-3")
		}, []want{{sevE, "energy_intensity_reduction", 0, "超出 0–100"}}},
		{"TargetShareAbove100", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "target.iip_penetration", 2024, "101")
		}, []want{{sevE, "target.iip_penetration", 2024, "超出 0–100"}}},
		{"GrowthNegative", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "leading_output_growth", 2020, "-5")
		}, nil},
		{"GrowthAbove100", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "export_growth", 2019, "250")
		}, nil},
		{"SMEsEqualEnterprises", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "sme_enterprises", 2021, text(t, o, "enterprises", 2021))
		}, nil},
		{"SMEsOutnumberEnterprises", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			n, _ := strconv.Atoi(text(t, o, "enterprises", 2021))
			return set(t, o, "sme_enterprises", 2021, strconv.Itoa(n+1))
		}, []want{{sevE, "sme_enterprises", 2021, "2021 年中小企业数量"}}},
		{"BaselineDiffers", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "target.output_total", 2021, "1.5")
		}, []want{{sevW, "target.output_total", 2021, "目标基准值 1.5 与申报表 2021 年的「集群总产值」"}}},
		{"IIPBaselineDiffers", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "target.iip_penetration", 2021, "1.5")
		}, []want{{sevW, "target.iip_penetration", 2021, "目标基准值 1.5"}}},
		{"BaselineWithoutTarget", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return drop(o, "target.output_total", 2021)
		}, nil},
		{"RegionWrongCity", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "county", 0, "西夏区")
		}, []want{{sevE, "county", 0, "属于银川市"}}},
		{"RegionShortProvince", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "province", 0, "宁夏")
		}, []want{{sevE, "province", 0, "「宁夏回族自治区」"}}},
		{"RegionUnknownCity", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "city", 0, "兰州市")
		}, []want{{sevE, "city", 0, "没有「兰州市」"}}},
		{"RegionMunicipality", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			o = set(t, o, "province", 0, "北京市")
			o = set(t, o, "city", 0, "北京市")
			return set(t, o, "county", 0, "石景山区")
		}, nil},
		{"RegionMunicipalityTableRow", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			o = set(t, o, "province", 0, "北京市")
			o = set(t, o, "city", 0, "市辖区")
			return set(t, o, "county", 0, "石景山区")
		}, []want{{sevE, "city", 0, "应填「北京市」"}}},
		{"RegionNingdong", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			o = set(t, o, "city", 0, "银川市")
			return set(t, o, "county", 0, "宁东能源化工基地")
		}, []want{{sevW, "county", 0, "开发区"}}},
		{"RegionTableZone", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			o = set(t, o, "province", 0, "江苏省")
			o = set(t, o, "city", 0, "苏州市")
			return set(t, o, "county", 0, "苏州工业园区")
		}, []want{{sevW, "county", 0, "开发区"}}},
		// Clusters of a city without a county level sit in a town or street.
		{"RegionTown", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return setPlace(t, o, "广东省", "中山市", "小榄镇")
		}, nil},
		{"RegionStreet", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return setPlace(t, o, "广东省", "东莞市", "万江街道")
		}, nil},
		{"RegionTownOfAnotherCity", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return setPlace(t, o, "广东省", "东莞市", "小榄镇")
		}, []want{{sevE, "county", 0, "「小榄镇」属于中山市，不属于东莞市"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			obs := baseApplication(t)
			if c.mutate != nil {
				obs = c.mutate(t, obs)
			}
			check(t, obs, c.want)
		})
	}
}

// followUp is the demo's first recognised cluster's follow-up actuals only.
func followUp(t *testing.T) []clusterscope.Observation {
	t.Helper()
	obs, problems := etl.ReadCSV([]byte(demoCSV(t, demo.Options{Candidates: -1, Recognised: 1})), "report.csv")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var out []clusterscope.Observation
	for _, o := range obs {
		if o.Report > 0 {
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		t.Fatal("no follow-up actuals")
	}
	return out
}

func TestValidateFollowUp(t *testing.T) {
	obs := followUp(t)
	year := obs[0].Report
	cases := []struct {
		name   string
		mutate func(t *testing.T, obs []clusterscope.Observation) []clusterscope.Observation
		want   []want
	}{
		{"OnlyActualsNoRequiredFields", nil, nil},
		{"ActualThreeDecimals", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "output_total", year, "63.855")
		}, []want{{sevE, "output_total", year, "3 位小数"}}},
		{"ActualShare", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			return set(t, o, "cloud_adoption", year, "100.5")
		}, []want{{sevE, "cloud_adoption", year, "超出 0–100"}}},
		{"ActualSMEsOutnumber", func(t *testing.T, o []clusterscope.Observation) []clusterscope.Observation {
			n, _ := strconv.Atoi(text(t, o, "enterprises", year))
			return set(t, o, "sme_enterprises", year, strconv.Itoa(n+1))
		}, []want{{sevE, "sme_enterprises", year, fmt.Sprintf("%d 年中小企业数量", year)}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := append([]clusterscope.Observation(nil), obs...)
			if c.mutate != nil {
				o = c.mutate(t, o)
			}
			check(t, o, c.want)
		})
	}
}

// TestValidateApplicationRowInReport: one application row makes the
// cluster's application part of the file, so its required fields are
// checked.
func TestValidateApplicationRowInReport(t *testing.T) {
	obs := set(t, followUp(t), "area_km2", 0, "12")
	missing := 0
	for _, p := range etl.Validate("app.csv", obs) {
		if p.Severity == sevE && strings.Contains(p.Message, "缺少") {
			missing++
		}
	}
	if want := requiredCount() - 1; missing != want {
		t.Errorf("%d missing-field errors, want %d", missing, want)
	}
}

func requiredCount() int {
	n := 0
	for _, f := range clusterscope.DefaultCatalog().Fields {
		if f.Required {
			n++
		}
	}
	return n
}

// TestValidateByCluster: a file with two clusters checks each on its own.
func TestValidateByCluster(t *testing.T) {
	a := baseApplication(t)
	b := drop(baseApplication(t), "cluster_name")
	for i := range b {
		b[i].ClusterID = "NX-ZW-099"
		b[i].Line += len(a)
	}
	problems := etl.Validate("two.csv", append(append(a, b...), followUp(t)...))
	if len(problems) != 1 || !strings.Contains(problems[0].Message, "NX-ZW-099") || problems[0].Field != "cluster_name" {
		t.Errorf("problems: %v", problems)
	}
}

// TestDemoValidates: the default demo data set has no error; its warnings
// are the development zones its clusters sit in.
func TestDemoValidates(t *testing.T) {
	data := demoCSV(t, demo.Options{})
	obs, problems := etl.ReadCSV([]byte(data), "demo.csv")
	if len(problems) > 0 {
		t.Fatalf("%d read problems, first %s", len(problems), problems[0])
	}
	warnings := 0
	for _, p := range etl.Validate("demo.csv", obs) {
		switch {
		case p.Severity == sevE:
			t.Errorf("error: %s", p)
		case p.Field != "county" || !strings.Contains(p.Message, "开发区"):
			t.Errorf("unexpected warning: %s", p)
		default:
			warnings++
		}
	}
	if warnings == 0 {
		t.Error("no development-zone warning: 宁东能源化工基地 is in the demo")
	}
	t.Logf("demo data: %d observations, %d warnings (development zones)", len(obs), warnings)
}
