package warehouse_test

import (
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse"
	"clusterscope/warehouse/warehousetest"
)

func TestParseRuleSetErrorsNameTheCriterion(t *testing.T) {
	head := "id = \"x\"\nname = \"测试\"\nversion = \"1\"\nsource = \"测试\"\n\n"
	good := "[[criterion]]\nid = \"ok_one\"\nwording = \"近三年产值均在40亿元以上\"\nfield = \"output_total\"\ncomparison = \">=\"\nthreshold = 40\n\n"
	crit := func(body string) string {
		return head + good + "[[criterion]]\nid = \"broken\"\nwording = \"某标准\"\n" + body
	}
	cases := []struct {
		name, toml string
		want       []string
	}{
		// a value none of the allowed is named with its key, not judged by
		// what it would need (=> with a threshold was "不用 threshold")
		{"UnknownComparison", crit("field = \"output_total\"\ncomparison = \"=>\"\nthreshold = 40\n"), []string{"第 2 条标准「broken」", "comparison「=>」无效", "any_of"}},
		{"NoComparison", crit("field = \"output_total\"\nthreshold = 40\n"), []string{"broken", "comparison「」无效"}},
		{"UnknownYears", crit("field = \"output_total\"\ncomparison = \">=\"\nthreshold = 40\nyears = \"every_year\"\n"), []string{"broken", "years「every_year」无效", "each_of_3"}},
		{"OptionNotNumeric", crit("comparison = \"any_of\"\n[[criterion.option]]\nlabel = \"甲\"\nfields = [\"srdi_smes\"]\ncomparison = \"all_yes\"\nthreshold = 10\n[[criterion.option]]\nlabel = \"乙\"\nfields = [\"little_giants\"]\ncomparison = \">=\"\nthreshold = 1\n"), []string{"broken", "option「甲」", "comparison「all_yes」无效"}},
		{"MissingThreshold", crit("field = \"output_total\"\ncomparison = \">=\"\n"), []string{"broken", "threshold"}},
		{"ThresholdNotANumber", crit("field = \"output_total\"\ncomparison = \">=\"\nthreshold = \"forty\"\n"), []string{"broken", "threshold"}},
		{"UnknownField", crit("field = \"output\"\ncomparison = \">=\"\nthreshold = 40\n"), []string{"broken", "output"}},
		{"MisspelledKey", crit("field = \"output_total\"\ncomparison = \">=\"\ntreshold = 40\n"), []string{"broken", "treshold"}},
		{"BadSeverity", crit("field = \"area_km2\"\ncomparison = \"<=\"\nthreshold = 100\nseverity = \"soft\"\n"), []string{"broken", "soft"}},
		{"EachOf3OnSingleValue", crit("field = \"area_km2\"\ncomparison = \"<=\"\nthreshold = 100\nyears = \"each_of_3\"\n"), []string{"broken", "area_km2"}},
		{"NAOnYesNoField", crit("field = \"no_major_incidents\"\ncomparison = \"all_yes\"\nna_ok = true\n"), []string{"broken", "不涉及"}},
		{"AllYesOnNumber", crit("field = \"area_km2\"\ncomparison = \"all_yes\"\n"), []string{"broken", "area_km2"}},
		{"AnyOfOneOption", crit("comparison = \"any_of\"\n[[criterion.option]]\nlabel = \"甲\"\nfields = [\"srdi_smes\"]\ncomparison = \">=\"\nthreshold = 10\n"), []string{"broken", "option"}},
		{"MisspelledOptionKey", crit("comparison = \"any_of\"\n[[criterion.option]]\nlabel = \"甲\"\nfields = [\"srdi_smes\"]\ncomparison = \">=\"\nthreshhold = 10\n[[criterion.option]]\nlabel = \"乙\"\nfields = [\"little_giants\"]\ncomparison = \">=\"\nthreshold = 1\n"), []string{"broken", "threshhold"}},
		{"SyntaxErrorInside", crit("field = \"output_total\"\ncomparison = \">=\"\nthreshold = 40 亿元\n"), []string{"broken", "TOML"}},
		{"DuplicateID", head + good + good, []string{"第 2 条标准「ok_one」", "重复"}},
		{"NoID", head + "[[criterion]]\nwording = \"某标准\"\nfield = \"area_km2\"\ncomparison = \"<=\"\nthreshold = 100\n", []string{"第 1 条标准「缺 id」"}},
		{"NoCriteria", head, []string{"criterion"}},
		{"UnknownTopLevelKey", "versoin = \"2\"\n" + head + good, []string{"versoin"}},
		{"BadBatch", head + "[scope]\nbatches = [22]\n\n" + good, []string{"22"}},
		// a figure nobody judges by, or a bound without one, is refused
		{"OffWithThreshold", crit("field = \"iip_penetration\"\ncomparison = \">=\"\nthreshold = 10\noff = true\n"), []string{"broken", "off", "threshold"}},
		{"OffOnAllYes", crit("field = \"no_major_incidents\"\ncomparison = \"all_yes\"\noff = true\n"), []string{"broken", "off"}},
		{"ExpertWithField", crit("part = 3\nfield = \"area_km2\"\ncomparison = \"expert\"\n"), []string{"broken", "expert"}},
		{"ExpertWithoutPart", crit("comparison = \"expert\"\n"), []string{"broken", "part"}},
		{"PartNine", crit("part = 9\ncomparison = \"expert\"\n"), []string{"broken", "part", "9"}},
		{"GrowthOnACount", crit("field = \"srdi_smes\"\ncomparison = \">\"\nthreshold = 5\nyears = \"growth_of_3\"\n"), []string{"broken", "srdi_smes"}},
		{"BadAboutShare", head + "[settings]\nabout_share = 1.5\n\n" + good, []string{"about_share", "1.5"}},
		{"MisspelledSetting", head + "[settings]\nabout = 0.9\n\n" + good, []string{"settings.about"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := warehouse.ParseRuleSet("bad.toml", []byte(c.toml))
			if err == nil {
				t.Fatal("accepted a broken rule set")
			}
			if clusterscope.ErrorCode(err) != clusterscope.EINVALID {
				t.Errorf("code %s, want invalid", clusterscope.ErrorCode(err))
			}
			for _, w := range append(c.want, "bad.toml") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestSettingsDefault: a set without [settings] keeps this project's
// conventions, 90 % for 左右 and 80 % for the monitoring bands.
func TestSettingsDefault(t *testing.T) {
	rs, err := warehouse.ParseRuleSet("west.toml", []byte(warehousetest.WestRuleSet))
	if err != nil {
		t.Fatal(err)
	}
	if rs.Settings != clusterscope.DefaultRuleSettings() || rs.Settings.AboutShare != 0.9 || rs.Settings.AtRiskShare != 0.8 {
		t.Errorf("settings %+v", rs.Settings)
	}
	set := strings.Replace(warehousetest.WestRuleSet, "[scope]", "[settings]\nabout_share = 0.85\n\n[scope]", 1)
	if rs, err = warehouse.ParseRuleSet("west.toml", []byte(set)); err != nil || rs.Settings.AboutShare != 0.85 {
		t.Errorf("about_share not read: %+v %v", rs, err)
	}
}
