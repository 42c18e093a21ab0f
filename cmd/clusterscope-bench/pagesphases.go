package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// profiledVisit visits page once with the server's CPU profiled into
// path, signing in first (before the profile) when c is nil. A page that
// fails is a figure too (its Error says why, from the server's log): the
// run goes on to the other pages; only a failure to sign in or to
// profile ends it.
func profiledVisit(s *serveProc, password, path, page string, c *http.Client) (pageFigure, error) {
	if c == nil {
		var err error
		if c, err = loadSignIn(s.base, "bench", password, 1); err != nil {
			return pageFigure{}, err
		}
	}
	var fig pageFigure
	var visitErr error
	err := s.profile(path, func() error {
		fig, visitErr = visitPage(c, s.base, page)
		return nil
	})
	fig.Page, fig.Profile = page, path
	if visitErr != nil {
		fig.Error = fmt.Sprintf("%v; server: %s", visitErr, s.lastError())
	}
	return fig, err
}

// samplePeriod is how often the memory is read while every view is visited.
const samplePeriod = 200 * time.Millisecond

// visitAll visits every page, then every view of the request mix, once,
// sampling the memory; then runs the mix from o.Connections connections
// with the server's CPU profiled. It returns the signed-in client.
func visitAll(ctx context.Context, s *serveProc, password string, o pagesOptions, res *pagesResult,
	prof func(kind, page string) string, log io.Writer) (*http.Client, error) {
	c, err := loadSignIn(s.base, "bench", password, o.Connections)
	if err != nil {
		return nil, err
	}
	sm := sampleMemory(s, samplePeriod)
	// A view that fails is counted and left out of the timed run: it is
	// not cached, and the cold figures above say why it failed.
	var failed []string
	visit := func(path string) bool {
		if err := fetch(c, s.base+path); err != nil {
			failed = append(failed, fmt.Sprintf("%v; server: %s", err, s.lastError()))
			return false
		}
		return true
	}
	for _, p := range benchPages {
		visit("/api/" + p.Name)
	}
	all, err := discoverTargets(ctx, c, s.base)
	var targets []target
	for _, t := range spread(all, o.PerEndpoint) {
		if err == nil && visit(t.Path) {
			targets = append(targets, t)
		}
	}
	samples, limits := sm.stop()
	if err != nil {
		return nil, err
	}
	m := &res.Memory
	m.FirstVisits, m.Limits, m.SampleCount, m.SamplePeriod = s.peakRSS(), limits, len(samples), samplePeriod.String()
	m.AtPeak, _ = peakSample(samples)
	for _, x := range samples {
		m.MaxGoHeap, m.MaxDuckDB = max(m.MaxGoHeap, x.GoHeap), max(m.MaxDuckDB, x.DuckDB)
	}
	m.Samples = filepath.Join(o.Profiles, fmt.Sprintf("memory-%d.tsv", o.Clusters))
	if err := writeSamples(m.Samples, samples); err != nil {
		return nil, err
	}
	res.Views, res.FailedViews = len(targets), failed
	fmt.Fprintf(log, "visited %d views: peak RSS %.0f MB (sampled peak %.0f: Go heap %.0f, Go from the OS %.0f, DuckDB %.0f, rest %.0f)\n",
		len(targets), m.FirstVisits, m.AtPeak.RSS, m.AtPeak.GoHeap, m.AtPeak.GoOS, m.AtPeak.DuckDB, m.AtPeak.Rest())

	if len(targets) == 0 {
		return c, fmt.Errorf("no view could be visited: %v", failed)
	}
	res.CachedProfile = prof("cached", "")
	pid := fmt.Sprint(s.pid)
	server, client := cpuSeconds(pid), cpuSeconds("self")
	serverWait, clientWait := runQueueSeconds(pid), runQueueSeconds("self")
	err = s.profile(res.CachedProfile, func() error {
		res.Cached = hammer(ctx, c, s.base, targets, loadOptions{Duration: o.Duration, Connections: o.Connections, Requests: 5_000_000})
		return nil
	})
	// How busy each side was: a generator near 100 % of its CPU measures itself.
	res.ServerBusy = (cpuSeconds(pid) - server) / res.Cached.Seconds
	res.ClientBusy = (cpuSeconds("self") - client) / res.Cached.Seconds
	res.ServerWait = (runQueueSeconds(pid) - serverWait) / res.Cached.Seconds
	res.ClientWait = (runQueueSeconds("self") - clientWait) / res.Cached.Seconds
	if err != nil {
		return nil, err
	}
	t := res.Cached.Total
	fmt.Fprintf(log, "cached: %d requests, %d errors, p50 %.2f ms, p99 %.2f ms, %.0f req/s; CPU used: server %.0f %%, generator %.0f %%; waiting for a CPU: server %.0f %%, generator %.0f %%\n",
		t.Requests, t.Errors, t.P50, t.P99, t.PerSecond, 100*res.ServerBusy, 100*res.ClientBusy, 100*res.ServerWait, 100*res.ClientWait)
	return c, nil
}

// afterLoad loads a changed folder with `clusterscope load` (its own
// process, on the generator's CPUs) while s runs, then visits each page
// once, profiled: the first visits after a load.
func afterLoad(s *serveProc, c *http.Client, o pagesOptions, res *pagesResult,
	prof func(kind, page string) string, log io.Writer) error {
	tmp, err := os.MkdirTemp("", "clusterscope-bench-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	folder, err := writeChangedFolder(tmp, o.Clusters)
	if err != nil {
		return err
	}
	res.LoadedClusters = min(changedClusters, o.Clusters)
	cmd := res.Pinning.command(res.Pinning.Client, o.Bin, "load", "--json", "--data", o.Data, folder)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	t0 := time.Now()
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("clusterscope load %s: %v\n%s%s", folder, err, out, stderr.Bytes())
	}
	res.LoadS = time.Since(t0).Seconds()
	// A file loaded before would change nothing, and time nothing.
	var reports []struct {
		Loaded   bool `json:"loaded"`
		Repeated bool `json:"already_loaded"`
	}
	if err := json.Unmarshal(out, &reports); err != nil || len(reports) != 1 || !reports[0].Loaded || reports[0].Repeated {
		return fmt.Errorf("clusterscope load %s stored nothing new: %s", folder, out)
	}
	fmt.Fprintf(log, "load of %d changed clusters: %.1f s\n", res.LoadedClusters, res.LoadS)
	for _, p := range benchPages {
		fig, err := profiledVisit(s, "", prof("afterload", p.Name), p.Name, c)
		if err != nil {
			return err
		}
		res.AfterLoad = append(res.AfterLoad, fig)
		fmt.Fprintf(log, "after the load, %s: %.0f ms %s\n", p.Name, fig.MS(), fig.Error)
	}
	return nil
}

// spread keeps at most k targets of each endpoint, evenly spaced over its
// list and in order; k ≤ 0 keeps all.
func spread(targets []target, k int) []target {
	if k <= 0 {
		return targets
	}
	by := map[string][]target{}
	for _, t := range targets {
		by[t.Endpoint] = append(by[t.Endpoint], t)
	}
	keep := map[string]bool{}
	for _, ts := range by {
		for i := range min(k, len(ts)) {
			keep[ts[i*len(ts)/min(k, len(ts))].Path] = true
		}
	}
	var out []target
	for _, t := range targets {
		if keep[t.Path] {
			out = append(out, t)
		}
	}
	return out
}
