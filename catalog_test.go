package clusterscope_test

import (
	"os"
	"strings"
	"testing"

	"clusterscope"
)

// TestCatalogComplete checks the project's copy of the spec: every field of
// the form and every target, codes unchanged.
func TestCatalogComplete(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	// fields.csv has 131 lines: a header and 130 fields.
	if got := len(cat.Fields); got != 130 {
		t.Errorf("fields: got %d, want 130", got)
	}
	if got := len(cat.Targets); got != 9 {
		t.Errorf("targets: got %d, want 9", got)
	}
	sections := map[int]int{}
	for _, f := range cat.Fields {
		sections[f.Section]++
		if f.Label == "" {
			t.Errorf("%s has no Chinese label", f.Code)
		}
	}
	for s := 0; s <= 9; s++ {
		if sections[s] == 0 {
			t.Errorf("section %d has no fields", s)
		}
	}
	for _, code := range []string{"output_total", "rd_intensity", "cloud_adoption", "co2_per_output"} {
		if cat.Field(code) == nil {
			t.Errorf("headline metric %s missing", code)
		}
	}
	if f := cat.Field("output_total"); f == nil || !f.Yearly || f.Kind != clusterscope.KindNumber || f.Unit != "亿元" {
		t.Errorf("output_total: %+v", f)
	}
	if tg := cat.Target("co2_emissions"); tg == nil || tg.Rule != clusterscope.RuleReductionAbout || tg.Threshold != 18 {
		t.Errorf("co2_emissions target: %+v", tg)
	}
}

// TestCatalogMatchesSpec compares the embedded copy with the shared spec
// byte for byte where the spec is checked out beside the repository.
func TestCatalogMatchesSpec(t *testing.T) {
	for _, name := range []string{"fields.csv", "targets.csv"} {
		spec, err := os.ReadFile("../shared/spec/" + name)
		if err != nil {
			t.Skipf("no shared spec beside the repository: %v", err)
		}
		ours, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if string(spec) != string(ours) {
			t.Errorf("%s differs from ../shared/spec/%s: codes must stay identical", name, name)
		}
	}
}

func TestParseCatalogRejectsBadFiles(t *testing.T) {
	head := "code,section,label_zh,kind,unit,years,required\n"
	thead := "code,direction,label_zh,unit,rule,threshold,rule_zh\n"
	cases := map[string][2]string{
		"DuplicateCode": {head + "a,1,甲,text,,,yes\na,1,乙,text,,,yes\n", thead},
		"BadSection":    {head + "a,x,甲,text,,,yes\n", thead},
		"BadYears":      {head + "a,1,甲,text,,-2..-1,yes\n", thead},
		"ShortRow":      {head + "a,1,甲\n", thead},
		"BadThreshold":  {head, thead + "t,创新,名,个,cagr_at_least,ten,x\n"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := clusterscope.ParseCatalog(c[0], c[1]); err == nil {
				t.Error("accepted a broken catalog")
			}
		})
	}
}

// TestGrowthRates: the fields marked as growth rates are percent fields of
// the catalog, and every percent field the form words as a rate of change
// (增速, 增长率) is marked, so that none is refused above 100 or below 0.
func TestGrowthRates(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	marked := 0
	for _, f := range cat.Fields {
		wordedAsRate := strings.Contains(f.Label, "增速") || strings.Contains(f.Label, "增长率")
		if f.Growth {
			marked++
			if f.Kind != clusterscope.KindPercent {
				t.Errorf("%s is marked a growth rate but is %s", f.Code, f.Kind)
			}
		}
		if f.Kind == clusterscope.KindPercent && wordedAsRate != f.Growth {
			t.Errorf("%s (%s): growth %v, but its label says otherwise", f.Code, f.Label, f.Growth)
		}
	}
	if marked != 6 {
		t.Errorf("%d growth rates marked, want the form's 6", marked)
	}
	for _, tg := range cat.Targets {
		if tg.Unit == "%" && (strings.Contains(tg.Label, "增速") || strings.Contains(tg.Label, "增长率")) {
			t.Errorf("target %s is a percent growth rate: isShare in etl treats every percent target as a share", tg.Code)
		}
	}
}

// TestLongAnswersAreNamedText: the 200-character answers, and only they
// and the plan, have codes ending in _text. assess.Copies finds the
// answers a profile compares by that ending; a 200-character field named
// otherwise would never be compared.
func TestLongAnswersAreNamedText(t *testing.T) {
	for _, f := range clusterscope.DefaultCatalog().Fields {
		long := f.Kind == clusterscope.KindText200 || f.Kind == clusterscope.KindText3000
		if named := strings.HasSuffix(f.Code, "_text"); named != long {
			t.Errorf("field %s (%s, kind %s): a code ending in _text is for the long answers, and only for them", f.Code, f.Label, f.Kind)
		}
	}
}
