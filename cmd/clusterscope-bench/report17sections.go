package main

import (
	"fmt"
	"strings"
)

// pagesSection writes a pages run: per page, its first visit after a
// restart and after a load, its figures once cached and its JSON; then the
// memory.
func (r *report) pagesSection(p *pagesResult) {
	r.f("## Pages at %d clusters: `clusterscope serve` as its own process (issue 17)\n\n", p.Clusters)
	r.f("Pinning: %s. The kernel reported the server's allowed CPUs as `%s` and the generator's as `%s`.\n\n", p.Pinning.Note, p.ServerCPUs, p.ClientCPUs)
	var restarts []string
	for _, s := range p.RestartS {
		restarts = append(restarts, fmt.Sprintf("%.2f", s))
	}
	r.f("Each *first visit after a restart* is on a new `serve` process: started (exec → `/readyz` answering took %s s; the first start over this data, which builds the snapshot file if missing, %.2f s), signed in, then the page's HTML and its JSON (the page's defaults) asked one after the other, the server's CPU profiled over the two. The operating system's page cache is warm: cold means a new process, not a cold disk.\n\n",
		strings.Join(restarts, ", "), p.FirstStartS)
	by := map[string]endpointStats{}
	if p.Cached != nil {
		for _, e := range p.Cached.Endpoints {
			by[e.Endpoint] = e
		}
	}
	r.f("| page | first visit after a restart, s (HTML + JSON) | once cached p50 / p99 ms | JSON KB | gzipped KB | first visit after a load, s | profiles |\n|---|---|---|---|---|---|---|\n")
	for i, c := range p.Cold {
		after, afterProf := "–", ""
		if i < len(p.AfterLoad) && p.AfterLoad[i].Page == c.Page {
			after, afterProf = fmt.Sprintf("%s (%s + %s)", secs(p.AfterLoad[i].MS()), secs(p.AfterLoad[i].HTMLms), secs(p.AfterLoad[i].JSONms)),
				fmt.Sprintf(", `%s`", p.AfterLoad[i].Profile)
		}
		cached := "–"
		if e, ok := by[c.Page]; ok {
			cached = fmt.Sprintf("%.1f / %.1f", e.P50, e.P99)
		}
		gz, plain := kb(c.Gzip), kb(c.Plain)
		if !c.ServerGzip {
			gz += " (sent plain; gzipped here)"
		}
		if c.Error != "" {
			gz, plain = "failed", "failed"
		}
		r.f("| %s %s | %s (%s + %s) | %s | %s | %s | %s | `%s`%s |\n", titleOf(c.Page), c.Page, secs(c.MS()), secs(c.HTMLms), secs(c.JSONms),
			cached, plain, gz, after, c.Profile, afterProf)
	}
	r.f("\n")
	for _, f := range append(append([]pageFigure{}, p.Cold...), p.AfterLoad...) {
		if f.Error != "" {
			r.f("- %s (`%s`) failed: %s\n", titleOf(f.Page), f.Profile, brief(f.Error))
		}
	}
	if len(p.FailedViews) > 0 {
		r.f("- %d views failed when first visited (left out of the timed run); the first: %s\n", len(p.FailedViews), brief(p.FailedViews[0]))
	}
	if p.Error != "" {
		r.f("- the run ended early: %s\n", brief(p.Error))
	}
	r.f("\n")
	if c := p.Cached; c != nil {
		t := c.Total
		r.f("*Once cached*: on one more new process, every page and then each of %d distinct views of the request mix (as `loadtest` builds it: each batch's national and provincial views, assessments, profiles; %s) asked once; then those views for %s from %d connections: %d requests, %d errors, %.0f req/s, p50 %.1f ms, p99 %.1f ms over all (profile `%s`). CPU used meanwhile: the server %.0f %% of one CPU, the generator %.0f %%; their threads waited for a CPU (runnable, another process on it: /proc/PID/task/*/schedstat) %.0f %% and %.0f %% of the time, summed over threads.\n\n",
			p.Views, mixShare(p.PerEndpoint), c.Duration, c.Connections, t.Requests, t.Errors, t.PerSecond, t.P50, t.P99, p.CachedProfile, 100*p.ServerBusy, 100*p.ClientBusy,
			100*p.ServerWait, 100*p.ClientWait)
	}
	if len(p.AfterLoad) > 0 {
		r.f("*After a load*: with that process still serving, `clusterscope load` of a folder resubmitting %d clusters (one value changed in each) ran as its own process on the generator's CPU, in %.1f s (it builds the new snapshot's file); then each page's first visit.\n\n",
			p.LoadedClusters, p.LoadS)
	}
	r.memorySection(p)
}

// brief is an error on one line, cut after 400 characters (a DuckDB
// error goes on with its advice), in backquotes so that its text stays as
// it is in the table.
func brief(e string) string {
	e = strings.Join(strings.Fields(strings.ReplaceAll(e, `\n`, " ")), " ")
	if r := []rune(e); len(r) > 400 {
		e = string(r[:400]) + " …"
	}
	return "`" + strings.ReplaceAll(e, "`", "'") + "`"
}

// mixShare says how much of the request mix a run visited.
func mixShare(perEndpoint int) string {
	if perEndpoint <= 0 {
		return "all of them"
	}
	return fmt.Sprintf("at most %d of each page's, spread over its list", perEndpoint)
}

// memorySection writes what the server's memory was made of.
func (r *report) memorySection(p *pagesResult) {
	m := p.Memory
	r.f("### Memory at %d clusters\n\n| | MB |\n|---|---|\n", p.Clusters)
	r.f("| peak RSS (VmHWM of /proc/PID/status), the whole run above | %.0f |\n", m.PeakRSS)
	r.f("| peak RSS once every page and view had been visited once | %.0f |\n", m.FirstVisits)
	a := m.AtPeak
	r.f("| at the highest sampled RSS (%d samples, every %s, while visiting): RSS | %.0f |\n", m.SampleCount, m.SamplePeriod, a.RSS)
	r.f("| — Go heap in use (`go_memstats_heap_inuse_bytes`: runtime/metrics through `/metrics`) | %.0f |\n", a.GoHeap)
	r.f("| — all the Go runtime holds from the OS (`go_memstats_sys_bytes` − `go_memstats_heap_released_bytes`) | %.0f |\n", a.GoOS)
	if a.NoDuckDB {
		r.f("| — DuckDB (`clusterscope_duckdb_memory_bytes`: `duckdb_memory()`) | not reported at that moment (its query failed) |\n")
		r.f("| — the rest, DuckDB's included: the binary's pages, the C/C++ allocators' own, threads outside Go | %.0f |\n", a.Rest())
	} else {
		r.f("| — DuckDB (`clusterscope_duckdb_memory_bytes`: `duckdb_memory()`) | %.0f |\n", a.DuckDB)
		r.f("| — the rest: the binary's pages, the C/C++ allocators' own, threads outside Go | %.0f |\n", a.Rest())
	}
	r.f("| highest Go heap in use sampled | %.0f |\n| highest DuckDB sampled | %.0f |\n", m.MaxGoHeap, m.MaxDuckDB)
	r.f("| DuckDB's memory limit / Go's soft limit (as the server ran) | %.0f / %.0f |\n\n", m.Limits.DuckDB, m.Limits.GoSoft)
	r.f("The samples: `%s`.\n\n", m.Samples)
}

// floorSection writes every question beside its wide-layout floor.
func (r *report) floorSection() {
	r.f("## Questions against the wide-layout floor (issue 17)\n\n")
	r.f("Each question benchmark of `queries` (`BenchmarkX…`) beside its floor (`BenchmarkXFloor…`: the same question answered from the wide table, sorted for it), measured in the same `go test` run. The ratio is of the first figure both report: p99 (32 at once), else p50, else ns/op. BenchmarkQuestions' `cached` (the answer cache) and `floor` (the same SQL without the Go side) variants are left out; issue 7's table has them.\n\n")
	for _, s := range []struct {
		n   int
		res benchResults
	}{{10000, r.q10}, {100000, r.q100}} {
		ps := pairFloors(s.res)
		if len(ps) == 0 {
			continue
		}
		r.f("### %d clusters\n\n| question | p50 ms | compared | floor | floor p50 ms | floor compared | ratio |\n|---|---|---|---|---|---|---|\n", s.n)
		for _, p := range ps {
			if p.Floor == "" {
				r.f("| %s | %s | %s %s | no floor | | | |\n", p.Name, ms(p.P50, p.P50 > 0), fig(p.Value, p.Unit), p.Unit)
				continue
			}
			r.f("| %s | %s | %s %s | %s | %s | %s | %.2f× |\n", p.Name, ms(p.P50, p.P50 > 0), fig(p.Value, p.Unit), p.Unit, p.Floor,
				ms(p.FloorP50, p.FloorP50 > 0), fig(p.FloorValue, p.Unit), p.Ratio())
		}
		r.f("\n")
	}
}

// fig formats a figure of unit.
func fig(v float64, unit string) string {
	if unit == "ns/op" {
		return fmt.Sprintf("%.0f", v)
	}
	return ms(v, true)
}
