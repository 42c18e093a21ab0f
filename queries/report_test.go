package queries_test

import (
	"context"
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

// TestContactColumnsInFieldOrder: report.Contacts has a column for each of
// ContactFields, in that order, so that each value lands under its label.
func TestContactColumnsInFieldOrder(t *testing.T) {
	text := queries.SQL("report.Contacts")
	at := 0
	for _, f := range queries.ContactFields {
		i := strings.Index(text[at:], "x.field = '"+f+"') AS "+f+",")
		if i < 0 && f == queries.ContactFields[len(queries.ContactFields)-1] {
			i = strings.Index(text[at:], "x.field = '"+f+"') AS "+f+"\n")
		}
		if i < 0 {
			t.Fatalf("report.Contacts has no column %s after the ones before it in ContactFields", f)
		}
		at += i
	}
}
