package queries

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
)

func TestScratchQ(t *testing.T) {
	w, _ := warehouse.Open("/tmp/b10k")
	s, _ := w.Snapshot()
	d, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	if err := d.Use(s); err != nil {
		t.Fatal(err)
	}
	fmt.Println("use", time.Since(t0))
	ctx := context.Background()
	opts, _ := d.FilterOptions(ctx, clusterscope.All, Filter{Batch: 2023})
	prov := opts["province"][0].Value
	fmt.Println("prov", prov, opts["province"][0].Clusters, len(opts["province"]))
	run := func(name string, conc int, f func() error) {
		var mu sync.Mutex
		var lat []time.Duration
		var wg sync.WaitGroup
		start := time.Now()
		for g := 0; g < conc; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 20; i++ {
					t := time.Now()
					if err := f(); err != nil {
						panic(err)
					}
					mu.Lock()
					lat = append(lat, time.Since(t))
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		el := time.Since(start)
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		fmt.Printf("%-12s c=%2d p50=%v p99=%v  qps=%.0f\n", name, conc, lat[len(lat)/2], lat[len(lat)*99/100], float64(len(lat))/el.Seconds())
	}
	f := Filter{Batch: 2023, Province: prov}
	for _, c := range []int{1, 32} {
		run("headline", c, func() error { _, err := d.Headline(ctx, clusterscope.All, f, 2022); return err })
		run("values", c, func() error { _, err := d.Values(ctx, clusterscope.All, f, "rd_intensity", 2022); return err })
		run("batches", c, func() error { _, err := d.Batches(ctx, clusterscope.All); return err })
		run("options", c, func() error { _, err := d.FilterOptions(ctx, clusterscope.All, f); return err })
		run("counts", c, func() error { _, err := d.Counts(ctx, clusterscope.All, f); return err })
		run("progress", c, func() error { _, err := d.Progresses(ctx, clusterscope.All, f); return err })
		run("apps", c, func() error { _, err := d.Applications(ctx, clusterscope.All, Filter{Batch: 2022, Province: "宁夏回族自治区", Status: "candidate"}); return err })
		run("obs", c, func() error { _, err := d.Observations(ctx, clusterscope.All, 2023, "X"); return err })
	}
}
