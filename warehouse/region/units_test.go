package region

import (
	"slices"
	"testing"
)

func TestQuotaUnit(t *testing.T) {
	liaoning := Unit{Kind: ProvinceUnit, Code: "21", Name: "辽宁省", Province: "辽宁省"}
	dalian := Unit{Kind: PlanCityUnit, Code: "2102", Name: "大连市", Province: "辽宁省"}
	corps := Unit{Kind: CorpsUnit, Name: CorpsName, Province: "新疆维吾尔自治区"}
	xinjiang := Unit{Kind: ProvinceUnit, Code: "65", Name: "新疆维吾尔自治区", Province: "新疆维吾尔自治区"}
	cases := []struct {
		name                   string
		province, city, county string
		want                   Unit
		ok                     bool
	}{
		{"ProvinceCity", "辽宁省", "沈阳市", "和平区", liaoning, true},
		{"PlanCity", "辽宁省", "大连市", "甘井子区", dalian, true},
		{"PlanCityAlone", "辽宁省", "大连市", "", dalian, true},
		{"ProvinceAlone", "辽宁省", "", "", liaoning, true},
		{"Qingdao", "山东省", "青岛市", "黄岛区", Unit{Kind: PlanCityUnit, Code: "3702", Name: "青岛市", Province: "山东省"}, true},
		{"NingboZone", "浙江省", "宁波市", "宁波杭州湾新区", Unit{Kind: PlanCityUnit, Code: "3302", Name: "宁波市", Province: "浙江省"}, true},
		{"Xiamen", "福建省", "厦门市", "思明区", Unit{Kind: PlanCityUnit, Code: "3502", Name: "厦门市", Province: "福建省"}, true},
		{"Shenzhen", "广东省", "深圳市", "南山区", Unit{Kind: PlanCityUnit, Code: "4403", Name: "深圳市", Province: "广东省"}, true},
		{"TownInProvince", "广东省", "中山市", "小榄镇", Unit{Kind: ProvinceUnit, Code: "44", Name: "广东省", Province: "广东省"}, true},
		{"Shihezi", "新疆维吾尔自治区", "石河子市", "石河子市", corps, true},
		{"Baiyang", "新疆维吾尔自治区", "白杨市", "", corps, true},
		{"XinjiangCity", "新疆维吾尔自治区", "乌鲁木齐市", "天山区", xinjiang, true},
		// Another province's county-level city directly under it is no 师市.
		{"OtherDirectCity", "湖北省", "仙桃市", "仙桃市", Unit{Kind: ProvinceUnit, Code: "42", Name: "湖北省", Province: "湖北省"}, true},
		{"Unknown", "辽宁省", "大连市", "火星区", Unit{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := QuotaUnit(c.province, c.city, c.county)
			if ok != c.ok || got != c.want {
				t.Errorf("QuotaUnit = %+v, %v; want %+v, %v", got, ok, c.want, c.ok)
			}
		})
	}
}

// TestCorpsCities: 兵团's unit holds exactly the 12 师市 its README lists,
// so a new 6590xx row in the table is noticed.
func TestCorpsCities(t *testing.T) {
	want := []string{"石河子市", "阿拉尔市", "图木舒克市", "五家渠市", "北屯市", "铁门关市", "双河市",
		"可克达拉市", "昆玉市", "胡杨河市", "新星市", "白杨市"}
	var got []string
	for _, c := range FindProvince("新疆维吾尔自治区").Cities {
		if u, _ := QuotaUnit("新疆维吾尔自治区", c.Name, ""); u.Kind == CorpsUnit {
			got = append(got, c.Name)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("兵团's 师市 %v, want %v", got, want)
	}
}

func TestUnits(t *testing.T) {
	kinds := map[UnitKind][]string{}
	for _, u := range Units() {
		kinds[u.Kind] = append(kinds[u.Kind], u.Name)
	}
	if len(kinds[ProvinceUnit]) != 31 {
		t.Errorf("%d provinces, want 31", len(kinds[ProvinceUnit]))
	}
	if want := []string{"大连市", "宁波市", "厦门市", "青岛市", "深圳市"}; !slices.Equal(kinds[PlanCityUnit], want) {
		t.Errorf("计划单列市 %v, want %v", kinds[PlanCityUnit], want)
	}
	if want := []string{CorpsName}; !slices.Equal(kinds[CorpsUnit], want) {
		t.Errorf("兵团 %v, want %v", kinds[CorpsUnit], want)
	}
	labels := map[UnitKind]string{ProvinceUnit: "省级", PlanCityUnit: "计划单列市", CorpsUnit: "新疆生产建设兵团", 0: "未知"}
	for k, want := range labels {
		if k.String() != want {
			t.Errorf("kind %d labelled %q, want %q", k, k.String(), want)
		}
	}
}
