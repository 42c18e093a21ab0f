package main

import (
	"context"
	"io"
	"log/slog"

	"clusterscope/dashboard"
	"clusterscope/warehouse"
)

// version is the release, set by the package build
// (-ldflags "-X main.version=…"); shown in the metrics.
var version = "dev"

// newLogger writes to w (stderr: journald keeps it) as log.format and
// log.level say. It is also the default logger, for the packages that log
// without one.
func newLogger(c *config, w io.Writer) *slog.Logger {
	levels := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}
	opt := &slog.HandlerOptions{Level: levels[c.LogLevel]}
	var h slog.Handler = slog.NewTextHandler(w, opt)
	if c.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opt)
	}
	log := slog.New(h)
	slog.SetDefault(log)
	return log
}

// readyChecks are the conditions of /readyz besides the snapshot. The
// accounts are read from the state store: the JSON files of earlier
// releases or the state database, whichever this warehouse keeps them in.
func readyChecks(wh *warehouse.Warehouse) []dashboard.ReadyCheck {
	return []dashboard.ReadyCheck{{Name: "state", Check: func(context.Context) error {
		_, err := wh.Users()
		return err
	}}}
}
