package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/dashboard"
	"clusterscope/dashboard/render"
	"clusterscope/etl"
	"clusterscope/queries"
	"clusterscope/warehouse"
)

func newServe() *cobra.Command {
	var addr, memoryLimit, chromium, asOf string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "启动看板（只读访问数据仓库；需登录）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if os.Getenv("GOMEMLIMIT") == "" {
				// The Go heap's live data is a few tens of MB (the caches are
				// bounded); without a limit the collector lets the heap grow to
				// twice that before collecting. The environment variable overrides.
				debug.SetMemoryLimit(goMemoryLimit)
			}
			day, err := asOfFlag(asOf)
			if err != nil {
				return err
			}
			return serve(ctx, dataDir(cmd), addr, memoryLimit, chromium, func(url string) {
				fmt.Fprintf(cmd.OutOrStdout(), "clusterscope 看板已启动：%s （Ctrl+C 停止）\n", url)
			}, func(s *dashboard.Server) { s.SetAsOf(day) })
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "localhost:8080", "监听地址")
	cmd.Flags().StringVar(&memoryLimit, "memory-limit", defaultMemoryLimit,
		"查询引擎 DuckDB 的内存上限（如 256MB、2GB）；超出部分暂存磁盘")
	chromiumFlag(cmd, &chromium)
	cmd.Flags().StringVar(&asOf, "as-of", "", "动态管理（有效期、年度报告、复核）的判定日，如 2025-06-30；默认今天，演示数据默认 2025-06-30")
	return cmd
}

// asOfFlag reads --as-of: a day, or "" for the clock.
func asOfFlag(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, clusterscope.Errorf(clusterscope.EINVALID, "--as-of「%s」不是日期（如 2025-06-30）", s)
	}
	return t, nil
}

// chromiumFlag is --chromium, the Chromium the exports drive ("" finds it:
// see render.FindChromium).
func chromiumFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "chromium", "", "导出所用的 Chromium（默认取环境变量 "+render.ChromiumEnv+"，否则在 PATH 中找 chromium、chromium-browser）")
}

// serve runs the dashboard until ctx ends; ready gets the URL once
// listening. chromium is the --chromium flag; opts set the server up
// further (the --as-of day).
func serve(ctx context.Context, dir, addr, memoryLimit, chromium string, ready func(url string), opts ...func(*dashboard.Server)) error {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	wh, err := openWarehouse(dir, os.Stderr)
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
	printAdminHint(wh, os.Stderr)
	if _, err := os.Stat(filepath.Join(wh.Dir(), "demo", demoAccountsFile)); err == nil {
		fmt.Fprintf(os.Stderr, "演示账户及密码见 %s\n", filepath.Join(wh.Dir(), "demo", demoAccountsFile))
	}
	db, err := queries.OpenWith(queries.Options{CacheDir: snapshotCache(wh), MemoryLimit: memoryLimit})
	if err != nil {
		return err
	}
	defer db.Close()
	srv := dashboard.New(wh, db, log)
	srv.SetQuotaUnits(etl.QuotaUnit)
	for _, o := range opts {
		o(srv)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	// The snapshot's tables are built (after a load) or opened while the
	// server already answers: the sign-in page does not wait for them,
	// and data requests wait in Refresh.
	go func() {
		if err := srv.Refresh(); err != nil {
			log.Error("read the warehouse", "err", err)
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	srv.BaseURL = fmt.Sprintf("http://127.0.0.1:%d", port)
	if host, _, _ := net.SplitHostPort(addr); host != "" && host != "localhost" && host != "0.0.0.0" && host != "::" {
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			srv.BaseURL = "" // the renderer only visits loopback
		}
	}
	// Chromium starts with the first export, not with the server.
	var renderer *render.Renderer
	path, rerr := render.FindChromium(chromium)
	if rerr == nil {
		renderer, rerr = render.NewLazy(path)
	}
	if rerr != nil {
		log.Warn("exports disabled", "err", rerr)
	} else {
		srv.SetRenderer(renderer)
	}
	hs := &http.Server{Handler: srv.Echo, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	ready("http://" + ln.Addr().String())
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if serr := hs.Shutdown(shutCtx); serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if renderer != nil {
		renderer.Close()
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// goMemoryLimit is the server's soft limit on Go's own memory (measured at
// 10,000 clusters: live heap 35–50 MB; throughput unchanged at this limit).
const goMemoryLimit = 96 << 20

// defaultMemoryLimit caps DuckDB in the server: the data of 10,000
// clusters is paged in from the snapshot file as questions need it.
const defaultMemoryLimit = "256MB"

// snapshotCache is where the server keeps each snapshot's DuckDB file.
func snapshotCache(wh *warehouse.Warehouse) string { return filepath.Join(wh.Dir(), "cache") }

// prepareSnapshot builds the current snapshot's DuckDB file, as the server
// would on its first request after a load. A one-off command, it leaves
// DuckDB's memory unlimited: the build is quicker that way.
func prepareSnapshot(wh *warehouse.Warehouse) error {
	snap, err := wh.Snapshot()
	if err != nil {
		return err
	}
	db, err := queries.OpenWith(queries.Options{CacheDir: snapshotCache(wh)})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Use(snap)
}
