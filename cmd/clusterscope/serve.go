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
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"clusterscope/dashboard"
	"clusterscope/queries"
	"clusterscope/warehouse"
)

func newServe() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "启动看板（只读访问数据仓库）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return serve(ctx, dataDir(cmd), addr, func(url string) {
				fmt.Fprintf(cmd.OutOrStdout(), "clusterscope 看板已启动：%s （Ctrl+C 停止）\n", url)
			})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "localhost:8080", "监听地址")
	return cmd
}

// serve runs the dashboard until ctx ends; ready gets the URL once listening.
func serve(ctx context.Context, dir, addr string, ready func(url string)) error {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	wh, err := warehouse.Open(dir)
	if err != nil {
		return err
	}
	if removed, err := wh.Recover(); err != nil {
		return err
	} else if len(removed) > 0 {
		log.Info("removed files of an interrupted load", "files", removed)
	}
	db, err := queries.Open()
	if err != nil {
		return err
	}
	defer db.Close()
	srv := dashboard.New(wh, db, log)
	if err := srv.Refresh(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	hs := &http.Server{Handler: srv.Echo, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	ready("http://" + ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
