package region

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope/dashboard/words"
)

func TestTableCounts(t *testing.T) {
	ps := Provinces()
	if len(ps) != 31 {
		t.Fatalf("%d provinces, want 31", len(ps))
	}
	counties, direct := 0, 0
	for _, p := range ps {
		if len(p.Cities) == 0 {
			t.Errorf("%s has no cities", p.Name)
		}
		for _, c := range p.Cities {
			if c.Name == "市辖区" || c.Name == "县" || strings.Contains(c.Name, "直辖县级") {
				t.Errorf("%s: city row %q left as written in the table", p.Name, c.Name)
			}
			if c.Direct {
				direct++
			}
			counties += len(c.Counties)
		}
	}
	if counties != 2978 {
		t.Errorf("%d counties, want the 2978 rows of areas.csv", counties)
	}
	towns := 0
	for _, c := range FindProvince("广东省").Cities {
		towns += len(c.Towns)
	}
	for _, p := range []string{"海南省", "甘肃省"} {
		for _, c := range FindProvince(p).Cities {
			towns += len(c.Towns)
		}
	}
	if towns != 82 {
		t.Errorf("%d towns, want the 82 rows of towns.csv", towns)
	}
	if direct == 0 {
		t.Error("no county-level unit directly under a province")
	}
}

func TestValid(t *testing.T) {
	cases := []struct {
		name                   string
		province, city, county string
		ok, zone               bool
		reason                 string // a part of the reason; "" for none
	}{
		{"County", "宁夏回族自治区", "中卫市", "沙坡头区", true, false, ""},
		{"Ningdong", "宁夏回族自治区", "银川市", "宁东能源化工基地", true, true, "开发区"},
		{"NingdongWrongCity", "宁夏回族自治区", "吴忠市", "宁东能源化工基地", false, false, "属于银川市"},
		{"TableZone", "江苏省", "苏州市", "苏州工业园区", true, true, "开发区"},
		{"Municipality", "北京市", "北京市", "石景山区", true, false, ""},
		{"MunicipalityCountyRow", "重庆市", "重庆市", "巫山县", true, false, ""},
		{"MunicipalityAsTableRow", "北京市", "市辖区", "石景山区", false, false, "应填「北京市」"},
		{"DirectCounty", "湖北省", "仙桃市", "仙桃市", true, false, ""},
		{"DirectCountyWrongCity", "湖北省", "武汉市", "仙桃市", false, false, "属于仙桃市"},
		{"CityWithoutCounties", "广东省", "东莞市", "东莞市", true, false, ""},
		{"ShortProvince", "宁夏", "银川市", "西夏区", false, false, "「宁夏回族自治区」"},
		{"UnknownProvince", "火星省", "银川市", "西夏区", false, false, "不是省级行政区"},
		{"ShortCity", "宁夏回族自治区", "银川", "西夏区", false, false, "「银川市」"},
		{"CityOfAnotherProvince", "宁夏回族自治区", "兰州市", "城关区", false, false, "没有「兰州市」"},
		{"WrongCity", "宁夏回族自治区", "中卫市", "西夏区", false, false, "属于银川市"},
		{"SharedCountyName", "山东省", "青岛市", "市中区", false, false, "属于济南市、枣庄市，不属于青岛市"},
		{"UnknownCounty", "宁夏回族自治区", "中卫市", "火星区", false, false, "没有「火星区」"},
		{"EmptyCounty", "宁夏回族自治区", "中卫市", "", false, false, "不能为空"},
		{"Spaces", " 宁夏回族自治区", "中卫市 ", " 沙坡头区 ", true, false, ""},
		// Cities without a county level name a town or street (towns.csv).
		{"Town", "广东省", "中山市", "小榄镇", true, false, ""},
		{"Street", "广东省", "东莞市", "万江街道", true, false, ""},
		{"TownDanzhou", "海南省", "儋州市", "那大镇", true, false, ""},
		{"TownJiayuguan", "甘肃省", "嘉峪关市", "新城镇", true, false, ""},
		{"TownZone", "广东省", "东莞市", "松山湖", true, true, "类似乡级单位"},
		{"TownOfAnotherCity", "广东省", "东莞市", "小榄镇", false, false, "「小榄镇」属于中山市，不属于东莞市"},
		{"TownUnderCountyCity", "广东省", "广州市", "万江街道", false, false, "属于东莞市"},
		{"UnknownTown", "广东省", "中山市", "火炬镇", false, false, "中山市没有「火炬镇」这个镇（街道）"},
		{"ShortTown", "广东省", "中山市", "小榄", false, false, "「小榄镇」"},
		{"TownAsCity", "广东省", "小榄镇", "小榄镇", false, false, "「市(区)」一栏应填「中山市」"},
		{"CorpsAsProvince", "新疆生产建设兵团", "石河子市", "石河子市", false, false, "按所在师市填写"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ok, why := Valid(c.province, c.city, c.county)
			reason := ""
			if !why.IsZero() {
				reason = words.Say(words.Chinese, why)
			}
			if ok != c.ok || (c.reason == "") != (reason == "") || !strings.Contains(reason, c.reason) {
				t.Errorf("Valid = %v, %q; want %v and a reason with %q", ok, reason, c.ok, c.reason)
			}
			if c.county == "" {
				return // Lookup of a city, not of a county
			}
			pl, found := Lookup(c.province, c.city, c.county)
			if found != c.ok || pl.Zone != c.zone {
				t.Errorf("Lookup = %+v, %v; want found %v, zone %v", pl, found, c.ok, c.zone)
			}
		})
	}
}

func TestLookupLevels(t *testing.T) {
	cases := []struct {
		name                   string
		province, city, county string
		want                   Place
	}{
		{"Province", "宁夏回族自治区", "", "", Place{Code: "64", Province: "宁夏回族自治区"}},
		{"City", "宁夏回族自治区", "银川市", "", Place{Code: "6401", Province: "宁夏回族自治区", City: "银川市"}},
		{"County", "北京市", "北京市", "石景山区", Place{Code: "110107", Province: "北京市", City: "北京市", County: "石景山区"}},
		{"Zone", "宁夏回族自治区", "银川市", "宁东能源化工基地", Place{Province: "宁夏回族自治区", City: "银川市", County: "宁东能源化工基地", Zone: true}},
		{"Town", "广东省", "东莞市", "万江街道", Place{Code: "441900005", Province: "广东省", City: "东莞市", County: "万江街道", Town: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Lookup(c.province, c.city, c.county)
			if !ok || got != c.want {
				t.Errorf("Lookup = %+v, %v; want %+v", got, ok, c.want)
			}
		})
	}
	if _, ok := Lookup("宁夏回族自治区", "", "西夏区"); ok {
		t.Error("a county without its city was found")
	}
}

func TestByCode(t *testing.T) {
	cases := []struct {
		code string
		want Place
		ok   bool
	}{
		{"64", Place{Code: "64", Province: "宁夏回族自治区"}, true},
		{"6401", Place{Code: "6401", Province: "宁夏回族自治区", City: "银川市"}, true},
		{"110107", Place{Code: "110107", Province: "北京市", City: "北京市", County: "石景山区"}, true},
		{"5002", Place{Code: "5002", Province: "重庆市", City: "重庆市"}, true},
		{"500237", Place{Code: "500237", Province: "重庆市", City: "重庆市", County: "巫山县"}, true},
		{"429004", Place{Code: "429004", Province: "湖北省", City: "仙桃市", County: "仙桃市"}, true},
		{"620171", Place{Code: "620171", Province: "甘肃省", City: "兰州市", County: "兰州新区", Zone: true}, true},
		{"442000118", Place{Code: "442000118", Province: "广东省", City: "中山市", County: "小榄镇", Town: true}, true},
		{"460400499", Place{Code: "460400499", Province: "海南省", City: "儋州市", County: "洋浦经济开发区", Zone: true, Town: true}, true},
		{"4290", Place{}, false},
		{"99", Place{}, false},
		{"", Place{}, false},
	}
	for _, c := range cases {
		t.Run("Code"+c.code, func(t *testing.T) {
			got, ok := ByCode(c.code)
			if ok != c.ok || got != c.want {
				t.Errorf("ByCode(%q) = %+v, %v; want %+v, %v", c.code, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestZonesResolve(t *testing.T) {
	for _, z := range Zones() {
		pl, ok := Lookup(z.Province, z.City, z.Name)
		if !ok || !pl.Zone || pl.Code != "" {
			t.Errorf("zone %s: Lookup = %+v, %v", z.Name, pl, ok)
		}
		if _, inTable := ByCode(pl.Code); inTable {
			t.Errorf("zone %s has a code", z.Name)
		}
	}
}

// TestFilesMatchSpec keeps the embedded copies identical to the spec's,
// when the shared tree is beside the module.
func TestFilesMatchSpec(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "spec", "regions")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no shared spec beside the module")
	}
	for _, name := range []string{"provinces.csv", "cities.csv", "areas.csv", "towns.csv", "LICENSE"} {
		spec, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		ours, err := Files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(spec, ours) {
			t.Errorf("%s differs from the spec's copy", name)
		}
	}
}
