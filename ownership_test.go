package clusterscope_test

import (
	"strings"
	"testing"

	"clusterscope"
)

// TestCheckOwners: who may write into a stored cluster entry, by the
// loader's scope, the place the stored application gives and the place the
// file gives (if it holds the application); and which loads are moves.
func TestCheckOwners(t *testing.T) {
	zw := clusterscope.Place{Province: "宁夏回族自治区", City: "中卫市"}
	yc := clusterscope.Place{Province: "宁夏回族自治区", City: "银川市"}
	sh := clusterscope.Place{Province: "上海市", City: "上海市"}
	spt := clusterscope.Place{Province: zw.Province, City: zw.City, County: "沙坡头区"}
	zn := clusterscope.Place{Province: zw.Province, City: zw.City, County: "中宁县"}
	scope := func(p clusterscope.Place) clusterscope.Scope { return clusterscope.Scope(p) }
	ningxia := clusterscope.Scope{Province: "宁夏回族自治区"}
	cases := []struct {
		name   string
		stored *clusterscope.Owner // nil: not stored
		file   *clusterscope.Place // nil: a follow-up report only
		scope  clusterscope.Scope
		refuse string // in the problem's message; "" to accept
		move   bool
	}{
		{"new_in_scope", nil, &zw, scope(zw), "", false},
		{"new_outside_scope", nil, &sh, scope(zw), "不在您的权限范围「宁夏回族自治区中卫市」内", false},
		{"owner_resubmits", &clusterscope.Owner{Place: zw, Application: true}, &zw, scope(zw), "", false},
		{"other_city_application", &clusterscope.Owner{Place: zw, Application: true}, &sh, scope(sh), "已由其他地区登记", false},
		{"other_city_claims_own_place", &clusterscope.Owner{Place: zw, Application: true}, &zw, scope(sh), "已由其他地区登记", false},
		{"other_city_followup", &clusterscope.Owner{Place: zw, Application: true}, nil, scope(sh), "已由其他地区登记", false},
		{"owner_followup", &clusterscope.Owner{Place: zw, Application: true}, nil, scope(zw), "", false},
		{"city_moves_out", &clusterscope.Owner{Place: zw, Application: true}, &yc, scope(zw), "不在您的权限范围", false},
		{"province_moves_within", &clusterscope.Owner{Place: zw, Application: true}, &yc, ningxia, "", true},
		{"province_moves_out", &clusterscope.Owner{Place: zw, Application: true}, &sh, ningxia, "不在您的权限范围", false},
		{"admin_moves", &clusterscope.Owner{Place: zw, Application: true}, &sh, clusterscope.All, "", true},
		{"followup_without_application", nil, nil, scope(zw), "没有申报表", false},
		{"admin_followup_without_application", nil, nil, clusterscope.All, "", false},
		{"claim_orphan_followups", &clusterscope.Owner{}, &zw, scope(zw), "所属地区不明", false},
		{"admin_completes_orphan", &clusterscope.Owner{}, &zw, clusterscope.All, "", false},
		// A 县级 user is the applicant of its own county only.
		{"county_new_in_scope", nil, &spt, scope(spt), "", false},
		{"county_new_other_county", nil, &zn, scope(spt), "不在您的权限范围「宁夏回族自治区中卫市沙坡头区」内", false},
		{"county_other_county_followup", &clusterscope.Owner{Place: zn, Application: true}, nil, scope(spt), "已由其他地区登记", false},
		{"county_claims_other_county", &clusterscope.Owner{Place: zn, Application: true}, &spt, scope(spt), "已由其他地区登记", false},
		{"county_moves_out", &clusterscope.Owner{Place: spt, Application: true}, &zn, scope(spt), "不在您的权限范围", false},
		{"city_moves_between_counties", &clusterscope.Owner{Place: spt, Application: true}, &zn, scope(zw), "", true},
	}
	cat := clusterscope.DefaultCatalog()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var obs []clusterscope.Observation
			add := func(field string, year int, value string) {
				o, err := cat.Observe("C-1", 2022, field, year, value)
				if err != nil {
					t.Fatal(err)
				}
				obs = append(obs, o)
			}
			if c.file != nil {
				add("province", 0, c.file.Province)
				add("city", 0, c.file.City)
				if c.file.County != "" {
					add("county", 0, c.file.County)
				}
			}
			add("output_total", 2023, "60") // a follow-up actual
			owners := map[clusterscope.ClusterKey]clusterscope.Owner{}
			if c.stored != nil {
				owners[clusterscope.ClusterKey{ID: "C-1", Batch: 2022}] = *c.stored
			}
			problems, moves := clusterscope.CheckOwners("f.csv", obs, owners, c.scope)
			switch {
			case c.refuse == "" && len(problems) > 0:
				t.Fatalf("refused: %v", problems)
			case c.refuse != "" && (len(problems) != 1 || !strings.Contains(problems[0].Message, c.refuse) ||
				problems[0].File != "f.csv" || !strings.Contains(problems[0].Message, "C-1")):
				t.Fatalf("problems %v, want one naming f.csv, C-1 and %q", problems, c.refuse)
			}
			if (len(moves) == 1) != c.move || len(moves) > 1 {
				t.Errorf("moves %v, want a move: %v", moves, c.move)
			}
			if c.move && (moves[0].From != c.stored.Place || moves[0].To != *c.file) {
				t.Errorf("move %+v", moves[0])
			}
		})
	}
}
