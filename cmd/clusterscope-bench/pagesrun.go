package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/warehouse"
)

// pagesOptions configure `clusterscope-bench pages`.
type pagesOptions struct {
	Data, Bin, Out, Profiles string
	Clusters                 int // the data set's size, for the names of what is written
	Duration                 time.Duration
	Connections, PerEndpoint int
	ReadyWithin              time.Duration
}

// pagesResult is one run of `clusterscope-bench pages` (issue 17).
type pagesResult struct {
	Clusters               int
	Pinning                pinning
	ServerCPUs, ClientCPUs string    // Cpus_allowed_list as the kernel reported it during the run
	FirstStartS            float64   // exec → ready on the first start over the data (builds the snapshot file when missing)
	RestartS               []float64 // exec → ready of each restart
	Cold                   []pageFigure
	Memory                 memoryResult
	Cached                 *loadResult
	CachedProfile          string
	ServerBusy, ClientBusy float64  // CPU seconds per second of the cached run (1 = one CPU busy throughout)
	ServerWait, ClientWait float64  // seconds waiting for a CPU per second of it, summed over threads
	Views                  int      // distinct views visited before the timed run
	PerEndpoint            int      // at most this many of each page's (0: all of the mix)
	FailedViews            []string // the views that failed when first visited, and why
	LoadS                  float64  // `clusterscope load` of the changed folder, while serve ran
	LoadedClusters         int
	AfterLoad              []pageFigure
	Seconds                float64 // the whole run
	Error                  string  `json:",omitempty"` // what ended the run early
}

// memoryResult is the server's memory over the run, in MB.
type memoryResult struct {
	PeakRSS      float64   // VmHWM at the end of the run
	FirstVisits  float64   // VmHWM once every page and view had been visited once
	AtPeak       memSample // the sampled moment of highest RSS (while visiting)
	MaxGoHeap    float64
	MaxDuckDB    float64
	Limits       memLimits
	Samples      string // their table
	SampleCount  int
	SamplePeriod string
}

// newPages is `clusterscope-bench pages`.
func newPages() *cobra.Command {
	o := pagesOptions{}
	cmd := &cobra.Command{
		Use:   "pages --data DIR --bin BIN --clusters N --out FILE --profiles DIR",
		Short: "每页的冷启动首个请求、缓存后的 p50/p99、JSON 大小、峰值内存与载入后的首个请求（issue 17；serve 与压测端分核运行）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := runPages(cmd.Context(), o, cmd.ErrOrStderr())
			if res != nil { // what was measured before a failure is reported with it
				b, jerr := json.MarshalIndent(res, "", "  ")
				if jerr == nil {
					jerr = os.WriteFile(o.Out, append(b, '\n'), 0o644)
				}
				if err == nil {
					err = jerr
				}
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Data, "data", "", "数据仓库目录（由 data 命令生成）")
	f.StringVar(&o.Bin, "bin", "bin/clusterscope", "所测的 clusterscope 程序")
	f.IntVar(&o.Clusters, "clusters", 10000, "数据集的集群数（用于文件名）")
	f.StringVar(&o.Out, "out", "", "结果 JSON 文件")
	f.StringVar(&o.Profiles, "profiles", "bin/bench", "CPU 剖析与内存采样写入此目录")
	f.DurationVar(&o.Duration, "duration", 20*time.Second, "缓存后压测的时长")
	f.IntVar(&o.Connections, "connections", 32, "缓存后压测的并发连接数")
	f.IntVar(&o.PerEndpoint, "per-endpoint", 0, "每个接口至多预热和压测这么多个不同请求（0：全部）")
	f.DurationVar(&o.ReadyWithin, "ready-within", 15*time.Minute, "等待 serve 就绪的上限")
	cmd.MarkFlagRequired("data")
	cmd.MarkFlagRequired("out")
	return cmd
}

// runPages measures the pages of issue 17 on the warehouse o.Data:
//  1. each page's first visit on a new serve process (ready, signed in,
//     nothing asked yet), its CPU profiled;
//  2. on one more new process: every page, then every view of the request
//     mix, visited once with its memory sampled; then the mix from
//     o.Connections connections, profiled (p50/p99 once cached);
//  3. on that process still: a changed folder loaded by `clusterscope
//     load`, then each page's first visit after it, profiled.
func runPages(ctx context.Context, o pagesOptions, log io.Writer) (*pagesResult, error) {
	t0 := time.Now()
	pin := currentPinning()
	if err := pin.pinSelf(); err != nil {
		return nil, err
	}
	res := &pagesResult{Clusters: o.Clusters, Pinning: pin, ClientCPUs: allowedCPUs("self"), PerEndpoint: o.PerEndpoint}
	fmt.Fprintln(log, "pinning:", pin.Note)
	if err := os.MkdirAll(o.Profiles, 0o755); err != nil {
		return res, err
	}
	password, err := benchAccount(o.Data)
	if err != nil {
		return res, err
	}
	prof := func(kind, page string) string {
		name := fmt.Sprintf("%s-%d", kind, o.Clusters)
		if page != "" {
			name += "-" + page
		}
		return filepath.Join(o.Profiles, name+".pprof")
	}
	start := func() (*serveProc, error) {
		s, err := startServeProc(pin, o.Bin, o.Data, o.ReadyWithin)
		if err == nil {
			res.ServerCPUs = allowedCPUs(fmt.Sprint(s.pid))
		}
		return s, err
	}

	first, err := start()
	if err != nil {
		return res, err
	}
	res.FirstStartS = first.ready.Seconds()
	first.stop()
	fmt.Fprintf(log, "first start: ready in %.2f s\n", res.FirstStartS)

	for _, p := range benchPages {
		s, err := start()
		if err != nil {
			return res, err
		}
		res.RestartS = append(res.RestartS, s.ready.Seconds())
		fig, err := profiledVisit(s, password, prof("cold", p.Name), p.Name, nil)
		s.stop()
		if err != nil {
			return res, err
		}
		res.Cold = append(res.Cold, fig)
		fmt.Fprintf(log, "cold %s: %.0f ms (HTML %.0f, JSON %.0f), JSON %d B, %d B gzipped %s\n", p.Name, fig.MS(), fig.HTMLms, fig.JSONms, fig.Plain, fig.Gzip, fig.Error)
	}

	s, err := start()
	if err != nil {
		return res, err
	}
	defer s.stop()
	c, err := visitAll(ctx, s, password, o, res, prof, log)
	if err != nil {
		res.Error = err.Error()
		return res, err
	}
	if err := afterLoad(s, c, o, res, prof, log); err != nil {
		res.Error = err.Error()
		return res, err
	}
	res.Memory.PeakRSS = s.peakRSS()
	res.Seconds = time.Since(t0).Seconds()
	fmt.Fprintf(log, "peak RSS %.0f MB; run took %.0f s\n", res.Memory.PeakRSS, res.Seconds)
	return res, nil
}

// benchAccount gives the warehouse a ministry account "bench" with a new
// password, which it returns.
func benchAccount(dir string) (string, error) {
	wh, err := warehouse.Open(dir)
	if err != nil {
		return "", err
	}
	defer wh.Close()
	password := randomPassword()
	if err := wh.AddUser(clusterscope.User{Name: "bench", Role: clusterscope.RoleMinistry}, password); err != nil {
		if err := wh.SetPassword("bench", password); err != nil {
			return "", err
		}
		if err := wh.EnableUser("bench"); err != nil {
			return "", err
		}
	}
	return password, nil
}
