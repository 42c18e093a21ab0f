package clusterscope_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"clusterscope"
)

// form is a crafted 2022 application: yearly figures for 2019–2021, single
// figures as of 2021, texts, and part 八's baselines.
type form struct {
	yearly   map[string][3]float64
	single   map[string]float64
	texts    map[string]string
	baseline map[string]float64
}

// consistent is an application whose figures agree with each other: the
// leading industry (80 % of 50, 55, 60.5 亿元) grows 10 % a year, as does
// R&D (2 % of output), 50 patents among 10 000 employees are 50 per 10 000.
func consistent() form {
	return form{
		yearly: map[string][3]float64{
			"output_total": {50, 55, 60.5}, "leading_output_share": {80, 80, 80}, "leading_output_growth": {10, 10, 10},
			"rd_intensity": {2, 2, 2}, "rd_growth": {10, 10, 10}, "sme_output_share": {75, 75, 75},
			"enterprises": {200, 210, 220}, "sme_enterprises": {195, 205, 214}, "srdi_smes": {10, 12, 14}, "little_giants": {1, 1, 2},
		},
		single: map[string]float64{"leading_output_cagr_3y": 10, "sme_employees": 10000, "sme_invention_patents": 50,
			"invention_patents_per_10k": 50, "rd_staff_share": 10},
		texts: map[string]string{"chain_cultivation_text": "集群绘制枸杞产业链图谱，梳理种植、加工、销售三个环节重点企业42家，建立招商项目库。",
			"operator": "中卫市沙坡头区枸杞产业园管委会", "operator_phone": "13900000001"},
		baseline: map[string]float64{"invention_patents": 60},
	}
}

func (f form) with(change func(f *form)) form {
	g := form{yearly: maps.Clone(f.yearly), single: maps.Clone(f.single), texts: maps.Clone(f.texts), baseline: maps.Clone(f.baseline)}
	change(&g)
	return g
}

func (f form) data(id string) *clusterscope.ClusterData {
	var obs []clusterscope.Observation
	num := func(field string, year, asOf int, v float64) {
		obs = append(obs, clusterscope.Observation{ClusterID: id, Batch: 2022, Field: field, Year: year, AsOf: asOf, Num: &v,
			Text: fmt.Sprint(v)})
	}
	for field, vs := range f.yearly {
		for i, v := range vs {
			num(field, 2019+i, 2019+i, v)
		}
	}
	for field, v := range f.single {
		num(field, 0, 2021, v)
	}
	for field, v := range f.baseline {
		num("target."+field, 2021, 2021, v)
	}
	for field, t := range f.texts {
		obs = append(obs, clusterscope.Observation{ClusterID: id, Batch: 2022, Field: field, AsOf: 2021, Text: t})
	}
	obs = append(obs, clusterscope.Observation{ClusterID: id, Batch: 2022, Field: "cluster_name", AsOf: 2021,
		Text: id + "中小企业特色产业集群（枸杞产业）"})
	return clusterscope.NewClusterData(clusterscope.Cluster{}, obs)
}

// signals says each signal as code, severity and sentence.
func signals(ss []clusterscope.Signal) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Code+" "+s.Severity.Label()+" "+zh(clusterscope.Messages{s.Found}))
	}
	return out
}

// TestConsistencyOfOneApplication: each crafted inconsistency raises its
// check with the figures behind it, at the severity its threshold gives;
// a consistent application, and a difference exactly on a threshold, raise
// none.
func TestConsistencyOfOneApplication(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(f *form)
		want   []string // signals, in code order
	}{
		{"consistent", func(*form) {}, nil},
		{"growth on the threshold", func(f *form) {
			f.yearly["leading_output_growth"] = [3]float64{10, 11, 10}
			f.single["leading_output_cagr_3y"] = 10.32
		}, nil},
		{"growth a little off", func(f *form) {
			f.yearly["leading_output_growth"] = [3]float64{10, 11.5, 10}
			f.single["leading_output_cagr_3y"] = 10.48
		},
			[]string{"CS01 提示 2020 年「集群主导产业产值增速」填报 11.50%，按集群总产值 × 主导产业产值占比计算为 10.00%，相差 1.50 个百分点"}},
		{"growth well off", func(f *form) {
			f.yearly["leading_output_growth"] = [3]float64{10, 10, 16}
			f.single["leading_output_cagr_3y"] = 11.95
		},
			[]string{"CS01 关注 2021 年「集群主导产业产值增速」填报 16.00%，按集群总产值 × 主导产业产值占比计算为 10.00%，相差 6.00 个百分点"}},
		{"three-year growth off", func(f *form) { f.single["leading_output_cagr_3y"] = 14 },
			[]string{"CS02 提示 「近三年主导产业产值年均增速」填报 14.00%，按 2019–2021 年各年增速 10.00%、10.00%、10.00% 计算为 10.00%，相差 4.00 个百分点"}},
		{"R&D growth off", func(f *form) { f.yearly["rd_growth"] = [3]float64{10, 10, 25} },
			[]string{"CS03 关注 2021 年「集群研发经费增速」填报 25.00%，按集群总产值 × 研发投入强度计算为 10.00%，相差 15.00 个百分点"}},
		{"patents per 10 000 off", func(f *form) { f.single["invention_patents_per_10k"] = 80 },
			[]string{"CS04 关注 「集群每万人有效发明专利拥有量」填报 80.00 件/万人，按中小企业有效发明专利 50 件、从业人员 10000 人计算为 50.00 件/万人，相差 60.00%"}},
		{"the SMEs' patents above the cluster's", func(f *form) { f.single["sme_invention_patents"] = 70; f.single["invention_patents_per_10k"] = 70 },
			[]string{"CS05 关注 中小企业有效发明专利 70 件，多于发展目标中 2021 年集群有效发明专利基准值 60 件"}},
		{"all SMEs, yet a share below 100", func(f *form) { f.yearly["sme_enterprises"] = [3]float64{195, 205, 220} },
			[]string{"CS06 关注 2021 年全部 220 家企业均为中小企业，但中小企业产值占比填报 75.00%"}},
		{"an SME share above their count", func(f *form) { f.yearly["sme_output_share"] = [3]float64{75, 99, 75} },
			[]string{"CS06 提示 2020 年中小企业产值占比 99.00%，高于其户数占比 97.62%（205 / 210 家）：非中小企业户均产值低于中小企业"}},
		{"R&D staff below one person", func(f *form) { f.single["rd_staff_share"] = 0.005 },
			[]string{"CS07 关注 研发人员占比 0.01%，中小企业从业人员 10000 人，折算研发人员 0.50 人，不足 1 人"}},
		{"fewer employees than SMEs", func(f *form) { f.single["sme_employees"] = 100; f.single["invention_patents_per_10k"] = 5000 },
			[]string{"CS07 关注 中小企业从业人员 100 人，少于中小企业 214 家"}},
		{"more SMEs than enterprises", func(f *form) { f.yearly["sme_enterprises"] = [3]float64{195, 205, 230} },
			[]string{"CS08 关注 2021 年「其中：集群中小企业数量」230，多于「集群企业数量」220"}},
		{"specialised SMEs and little giants", func(f *form) {
			f.yearly["srdi_smes"] = [3]float64{10, 300, 14}
			f.yearly["little_giants"] = [3]float64{1, 1, 20}
		}, []string{"CS09 关注 2020 年「专精特新中小企业数量」300，多于「其中：集群中小企业数量」205",
			"CS09 提示 2021 年「专精特新“小巨人”企业数量」20，多于「专精特新中小企业数量」14"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := consistent().with(c.change).data("NX-ZW-001")
			got := signals(clusterscope.Consistency([]*clusterscope.ClusterData{d})["NX-ZW-001"])
			if !slices.Equal(got, c.want) {
				t.Errorf("signals\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestConsistencyAcrossApplications: a 200-character answer found word for
// word (white space and punctuation aside) in another cluster's
// application is flagged in both, naming the other; so is a shared
// operator phone. A short common phrase is not.
func TestConsistencyAcrossApplications(t *testing.T) {
	a := consistent()
	b := consistent().with(func(f *form) {
		f.texts["chain_cultivation_text"] = "集群绘制枸杞产业链图谱 梳理种植、加工、销售三个环节重点企业42家；建立招商项目库"
		f.texts["operator"] = "中宁县枸杞产业发展服务中心"
		f.texts["governance_text"] = "无"
	})
	c := consistent().with(func(f *form) {
		f.texts["chain_cultivation_text"] = "围绕枸杞产业延链、补链、强链，实行链长制，新招引加工和销售项目12个，总投资8.5亿元，本地配套率提高到60%。"
		f.texts["operator"], f.texts["operator_phone"] = "红寺堡区枸杞产业园", "0953-5012345"
		f.texts["governance_text"] = "无"
	})
	apps := []*clusterscope.ClusterData{a.data("NX-ZW-001"), b.data("NX-ZN-001"), c.data("NX-WZ-001")}
	got := clusterscope.Consistency(apps)
	// A profile asks for one application among the others: the same signals.
	for i, d := range apps {
		others := slices.Delete(slices.Clone(apps), i, i+1)
		if one, all := signals(clusterscope.ConsistencyOf(d, others)), signals(got[d.Cluster.ID]); !slices.Equal(one, all) {
			t.Errorf("ConsistencyOf(%s) = %q, Consistency says %q", d.Cluster.ID, one, all)
		}
	}
	for id, want := range map[string][]string{
		"NX-ZW-001": {"CS10 关注 「集群产业链培育和招商情况」与「NX-ZN-001」的申报表文字相同", "CS11 提示 「运营管理机构联系方式」与「NX-ZN-001」的申报表相同"},
		"NX-ZN-001": {"CS10 关注 「集群产业链培育和招商情况」与「NX-ZW-001」的申报表文字相同", "CS11 提示 「运营管理机构联系方式」与「NX-ZW-001」的申报表相同"},
		"NX-WZ-001": nil,
	} {
		if s := signals(got[id]); !slices.Equal(s, want) {
			t.Errorf("%s:\n%s\nwant\n%s", id, strings.Join(s, "\n"), strings.Join(want, "\n"))
		}
	}
}
