package clusterscope_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
)

func validCall() clusterscope.Call {
	return clusterscope.Call{ID: "x-2022", Name: "测试通知", Version: "1", Issuer: "测试厅", Batch: 2022, RuleSet: "national-2022",
		Quotas: []clusterscope.Quota{
			{Level: clusterscope.ProvinceToMinistry, Unit: clusterscope.UnitProvince, Max: 5},
			{Level: clusterscope.ProvinceToMinistry, Unit: clusterscope.UnitPlanCity, Max: 3},
			{Level: clusterscope.ProvinceToMinistry, Unit: clusterscope.UnitCorps, Max: 3}}}
}

func TestCallValidate(t *testing.T) {
	cases := []struct {
		name string
		edit func(c *clusterscope.Call)
		key  string // "" when valid
		why  string
	}{
		{"Valid", func(c *clusterscope.Call) {}, "", ""},
		{"MonthOnlyDate", func(c *clusterscope.Call) { c.Dated = "2023-03" }, "", ""},
		{"BadDate", func(c *clusterscope.Call) { c.Dated = "2023-13" }, "dated", "不是日期"},
		{"BadBatch", func(c *clusterscope.Call) { c.Batch = 22 }, "batch", "22"},
		{"NoQuota", func(c *clusterscope.Call) { c.Quotas = nil }, "quota", "一律不予受理"},
		// a call that limits provinces only would let 深圳 through unlimited
		{"PlanCityForgotten", func(c *clusterscope.Call) { c.Quotas = c.Quotas[:1] }, "quota", "plan_city"},
		{"ZeroMax", func(c *clusterscope.Call) { c.Quotas[1].Max = 0 }, "quota[2].max", "正整数"},
		{"MinAboveMax", func(c *clusterscope.Call) { c.Quotas[0].Min = 6 }, "quota[1].min", "6"},
		{"CityAtMinistryLevel", func(c *clusterscope.Call) { c.Quotas[0].Unit = clusterscope.UnitCity }, "quota[1].unit", "city"},
		{"DuplicateUnit", func(c *clusterscope.Call) { c.Quotas[2].Unit = clusterscope.UnitPlanCity }, "quota[3].unit", "重复"},
		{"UnknownLevel", func(c *clusterscope.Call) { c.Quotas[0].Level = "county_to_ministry" }, "quota[1].level", "county_to_ministry"},
		{"UnknownDeadline", func(c *clusterscope.Call) {
			c.Deadlines = map[clusterscope.Level]time.Time{"city_to_ministry": {}}
		}, "deadlines.city_to_ministry", "层级"},
		{"SegmentScope", func(c *clusterscope.Call) { c.OnePerSegment = "country" }, "one_per_segment", "country"},
		{"NationalPerCitySegment", func(c *clusterscope.Call) { c.OnePerSegment = clusterscope.SegmentCity }, "one_per_segment", "全国"},
		{"NoRuleSet", func(c *clusterscope.Call) { c.RuleSet = "" }, "rule_set", "认定标准"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := validCall()
			tc.edit(&c)
			p := c.Validate()
			switch {
			case tc.key == "" && p != nil:
				t.Errorf("refused: %v", p)
			case tc.key != "" && p == nil:
				t.Errorf("accepted")
			case tc.key != "" && (p.Key != tc.key || !strings.Contains(p.Reason, tc.why)):
				t.Errorf("problem %q %q, want key %q with %q", p.Key, p.Reason, tc.key, tc.why)
			}
		})
	}
}

func TestCallYears(t *testing.T) {
	c := validCall()
	if !slices.Equal(c.HistoryYears(), []int{2019, 2020, 2021}) || !slices.Equal(c.TargetYears(), []int{2022, 2023, 2024}) || c.Base() != 2021 {
		t.Errorf("years %v %v %d", c.HistoryYears(), c.TargetYears(), c.Base())
	}
}

// TestSelectCall: a province's own call for its province, the national one
// elsewhere and for everyone above a province; an administrator's later
// file of the same batch replaces the embedded one.
func TestSelectCall(t *testing.T) {
	calls := warehouse.DefaultCalls()
	cases := []struct {
		batch    int
		province string
		want     string
	}{
		{2022, "", "national-2022"},
		{2022, "宁夏回族自治区", "ningxia-2022"},
		{2022, "甘肃省", "national-2022"},
		{2023, "宁夏回族自治区", "national-2023"},
		{2025, "", "national-2025"},
		{2026, "", ""},
	}
	for _, c := range cases {
		got := clusterscope.SelectCall(calls, c.batch, c.province)
		if (got == nil) != (c.want == "") || got != nil && got.ID != c.want {
			t.Errorf("%d %s: %v, want %s", c.batch, c.province, got, c.want)
		}
	}
	fixed := *clusterscope.FindCall(calls, "national-2025")
	fixed.Version = "2"
	more := append(append([]*clusterscope.Call{}, calls...), &fixed)
	if got := clusterscope.SelectCall(more, 2025, ""); got != &fixed {
		t.Errorf("the administrator's version is not used: %s", got.Ref())
	}
	if got := clusterscope.FindCall(more, "national-2025@1"); got == nil || got.Version != "1" {
		t.Errorf("FindCall by ref: %v", got)
	}
}

// TestCallRuleSets: the call's own set judges, an administrator's version
// of it replaces the embedded one, and sets for a region still judge there.
func TestCallRuleSets(t *testing.T) {
	c := validCall()
	national := warehouse.DefaultRuleSet()
	v3 := *national
	v3.Version = "3"
	west, err := warehouse.ParseRuleSet("west.toml", []byte(westTOML))
	if err != nil {
		t.Fatal(err)
	}
	other := &clusterscope.RuleSet{ID: "other", Name: "另一套", Version: "1"}
	sets, err := c.RuleSets([]*clusterscope.RuleSet{national, west, other, &v3})
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 2 || sets[0] != west || sets[1] != &v3 {
		t.Errorf("sets %v", sets)
	}
	nx := clusterscope.Cluster{Batch: 2022, Province: "宁夏回族自治区"}
	if got := clusterscope.SelectRuleSet(sets, nx); got != west {
		t.Errorf("宁夏 judged by %s", got.Ref())
	}
	c.RuleSet = "nowhere"
	if _, err := c.RuleSets(sets); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("a missing set: %v", err)
	}
}
