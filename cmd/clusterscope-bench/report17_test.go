package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakePages is the JSON of a fabricated pages run at n clusters that
// meets every goal, changed by edit.
func fakePages(t *testing.T, n int, edit func(*pagesResult)) string {
	t.Helper()
	p := &pagesResult{Clusters: n, Pinning: planPinning(2, true), ServerCPUs: "0", ClientCPUs: "1",
		FirstStartS: 0.5, RestartS: []float64{0.2, 0.2, 0.2, 0.2, 0.2}, Views: 10,
		Cached:        &loadResult{Connections: 32, Duration: "20s", Seconds: 20, Total: endpointStats{Endpoint: "all", Requests: 1000, P50: 2, P99: 8}},
		CachedProfile: fmt.Sprintf("bin/bench/cached-%d.pprof", n),
		Memory:        memoryResult{PeakRSS: 250, FirstVisits: 240, Samples: fmt.Sprintf("bin/bench/memory-%d.tsv", n)}}
	for _, pg := range benchPages {
		fig := func(kind string) pageFigure {
			return pageFigure{Page: pg.Name, HTMLms: 5, JSONms: 195, Plain: 900_000, Gzip: 150_000, ServerGzip: true,
				Profile: fmt.Sprintf("bin/bench/%s-%d-%s.pprof", kind, n, pg.Name)}
		}
		p.Cold, p.AfterLoad = append(p.Cold, fig("cold")), append(p.AfterLoad, fig("afterload"))
		p.Cached.Endpoints = append(p.Cached.Endpoints, endpointStats{Endpoint: pg.Name, Requests: 200, P50: 2, P99: 8})
	}
	if edit != nil {
		edit(p)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// setPage changes one page's figures of a visit list.
func setPage(figs []pageFigure, page string, jsonMS float64, gzip int) {
	for i := range figs {
		if figs[i].Page == page {
			figs[i].JSONms, figs[i].Gzip = jsonMS, gzip
		}
	}
}

// TestIssue17Goals: each goal of issue 17 is stated with its verdict
// from the run's figures, a missed one names the profile (or samples, or
// JSON) to look at, a met one names none, and what was not run is "not
// measured" rather than met.
func TestIssue17Goals(t *testing.T) {
	type want struct{ verdict, look string }
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  map[string]want // goal (its start) → verdict and a part of its "look" ("" for none)
	}{
		{"every goal met at 10k, 100k not run, no floors yet",
			map[string]string{"pages-10000.json": fakePages(t, 10000, nil),
				"queries.txt": "BenchmarkQuestions/10000/batch.List/go-2 64 1 ns/op 3 p50-ms 5 p99-ms\n"},
			map[string]want{
				"every page's first request after a restart, 10k":  {"**met**", ""},
				"each question against the wide-layout floor, 10k": {"not measured", ""},
				"each page's JSON gzipped, 10k":                    {"**met**", ""},
				"peak RSS serving 10k":                             {"**met**", ""},
				"the first page after a load, 10k":                 {"**met**", ""},
				"every page's first request after a restart, 100k": {"not measured", ""},
				"p99 once cached, 100k":                            {"not measured", ""},
			}},
		{"the issue's figures before the wide layout",
			map[string]string{
				"pages-10000.json": fakePages(t, 10000, func(p *pagesResult) {
					setPage(p.Cold, "monitor", 3500, 550_000)
					setPage(p.AfterLoad, "compare", 1200, 150_000)
					p.Memory.PeakRSS = 410
				}),
				"pages-100000.json": fakePages(t, 100000, func(p *pagesResult) {
					setPage(p.Cold, "overview", 2000, 150_000)
					p.Cached.Total.P99 = 45
				}),
				"queries.txt": "BenchmarkQuestions/10000/target.Progress/go-2 64 1 ns/op 500 p50-ms 900 p99-ms\n" +
					"BenchmarkQuestionsFloor/10000/target.Progress-2 64 1 ns/op 3 p50-ms 5 p99-ms\n",
				"questions-profile.txt": "bin/bench/questions-10000.pprof",
			},
			map[string]want{
				"every page's first request after a restart, 10k":  {"**missed**", "bin/bench/cold-10000-monitor.pprof"},
				"each question against the wide-layout floor, 10k": {"**missed**", "bin/bench/questions-10000.pprof"},
				"each page's JSON gzipped, 10k":                    {"**missed**", "/api/monitor"},
				"peak RSS serving 10k":                             {"**missed**", "bin/bench/memory-10000.tsv"},
				"the first page after a load, 10k":                 {"**missed**", "bin/bench/afterload-10000-compare.pprof"},
				"every page's first request after a restart, 100k": {"**met**", ""},
				"p99 once cached, 100k":                            {"**missed**", "bin/bench/cached-100000.pprof"},
			}},
		{"a page that fails at 100k, and a run that ended before the cached part",
			map[string]string{
				"pages-10000.json": fakePages(t, 10000, nil),
				"pages-100000.json": fakePages(t, 100000, func(p *pagesResult) {
					setPage(p.Cold, "monitor", 900, 150_000) // fast, but a 500
					for i := range p.Cold {
						if p.Cold[i].Page == "monitor" {
							p.Cold[i].Error = "GET /api/monitor: 500; server: Out of Memory Error"
						}
					}
					p.Cached, p.Error = nil, "no view could be visited"
				}),
			},
			map[string]want{
				"every page's first request after a restart, 10k":  {"**met**", ""},
				"each question against the wide-layout floor, 10k": {"not measured", ""},
				"each page's JSON gzipped, 10k":                    {"**met**", ""},
				"peak RSS serving 10k":                             {"**met**", ""},
				"the first page after a load, 10k":                 {"**met**", ""},
				"every page's first request after a restart, 100k": {"**missed**", "bin/bench/cold-100000-monitor.pprof"},
				"p99 once cached, 100k":                            {"not measured", ""},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := composeReport(dir, "make bench")
			if err != nil {
				t.Fatal(err)
			}
			if len(r.goals17) != len(tc.want) {
				t.Errorf("%d goals of issue 17 stated, want %d", len(r.goals17), len(tc.want))
			}
			for _, g := range r.goals17 {
				var w want
				found := false
				for prefix, x := range tc.want {
					if strings.HasPrefix(g.Goal, prefix) {
						w, found = x, true
					}
				}
				if !found {
					t.Errorf("unexpected goal %q", g.Goal)
					continue
				}
				if g.Verdict != w.verdict {
					t.Errorf("%s: %s (%s), want %s", g.Goal, g.Verdict, g.Measured, w.verdict)
				}
				if w.look == "" && g.Look != "" || !strings.Contains(g.Look, w.look) {
					t.Errorf("%s: points to %q, want %q", g.Goal, g.Look, w.look)
				}
				if g.Target == "" || g.Measured == "" {
					t.Errorf("%s: target %q, measured %q: both must be stated", g.Goal, g.Target, g.Measured)
				}
			}
		})
	}
}

// TestVisitsGoal: the goal holds only when every page is within it; the
// pages over it, and only they, are named by their profiles.
func TestVisitsGoal(t *testing.T) {
	figs := func(ms ...float64) []pageFigure {
		var out []pageFigure
		for i, m := range ms {
			out = append(out, pageFigure{Page: benchPages[i].Name, JSONms: m, Profile: "p-" + benchPages[i].Name})
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		figs  []pageFigure
		ok    bool
		named []string
	}{
		{"none measured", nil, false, nil},
		{"all within, one at the limit", figs(280, 1000, 50, 100, 999), true, nil},
		{"目标监测 over", figs(280, 260, 50, 100, 3500), false, []string{"p-monitor"}},
		{"two over", figs(1001, 260, 50, 1500, 300), false, []string{"p-overview", "p-cluster"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, measured, look := visitsGoal(tc.figs, 1000)
			if ok != tc.ok {
				t.Errorf("met = %v, want %v (%s)", ok, tc.ok, measured)
			}
			for _, n := range tc.named {
				if !strings.Contains(look, n) {
					t.Errorf("%s not named in %q", n, look)
				}
			}
			if got := strings.Count(look, "`p-"); got != len(tc.named) {
				t.Errorf("%d profiles named (%q), want %d", got, look, len(tc.named))
			}
		})
	}
}
