package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// goalRow is one goal of issue 17 as BENCHMARKS.md states it.
type goalRow struct {
	Goal, Target, Measured, Verdict, Look string
}

// verdictOf words a verdict; nil is "not measured".
func verdictOf(ok *bool) string {
	switch {
	case ok == nil:
		return "not measured"
	case *ok:
		return "**met**"
	}
	return "**missed**"
}

// goal17 records a goal of issue 17; look (the file that explains it) is
// kept for a miss only.
func (r *report) goal17(goal, target, measured string, ok *bool, look string) {
	if ok == nil || *ok {
		look = ""
	}
	r.goals17 = append(r.goals17, goalRow{goal, target, measured, verdictOf(ok), look})
}

// pagesRun reads `clusterscope-bench pages` results; nil when missing.
func (r *report) pagesRun(n int) *pagesResult {
	var p pagesResult
	if json.Unmarshal([]byte(r.file(fmt.Sprintf("pages-%d.json", n))), &p) != nil || len(p.Cold) == 0 {
		return nil
	}
	return &p
}

// titleOf is a page's Chinese name.
func titleOf(page string) string {
	for _, p := range benchPages {
		if p.Name == page {
			return p.Title
		}
	}
	return page
}

// visitsGoal judges "every page's visit ≤ limit ms": the figures of each
// page, and the profiles of those over it.
func visitsGoal(figs []pageFigure, limit float64) (ok bool, measured, look string) {
	var parts, profiles []string
	ok = len(figs) > 0
	for _, f := range figs {
		if f.Error != "" {
			parts = append(parts, titleOf(f.Page)+" failed (see its section)")
		} else {
			parts = append(parts, fmt.Sprintf("%s %s s", titleOf(f.Page), secs(f.MS())))
		}
		if f.MS() > limit || f.Error != "" {
			ok = false
			profiles = append(profiles, fmt.Sprintf("`%s`", f.Profile))
		}
	}
	return ok, strings.Join(parts, ", "), strings.Join(profiles, ", ")
}

// over names the pages over limit ms, "" when none.
func over(figs []pageFigure, limit float64) string {
	var out []string
	for _, f := range figs {
		if f.MS() > limit {
			out = append(out, titleOf(f.Page))
		}
	}
	return strings.Join(out, ", ")
}

// secs formats milliseconds as seconds.
func secs(ms float64) string { return fmt.Sprintf("%.2f", ms/1000) }

// gzipGoal judges "each page's JSON ≤ limit bytes gzipped".
func gzipGoal(figs []pageFigure, limit int) (ok bool, measured, look string) {
	var parts, big []string
	ok = len(figs) > 0
	for _, f := range figs {
		if f.Error != "" { // a page that fails is not one within the goal
			ok = false
			parts = append(parts, titleOf(f.Page)+" failed")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s", titleOf(f.Page), kb(f.Gzip)))
		if f.Gzip > limit {
			ok = false
			big = append(big, fmt.Sprintf("`/api/%s` (%s KB plain)", f.Page, kb(f.Plain)))
		}
	}
	return ok, strings.Join(parts, ", ") + " (KB)", strings.Join(big, ", ")
}

func kb(b int) string { return fmt.Sprintf("%.0f", float64(b)/1000) }

// issue17 judges the goals of issue 17 from the pages runs, the memory
// samples and the queries' floors, and writes their sections.
func (r *report) issue17() {
	p10, p100 := r.pagesRun(10000), r.pagesRun(100000)
	if p10 == nil {
		for _, g := range []string{"every page's first request after a restart, 10k", "each page's JSON gzipped, 10k",
			"peak RSS serving 10k", "the first page after a load, 10k"} {
			r.goal17(g, "", "not run (see the output of make bench)", nil, "")
		}
	} else {
		ok, m, look := visitsGoal(p10.Cold, 1000)
		if aim := over(p10.Cold, 300); aim != "" {
			m += "; over the 0.3 s aim: " + aim
		}
		r.goal17("every page's first request after a restart, 10k", "≤ 1 s (aim ≤ 0.3 s)", m, ptr(ok), look)
	}
	r.floorGoal(10000, r.q10)
	if p10 != nil {
		ok, m, look := gzipGoal(p10.Cold, 200_000)
		r.goal17("each page's JSON gzipped, 10k", "≤ 200 KB", m, ptr(ok), look)
		mem := p10.Memory
		r.goal17("peak RSS serving 10k, the first visit of every page included", "≤ 300 MB",
			fmt.Sprintf("%.0f MB (VmHWM over the run; %.0f MB once every page and %d views were visited)", mem.PeakRSS, mem.FirstVisits, p10.Views),
			ptr(mem.PeakRSS <= 300), fmt.Sprintf("`%s` (see *Memory*)", mem.Samples))
		ok, m, look = visitsGoal(p10.AfterLoad, 1000)
		r.goal17("the first page after a load, 10k", "≤ 1 s", m, ptr(ok), look)
	}
	if p100 == nil {
		why := "not measured: `make bench BENCH_100K=1` runs 100k (bench.sh says how long it takes)"
		if strings.Contains(r.file("timings.txt"), "pages 100k\t") {
			// asked for, but the pages run ended without its results
			why = "not measured: the 100k pages run failed before its first page (see the output of make bench)"
		}
		r.goal17("every page's first request after a restart, 100k", "≤ 3 s", why, nil, "")
		r.goal17("p99 once cached, 100k", "≤ 30 ms", why, nil, "")
	} else {
		ok, m, look := visitsGoal(p100.Cold, 3000)
		r.goal17("every page's first request after a restart, 100k", "≤ 3 s", m, ptr(ok), look)
		if c := p100.Cached; c == nil {
			r.goal17("p99 once cached, 100k", "≤ 30 ms", "not run: "+p100.Error, nil, "")
		} else {
			t := c.Total
			r.goal17("p99 once cached, 100k", "≤ 30 ms",
				fmt.Sprintf("%.1f ms over %d requests from %d connections (p50 %.1f ms, %d errors)", t.P99, t.Requests, c.Connections, t.P50, t.Errors),
				ptr(t.P99 <= 30 && t.Errors == 0), fmt.Sprintf("`%s`", p100.CachedProfile))
		}
	}
	for _, p := range []*pagesResult{p10, p100} {
		if p != nil {
			r.pagesSection(p)
		}
	}
	r.floorSection()
}

// floorGoal judges "each question ≤ 1.5× the wide-layout floor" at n.
func (r *report) floorGoal(n int, res benchResults) {
	name := fmt.Sprintf("each question against the wide-layout floor, %dk", n/1000)
	ps := pairFloors(res)
	v := judgeFloors(ps, 1.5)
	measured := "not run"
	switch {
	case len(ps) > 0 && v.Paired == 0:
		measured = fmt.Sprintf("no floor: none of the %d question benchmarks has a BenchmarkXFloor beside it", len(ps))
	case v.Paired > 0:
		measured = fmt.Sprintf("worst %.2f× (%s, %s); %d of %d over 1.5×", v.Worst.Ratio(), v.Worst.Name, v.Worst.Unit, len(v.Missed), v.Paired)
		if v.Unpaired > 0 {
			measured += fmt.Sprintf("; %d without a floor", v.Unpaired)
		}
	}
	r.goal17(name, "≤ 1.5× (p50; BenchmarkFloorRatio asks each in turn with its floor)", measured, v.OK, fmt.Sprintf("`%s` (`go test -bench` CPU profile of the questions)", r.questionsProfile))
}
