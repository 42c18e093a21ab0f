package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

// TestLogFormat: log.format json writes one JSON object per line, for
// journald and log shippers; log.level hides what is below it.
func TestLogFormat(t *testing.T) {
	defer slog.SetDefault(slog.Default())
	for _, c := range []struct{ format, level string }{{"json", "info"}, {"text", "warn"}} {
		cfg := newConfig()
		cfg.LogFormat, cfg.LogLevel = c.format, c.level
		var buf bytes.Buffer
		log := newLogger(cfg, &buf)
		log.Info("listening", "addr", "127.0.0.1:8080")
		log.Warn("exports disabled")
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		switch c.format {
		case "json":
			var rec map[string]any
			if len(lines) != 2 || json.Unmarshal([]byte(lines[0]), &rec) != nil || rec["msg"] != "listening" || rec["addr"] != "127.0.0.1:8080" {
				t.Errorf("json: %q", buf.String())
			}
		case "text":
			if len(lines) != 1 || !strings.Contains(lines[0], `level=WARN msg="exports disabled"`) {
				t.Errorf("text at warn: %q", buf.String())
			}
		}
	}
}
