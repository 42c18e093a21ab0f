package warehouse_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
	"clusterscope/warehouse/warehousetest"
)

// TestDefaultCallsMirrorCalls pins the embedded calls to calls.md: quotas,
// documents, deadlines, the 细分领域 rule, and 宁夏's own call.
func TestDefaultCallsMirrorCalls(t *testing.T) {
	type want struct {
		document, dated           string
		province, planCity, corps int
		segment                   clusterscope.SegmentScope
		deadline                  string // province → ministry; "" unverified
		region, cityDeadline      string
		cityMin, cityMax          int
	}
	wants := map[string]want{
		"national-2022": {document: "工信厅企业函〔2022〕236号", dated: "2022-09-19", province: 5, planCity: 3, corps: 3, segment: "province", deadline: "2022-10-31"},
		"national-2023": {document: "工信厅企业函〔2023〕44号", dated: "2023-03", province: 6, planCity: 2, corps: 2, deadline: "2023-07-31"},
		"national-2024": {document: "工信厅企业函〔2024〕122号", dated: "2024-04", province: 8, planCity: 2, corps: 2, deadline: "2024-07-31"},
		"national-2025": {document: "工信厅企业函〔2025〕77号", dated: "2025-03-03", province: 8, planCity: 2, corps: 2},
		"ningxia-2022":  {region: "宁夏回族自治区", segment: "city", cityDeadline: "2022-10-18", cityMin: 1, cityMax: 2},
	}
	calls := warehouse.DefaultCalls()
	if len(calls) != len(wants) {
		t.Fatalf("%d calls, want %d", len(calls), len(wants))
	}
	day := func(c *clusterscope.Call, lv clusterscope.Level) string {
		if d, ok := c.Deadlines[lv]; ok {
			return d.Format(time.DateOnly)
		}
		return ""
	}
	quotaMax := func(c *clusterscope.Call, k clusterscope.UnitKind) int {
		q, _ := c.Quota(k)
		return q.Max
	}
	for _, c := range calls {
		w, ok := wants[c.ID]
		if !ok {
			t.Errorf("unexpected call %s", c.ID)
			continue
		}
		city, _ := c.Quota(clusterscope.UnitCity)
		got := want{document: c.Document, dated: c.Dated, province: quotaMax(c, clusterscope.UnitProvince),
			planCity: quotaMax(c, clusterscope.UnitPlanCity), corps: quotaMax(c, clusterscope.UnitCorps), segment: c.OnePerSegment,
			deadline: day(c, clusterscope.ProvinceToMinistry), region: c.Region, cityDeadline: day(c, clusterscope.CityToProvince),
			cityMin: city.Min, cityMax: city.Max}
		if got != w {
			t.Errorf("%s:\n got %+v\nwant %+v", c.ID, got, w)
		}
		if c.RuleSet != warehouse.DefaultRuleSet().ID {
			t.Errorf("%s is judged by %s", c.ID, c.RuleSet)
		}
	}
}

// TestParseCallErrorsNameLineAndKey: every error names the file, the line
// and the key.
func TestParseCallErrorsNameLineAndKey(t *testing.T) {
	good, err := os.ReadFile("calls/national-2022.toml")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) string {
		if !strings.Contains(string(good), old) {
			t.Fatalf("fixture has no %q", old)
		}
		return strings.Replace(string(good), old, new, 1)
	}
	line := func(text, prefix string) string { // the line of the first line starting with prefix
		for i, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(l, prefix) {
				return "第 " + strconv.Itoa(i+1) + " 行"
			}
		}
		t.Fatalf("no line %q", prefix)
		return ""
	}
	cases := []struct {
		name, text string
		want       []string
	}{
		{"MaxNotANumber", edit("\nmax = 3\n", "\nmax = \"三\"\n"), []string{"「quota.max」", "类型"}},
		{"MaxZero", edit("unit = \"plan_city\"\nmax = 3", "unit = \"plan_city\"\nmax = 0"), []string{"「quota[2].max」", "正整数"}},
		{"UnknownUnit", edit("unit = \"corps\"", "unit = \"bingtuan\""), []string{"「quota[3].unit」", "bingtuan"}},
		{"MisspelledKey", edit("batch = 2022", "batch = 2022\nbtach = 2022"), []string{"「btach」", "未知的设置项"}},
		{"MisspelledQuotaKey", edit("unit = \"corps\"\nmax = 3", "unit = \"corps\"\nmaxx = 3"), []string{"「quota.maxx」", "未知的设置项"}},
		{"DeadlineAsText", edit("\nprovince_to_ministry = 2022-10-31", "\nprovince_to_ministry = \"2022-10-31\""), []string{"province_to_ministry"}},
		{"DeadlineWithTime", edit("\nprovince_to_ministry = 2022-10-31", "\nprovince_to_ministry = 2022-10-31T17:00:00"), []string{"「deadlines.province_to_ministry」", "不带时刻"}},
		{"BadDated", edit("dated = \"2022-09-19\"", "dated = \"2022年9月\""), []string{"「dated」", "2022年9月"}},
		{"BadBatch", edit("batch = 2022", "batch = 22"), []string{"「batch」", "22"}},
		{"BadSegment", edit("\none_per_segment = \"province\"", "\none_per_segment = \"country\""), []string{"「one_per_segment」", "「country」无效"}},
		{"UnknownLevel", edit("\nlevel = \"province_to_ministry\"", "\nlevel = \"county_to_ministry\""), []string{"「quota[1].level」", "county_to_ministry"}},
		// no line to name: the key is not written
		{"NoQuota", strings.Split(string(good), "\n[[quota]]")[0], []string{"「quota」", "一律不予受理"}},
		{"Syntax", edit("max = 5", "max = 5 个"), []string{"TOML"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := warehouse.ParseCall("bad.toml", []byte(c.text))
			if err == nil {
				t.Fatal("accepted a broken call")
			}
			if clusterscope.ErrorCode(err) != clusterscope.EINVALID {
				t.Errorf("code %s", clusterscope.ErrorCode(err))
			}
			want := append(c.want, "推荐通知文件 bad.toml")
			if c.name != "NoQuota" {
				want = append(want, "第 ")
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	// the line is the key's own, not the file's first
	text := edit("unit = \"corps\"", "unit = \"bingtuan\"")
	if _, err := warehouse.ParseCall("bad.toml", []byte(text)); err == nil || !strings.Contains(err.Error(), line(text, "unit = \"bingtuan\"")) {
		t.Errorf("error %v does not name the line of unit = \"bingtuan\"", err)
	}
	text = edit("unit = \"plan_city\"\nmax = 3", "unit = \"plan_city\"\nmax = 0")
	if _, err := warehouse.ParseCall("bad.toml", []byte(text)); err == nil || !strings.Contains(err.Error(), line(text, "max = 0")) {
		t.Errorf("error %v does not name the line of max = 0", err)
	}
}

// TestAddCall: a good call is put in calls/ and read back after the
// embedded ones; a bad one, or one whose rule set does not exist, writes
// nothing.
func TestAddCall(t *testing.T) {
	w := warehousetest.New(t)
	good, _ := os.ReadFile("calls/national-2025.toml")
	fixed := strings.Replace(strings.Replace(string(good), `version = "1"`, `version = "2"`, 1),
		"# province_to_ministry: unverified, left open", "province_to_ministry = 2025-06-30", 1)
	sets := []*clusterscope.RuleSet{warehouse.DefaultRuleSet()}
	if _, err := w.AddCall("national-2025.toml", []byte(strings.Replace(fixed, `rule_set = "national-2022"`, `rule_set = "west"`, 1)), sets); err == nil ||
		!strings.Contains(err.Error(), "「rule_set」") {
		t.Errorf("a call judged by a missing set was added: %v", err)
	}
	if _, err := w.AddCall("bad.toml", []byte("id = 1"), sets); err == nil {
		t.Error("a bad call was added")
	}
	if entries, _ := os.ReadDir(filepath.Join(w.Dir(), warehouse.CallDir)); len(entries) != 0 {
		t.Errorf("refused calls left files: %v", entries)
	}
	c, err := w.AddCall("../elsewhere/national-2025.toml", []byte(fixed), sets)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(w.Dir(), warehouse.CallDir, "national-2025.toml")); err != nil {
		t.Errorf("not in calls/: %v", err)
	}
	all, err := w.AllCalls()
	if err != nil {
		t.Fatal(err)
	}
	if got := clusterscope.SelectCall(all, 2025, ""); got.Ref() != "national-2025@2" || got.Deadlines[clusterscope.ProvinceToMinistry].Format(time.DateOnly) != "2025-06-30" || c.Ref() != got.Ref() {
		t.Errorf("the 2025 call in force: %s %v", got.Ref(), got.Deadlines)
	}
}
