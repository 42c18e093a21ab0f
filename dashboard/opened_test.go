package dashboard_test

import (
	"io"
	"log/slog"
	"slices"
	"testing"

	"clusterscope/dashboard"
	"clusterscope/queries"
	"clusterscope/warehouse/warehousetest"
)

// TestOpenedIsToldTheClusters: whoever sizes the server by its data (serve,
// Go's memory limit) is told how many clusters each snapshot opened holds,
// once per snapshot.
func TestOpenedIsToldTheClusters(t *testing.T) {
	w := warehousetest.New(t)
	warehousetest.Load(t, w, "a.csv", true, `
NX-ZW-001,2022,cluster_name,,中卫市枸杞集群
NX-ZW-001,2022,province,,宁夏回族自治区
GD-2022-0001,2022,cluster_name,,佛山市家电集群
GD-2022-0001,2022,province,,广东省`)
	db, err := queries.OpenWith(queries.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := dashboard.New(w, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var told []int
	s.Configure(dashboard.Options{Opened: func(n int) { told = append(told, n) }})
	for range 2 {
		if err := s.Refresh(); err != nil {
			t.Fatal(err)
		}
	}
	warehousetest.Load(t, w, "b.csv", true, `
NX-YC-001,2023,cluster_name,,银川市集群
NX-YC-001,2023,province,,宁夏回族自治区`)
	if err := s.Refresh(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(told, []int{2, 3}) {
		t.Errorf("told %v, want 2 clusters, then 3 after the load", told)
	}
}
