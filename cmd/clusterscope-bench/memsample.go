package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memSample is the server's memory at one moment, in MB: the kernel's view
// of the process (/proc/PID/status) beside the Go runtime's and DuckDB's own
// accounts, which its /metrics publishes (Go's runtime/metrics through the
// Prometheus Go collector; DuckDB's duckdb_memory()).
type memSample struct {
	At       float64 // seconds since sampling began
	RSS, HWM float64
	GoHeap   float64 // go_memstats_heap_inuse_bytes: spans holding objects
	GoOS     float64 // go_memstats_sys_bytes − go_memstats_heap_released_bytes: what Go holds from the OS
	DuckDB   float64 // clusterscope_duckdb_memory_bytes
	NoDuckDB bool    `json:",omitempty"` // /metrics had no DuckDB figure then (its query failed): Rest holds DuckDB's too
}

// Rest is what neither Go nor DuckDB accounts for: the binary's pages,
// the C/C++ allocators' own overhead, thread stacks outside Go.
func (m memSample) Rest() float64 { return m.RSS - m.GoOS - m.DuckDB }

// memLimits are the limits the server ran with, from /metrics (MB; 0 when absent).
type memLimits struct {
	GoSoft, DuckDB float64
}

// sampler polls a server's memory until stopped.
type sampler struct {
	mu      sync.Mutex
	samples []memSample
	limits  memLimits
	stopc   chan struct{}
	done    chan struct{}
}

// sampleMemory polls the server every period. /metrics costs the server a
// few milliseconds each time, so the timed parts of a run are not sampled.
func sampleMemory(s *serveProc, period time.Duration) *sampler {
	sm := &sampler{stopc: make(chan struct{}), done: make(chan struct{})}
	t0 := time.Now()
	go func() {
		defer close(sm.done)
		pid := strconv.Itoa(s.pid)
		for {
			m, lim, err := scrape(s.base + "/metrics")
			if err == nil {
				m.At, m.RSS, m.HWM = time.Since(t0).Seconds(), kbField(pid, "VmRSS:")/1024, kbField(pid, "VmHWM:")/1024
				sm.mu.Lock()
				sm.samples, sm.limits = append(sm.samples, m), lim
				sm.mu.Unlock()
			}
			select {
			case <-sm.stopc:
				return
			case <-time.After(period):
			}
		}
	}()
	return sm
}

// stop ends the sampling and returns the samples and limits.
func (sm *sampler) stop() ([]memSample, memLimits) {
	close(sm.stopc)
	<-sm.done
	return sm.samples, sm.limits
}

// scrape reads the memory figures of one /metrics page.
func scrape(u string) (memSample, memLimits, error) {
	res, err := http.Get(u)
	if err != nil {
		return memSample{}, memLimits{}, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return memSample{}, memLimits{}, fmt.Errorf("GET %s: %s", u, res.Status)
	}
	v := parseMetrics(res.Body)
	const mb = 1 << 20
	duck, ok := v["clusterscope_duckdb_memory_bytes"]
	return memSample{GoHeap: v["go_memstats_heap_inuse_bytes"] / mb,
			GoOS:   (v["go_memstats_sys_bytes"] - v["go_memstats_heap_released_bytes"]) / mb,
			DuckDB: duck / mb, NoDuckDB: !ok},
		memLimits{GoSoft: v["go_gc_gomemlimit_bytes"] / mb, DuckDB: v["clusterscope_duckdb_memory_limit_bytes"] / mb}, nil
}

// parseMetrics reads the unlabelled samples of a Prometheus text page.
func parseMetrics(r io.Reader) map[string]float64 {
	out := map[string]float64{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") || strings.Contains(name, "{") {
			continue
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
			out[name] = f
		}
	}
	return out
}

// peakSample is the sample of the highest RSS.
func peakSample(ss []memSample) (memSample, bool) {
	var peak memSample
	for _, s := range ss {
		if s.RSS > peak.RSS {
			peak = s
		}
	}
	return peak, len(ss) > 0
}

// writeSamples writes the samples as a tab-separated table (the memory
// goal's "profile": where the peak came and who held it).
func writeSamples(path string, ss []memSample) error {
	var b strings.Builder
	b.WriteString("seconds\trss_mb\thwm_mb\tgo_heap_inuse_mb\tgo_from_os_mb\tduckdb_mb\trest_mb\n")
	for _, s := range ss {
		fmt.Fprintf(&b, "%.2f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\n", s.At, s.RSS, s.HWM, s.GoHeap, s.GoOS, s.DuckDB, s.Rest())
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
