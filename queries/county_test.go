package queries_test

import (
	"context"
	"testing"

	"clusterscope"
	"clusterscope/queries"
	"clusterscope/warehouse/warehousetest"
)

// TestCountyScope: a 县级 user's questions see the clusters of its county
// only, not those of another county of the same city, by filter or by id.
func TestCountyScope(t *testing.T) {
	w := warehousetest.New(t)
	warehousetest.Load(t, w, "zw.csv", false, `
NX-ZW-001,2022,cluster_name,,沙坡头区枸杞集群
NX-ZW-001,2022,province,,宁夏回族自治区
NX-ZW-001,2022,city,,中卫市
NX-ZW-001,2022,county,,沙坡头区
NX-ZW-001,2022,output_total,2021,52.1
NX-ZW-002,2022,cluster_name,,中宁县枸杞集群
NX-ZW-002,2022,province,,宁夏回族自治区
NX-ZW-002,2022,city,,中卫市
NX-ZW-002,2022,county,,中宁县
NX-ZW-002,2022,output_total,2021,61`)
	db := openOn(t, w, queries.Options{})
	ctx := context.Background()
	county := clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市", County: "沙坡头区"}
	rows, err := db.CompareHeadline(ctx, county, queries.Filter{Batch: 2022}, 2021)
	if err != nil || len(rows) != 1 || rows[0].ClusterID != "NX-ZW-001" {
		t.Errorf("沙坡头区 user sees %+v (%v), want NX-ZW-001 alone", rows, err)
	}
	if obs, _ := db.ClusterObservations(ctx, county, 2022, "NX-ZW-002"); len(obs) != 0 {
		t.Errorf("沙坡头区 user reads the 中宁县 cluster's profile: %d rows", len(obs))
	}
	city := clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市"}
	if rows, _ := db.CompareHeadline(ctx, city, queries.Filter{Batch: 2022}, 2021); len(rows) != 2 {
		t.Errorf("中卫 user sees %d clusters, want both counties' 2", len(rows))
	}
}
