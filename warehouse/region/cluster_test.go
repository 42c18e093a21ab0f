package region_test

import (
	"testing"

	"clusterscope"
	"clusterscope/warehouse/region"
)

// TestUnitOf: the table's units in the domain's words, found
// from a cluster's province and city (its county does not matter).
func TestUnitOf(t *testing.T) {
	cases := []struct {
		province, city, county string
		want                   clusterscope.QuotaUnit
		ok                     bool
	}{
		{"广东省", "深圳市", "南山区", clusterscope.QuotaUnit{Kind: clusterscope.UnitPlanCity, Name: "深圳市"}, true},
		{"广东省", "广州市", "番禺区", clusterscope.QuotaUnit{Kind: clusterscope.UnitProvince, Name: "广东省"}, true},
		{"新疆维吾尔自治区", "石河子市", "", clusterscope.QuotaUnit{Kind: clusterscope.UnitCorps, Name: "新疆生产建设兵团"}, true},
		{"新疆维吾尔自治区", "哈密市", "伊州区", clusterscope.QuotaUnit{Kind: clusterscope.UnitProvince, Name: "新疆维吾尔自治区"}, true},
		{"宁夏回族自治区", "银川市", "宁东镇", clusterscope.QuotaUnit{Kind: clusterscope.UnitProvince, Name: "宁夏回族自治区"}, true},
		{"广东省", "火星市", "", clusterscope.QuotaUnit{}, false},
	}
	for _, c := range cases {
		got, ok := region.UnitOf(clusterscope.Cluster{Province: c.province, City: c.city, County: c.county})
		if got != c.want || ok != c.ok {
			t.Errorf("%s%s%s: %+v %v, want %+v %v", c.province, c.city, c.county, got, ok, c.want, c.ok)
		}
	}
}
