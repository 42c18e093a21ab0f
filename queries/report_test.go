package queries_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/queries"
	"clusterscope/warehouse/warehousetest"
)

// TestReportReceived: a report is received when its first load came, and
// a corrected resubmission keeps that day while the date it states is the
// one in force; another province's reports are not seen.
func TestReportReceived(t *testing.T) {
	w, _ := fixture(t) // NX-ZW-001's report on 2023 came with a.csv
	warehousetest.Load(t, w, "c.csv", false, `
NX-ZW-001,2022,output_total,2023,64
NX-ZW-001,2022,reported_on,2023,2024-04-28
GD-2022-0001,2022,output_total,2023,320`)
	db := openOn(t, w, queries.Options{})
	ctx := context.Background()
	loads, err := db.LoadHistory(ctx)
	if err != nil || len(loads) != 3 {
		t.Fatalf("loads %+v %v", loads, err)
	}
	first := loads[2] // newest first: a.csv is the last
	got, err := db.ReportReceived(ctx, clusterscope.Scope{Province: "宁夏回族自治区"}, queries.Filter{Batch: 2022})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ClusterID != "NX-ZW-001" || got[0].Year != 2023 || !got[0].Loaded.Equal(first.At) || got[0].Stated != "2024-04-28" {
		t.Errorf("宁夏 sees receipts %+v, want NX-ZW-001's report on 2023 first loaded at %s (%s), stating 2024-04-28", got, first.At, first.File)
	}
	obs, err := db.ReportObservations(ctx, clusterscope.All, queries.Filter{Batch: 2022, Q: "GD-2022-0001"})
	if err != nil || len(obs) != 1 || obs[0].ClusterID != "GD-2022-0001" || obs[0].Year != 2023 {
		t.Fatalf("reports %+v %v, want GD-2022-0001's on 2023", obs, err)
	}
	if n, ok := obs[0].Num("output_total", 2023); !ok || n != 320 {
		t.Errorf("GD-2022-0001's report on 2023 gives output_total %v (%v), want 320", n, ok)
	}
}

// TestContactColumnsInFieldOrder: view.Contacts and report.Contacts have a
// column for each of ContactFields, in that order, so that each value
// lands under its label.
func TestContactColumnsInFieldOrder(t *testing.T) {
	for name, column := range map[string]string{"view.Contacts": "field = '%s') AS %[1]s", "report.Contacts": "x.%s"} {
		text, at := queries.SQL(name), 0
		for i, f := range queries.ContactFields {
			end := "," // the next column follows
			if i == len(queries.ContactFields)-1 {
				end = "\n"
			}
			j := strings.Index(text[at:], fmt.Sprintf(column, f)+end)
			if j < 0 {
				t.Fatalf("%s has no column %s after the ones before it in ContactFields", name, f)
			}
			at += j
		}
	}
}

// TestReportContacts: the contacts of the clusters asked, and of no other,
// each value under its field; a cluster outside the scope is not given
// even when asked for.
func TestReportContacts(t *testing.T) {
	w, _ := fixture(t)
	warehousetest.Load(t, w, "c.csv", false, `
NX-ZW-001,2022,cluster_name,,中卫市枸杞集群
NX-ZW-001,2022,province,,宁夏回族自治区
NX-ZW-001,2022,authority,,中卫市工业和信息化局
NX-ZW-001,2022,operator_phone,,0955-1234567
NX-ZW-002,2022,cluster_name,,中卫市硒砂瓜集群
NX-ZW-002,2022,province,,宁夏回族自治区
NX-ZW-002,2022,authority,,中卫市农业农村局
GD-2022-0001,2022,cluster_name,,佛山市家电集群
GD-2022-0001,2022,province,,广东省
GD-2022-0001,2022,operator,,佛山市家电产业促进会`)
	db := openOn(t, w, queries.Options{})
	ctx := context.Background()
	asked := []clusterscope.Cluster{{ID: "NX-ZW-001", Batch: 2022}, {ID: "GD-2022-0001", Batch: 2022}, {ID: "NX-ZW-001", Batch: 2023}}
	got, err := db.ReportContacts(ctx, clusterscope.All, queries.Filter{}, asked)
	if err != nil {
		t.Fatal(err)
	}
	var want [len(queries.ContactFields)]string
	want[0], want[5] = "中卫市工业和信息化局", "0955-1234567"
	if len(got) != 2 || got[0].ClusterID != "GD-2022-0001" || got[0].Values[3] != "佛山市家电产业促进会" ||
		got[1].ClusterID != "NX-ZW-001" || got[1].Values != want {
		t.Errorf("contacts %+v, want GD-2022-0001's operator and NX-ZW-001's authority and phone, not NX-ZW-002's", got)
	}
	got, err = db.ReportContacts(ctx, clusterscope.Scope{Province: "宁夏回族自治区"}, queries.Filter{}, asked)
	if err != nil || len(got) != 1 || got[0].ClusterID != "NX-ZW-001" {
		t.Errorf("宁夏 asking for 广东's contacts gets %+v %v, want NX-ZW-001's alone", got, err)
	}
}
