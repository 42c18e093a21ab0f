package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"clusterscope/dashboard"
	"clusterscope/dashboard/render"
	"clusterscope/etl"
	"clusterscope/queries"
	"clusterscope/warehouse"
)

// goMemoryPerCluster is what Go's soft memory limit grows by per cluster
// of the snapshot beyond memory.go: a page's live data grows with the
// clusters it reads, and at 100,000 a limit of 96 MiB made the collector
// run without end, doubling the 目标监测, 动态管理 and 复核 pages' time
// (目标监测 14.5 s against 7.2 s under 512 MB), while the peak RSS stayed
// about the same (824 against 874 MB).
const goMemoryPerCluster = 4 << 10

// goMemory is Go's soft memory limit as set (memory.go), and the limit
// over a snapshot of clusters: what was set, or 4 KiB a cluster when that
// is more (with the default 96 MiB, beyond some 24,000 clusters; ≈ 400 MiB
// at 100,000). GOMEMLIMIT, when set, is the limit whatever the data.
func (c *config) goMemory() (limit int64, grow func(clusters int) int64) {
	limit, _ = sizeBytes(c.GoMemory) // checked when read
	return limit, func(clusters int) int64 { return max(limit, int64(clusters)*goMemoryPerCluster) }
}

func newServe() *cobra.Command {
	var profiles string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "启动看板（需登录；数据只经网页上报写入，与 load 同一路径）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			c := configOf(cmd)
			if os.Getenv("GOMEMLIMIT") == "" {
				// The Go heap's live data is a few tens of MB at 10,000
				// clusters (the caches are bounded); without a limit the
				// collector lets the heap grow to twice that before
				// collecting. The environment variable overrides.
				limit, grow := c.goMemory()
				debug.SetMemoryLimit(limit)
				c.opened = func(clusters int) { debug.SetMemoryLimit(grow(clusters)) }
			}
			if profiles != "" {
				profileOnSignal(ctx, profiles)
			}
			return serve(ctx, c, func(url string) {
				fmt.Fprintf(cmd.OutOrStdout(), "clusterscope 看板已启动：%s （Ctrl+C 停止）\n", url)
			})
		},
	}
	newConfig().flags(cmd.Flags())
	// For clusterscope-bench only (issue 17): it profiles the requests it
	// times, nothing else, so the server cannot profile itself alone.
	cmd.Flags().StringVar(&profiles, "cpuprofile-dir", "", "SIGUSR1 开始 CPU 剖析、SIGUSR2 写入此目录（基准测试用）")
	cmd.Flags().MarkHidden("cpuprofile-dir")
	return cmd
}

// profileOnSignal writes a CPU profile into dir from each SIGUSR1 to the
// next SIGUSR2, and says so on stderr once it has started or been written:
// the benchmark waits for those lines around the request it measures.
func profileOnSignal(ctx context.Context, dir string) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGUSR1, syscall.SIGUSR2) // before serving: unhandled, they would end the process
	go profileLoop(ctx, dir, sig)
}

func profileLoop(ctx context.Context, dir string, sig chan os.Signal) {
	defer signal.Stop(sig)
	var f *os.File
	for n := 1; ; {
		select {
		case <-ctx.Done():
			if f != nil {
				pprof.StopCPUProfile()
				f.Close()
			}
			return
		case s := <-sig:
			switch {
			case s == syscall.SIGUSR1 && f == nil:
				var err error
				if f, err = os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%03d.pprof", n))); err == nil {
					if err = pprof.StartCPUProfile(f); err != nil {
						f.Close()
						f = nil
					}
				}
				if err != nil {
					fmt.Fprintln(os.Stderr, "cpuprofile: error:", err)
					continue
				}
				n++
				fmt.Fprintln(os.Stderr, "cpuprofile: started", f.Name())
			case s == syscall.SIGUSR2 && f != nil:
				pprof.StopCPUProfile()
				err := f.Close()
				if err == nil {
					err = writeHeapProfile(filepath.Join(dir, strings.Replace(filepath.Base(f.Name()), "cpu-", "heap-", 1)))
				}
				if err != nil {
					fmt.Fprintln(os.Stderr, "cpuprofile: error:", err)
				} else {
					fmt.Fprintln(os.Stderr, "cpuprofile: written", f.Name())
				}
				f = nil
			}
		}
	}
}

// writeHeapProfile writes the live heap beside the CPU profile: what the
// memory goal's misses are explained by.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC() // the live heap, not the last cycle's
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// localConfig is the defaults on a free loopback port: the server that
// `export` and the tests start.
func localConfig(data, chromium string) *config {
	c := newConfig()
	c.Data, c.Addr, c.Chromium = data, "127.0.0.1:0", chromium
	return c
}

// uploadWait is how long an upload waits for another load to end before
// the page says the warehouse is busy.
const uploadWait = 10 * time.Second

// chromiumFlag is --chromium, the Chromium the exports drive ("" finds it:
// see render.FindChromium).
func chromiumFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "chromium", "", "导出所用的 Chromium（默认取环境变量 "+render.ChromiumEnv+"，否则在 PATH 中找 chromium、chromium-browser）")
}

// serve runs the dashboard with the settings c until ctx ends; ready gets
// the URL once listening.
func serve(ctx context.Context, c *config, ready func(url string)) error {
	log := newLogger(c, os.Stderr)
	wh, err := openWarehouse(c.Data, os.Stderr)
	if err != nil {
		return err
	}
	defer wh.Close()
	swept, err := wh.Recover()
	if err != nil {
		return err
	}
	if len(swept.Interrupted) > 0 {
		log.Info("removed files of an interrupted load", "files", swept.Interrupted)
	}
	if len(swept.Superseded) > 0 {
		log.Info("removed loads lists superseded by later loads", "files", swept.Superseded)
	}
	// Once: the overrides of an earlier release are review steps now.
	if n, err := wh.MigrateOverrides(); err != nil {
		return err
	} else if n > 0 {
		log.Info("overrides migrated to review decisions", "rows", n)
	}
	printAdminHint(wh, os.Stderr)
	if _, err := os.Stat(filepath.Join(wh.Dir(), "demo", demoAccountsFile)); err == nil {
		fmt.Fprintf(os.Stderr, "演示账户及密码见 %s\n", filepath.Join(wh.Dir(), "demo", demoAccountsFile))
	}
	db, err := queries.OpenWith(queries.Options{CacheDir: snapshotCache(wh), MemoryLimit: c.DuckDBMemory})
	if err != nil {
		return err
	}
	defer db.Close()
	srv := dashboard.New(wh, db, log)
	// Uploads write through the CLI's own load (etl), never past it.
	srv.SetIntake(&etl.Intake{W: wh, Wait: uploadWait}, c.uploadLimits())
	opts := c.dashboardOptions()
	opts.Ready = readyChecks(wh)
	srv.Configure(opts)
	ls, err := listen(c)
	if err != nil {
		return err
	}
	// The snapshot's tables are built (after a load) or opened while the
	// server already answers: the sign-in page does not wait for them,
	// and data requests wait in Refresh.
	go func() {
		if err := srv.Refresh(); err != nil {
			log.Error("read the warehouse", "err", err)
		}
	}()
	srv.BaseURL = ls.RenderURL() // the renderer only visits loopback
	// Chromium starts with the first export, not with the server.
	var renderer *render.Renderer
	path, rerr := render.FindChromium(c.Chromium)
	if rerr == nil {
		renderer, rerr = render.NewLazy(path)
	}
	if rerr != nil {
		log.Warn("exports disabled", "err", rerr)
	} else {
		srv.SetRenderer(renderer)
	}
	errc := ls.serve(srv.Echo)
	ready(ls.URL())
	select {
	case err = <-errc:
	case <-ctx.Done():
		log.Info("stopping: finishing the requests and loads in progress", "timeout", c.ShutdownTimeout.String())
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), c.ShutdownTimeout)
	defer cancel()
	if serr := ls.shutdown(shutCtx); serr != nil && err == nil {
		err = serr
	}
	if derr := srv.Drain(shutCtx); derr != nil {
		// A load is atomic: what it leaves is removed at the next start.
		log.Warn("stopped before the loads in progress ended", "err", derr)
	}
	if renderer != nil {
		renderer.Close()
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// defaultMemoryLimit caps DuckDB in the server: the data of 10,000
// clusters is paged in from the snapshot file as questions need it.
const defaultMemoryLimit = "256MB"

// snapshotCache is where the server keeps each snapshot's DuckDB file.
func snapshotCache(wh *warehouse.Warehouse) string { return filepath.Join(wh.Dir(), "cache") }

// prepareSnapshot builds the current snapshot's DuckDB file and judges
// this year's 复核 on it, as the server would on its first request after
// a load (dashboard's Refresh), so that the first visitor does not wait.
// A one-off command, it leaves DuckDB's memory unlimited: the build is
// quicker that way. A server whose monitor.as_of names another year judges
// that year's itself.
func prepareSnapshot(wh *warehouse.Warehouse) error {
	db, err := queries.OpenWith(queries.Options{CacheDir: snapshotCache(wh)})
	if err != nil {
		return err
	}
	defer db.Close()
	srv := dashboard.New(wh, db, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	srv.Configure(dashboard.Options{Version: version}) // the server's, which names what it keeps
	return srv.Refresh()
}
