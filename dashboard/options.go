package dashboard

import (
	"net/netip"
	"runtime"
	"time"
)

// Options are the settings of `clusterscope serve` that the dashboard
// applies (the config file, its variables and flags; see cmd/clusterscope).
// The zero value of each field keeps the built-in default.
type Options struct {
	SessionIdle, SessionLifetime time.Duration
	// ExportConcurrent bounds the renders at once (0: the cores, at least
	// 2); ExportWait is how long a render waits for its turn.
	ExportConcurrent int
	ExportWait       time.Duration
	// AsOf is the day the lifecycle is judged on (terms, yearly reports,
	// 复核); zero is the clock's today, or the demo's day for demo data.
	AsOf time.Time
	// Settings are shown to administrators on 管理, secrets already hidden.
	Settings []Setting

	// BasePath is the sub-path a reverse proxy publishes the dashboard
	// under ("/clusterscope"); "" is the root. See basepath.go.
	BasePath string
	// TrustedProxies are the only peers whose forwarding headers (the
	// client's address, HTTPS) are believed; UserHeader, when set, is the
	// header in which they name a user they signed in (single sign-on).
	TrustedProxies []netip.Prefix
	UserHeader     string
	// HSTS is the max-age of Strict-Transport-Security on answers over TLS
	// (the server's own TLS); zero sends none.
	HSTS time.Duration

	// Ready are the conditions of /readyz besides an open snapshot.
	Ready []ReadyCheck
	// MetricsAllow may read /metrics; nil is loopback only.
	MetricsAllow []netip.Prefix
	// Opened, when set, is told how many clusters each snapshot the server
	// opens holds, before anything is asked of it (serve sizes Go's soft
	// memory limit by it).
	Opened func(clusters int)
	// DuckDBMemoryLimit (bytes) and Version are reported in the metrics.
	DuckDBMemoryLimit int64
	Version           string
}

// Setting is one effective setting and where it came from.
type Setting struct {
	Key, Value string
	Hidden     bool   // a secret that is set: its Value is not given
	From       string // "default", "file", "env" or "flag"
	Where      string // the file and line, the variable or the flag; "" for a default
}

// Configure applies o; call it before serving.
func (s *Server) Configure(o Options) {
	s.opts = o
	s.SetAsOf(o.AsOf)
	s.trustProxies()
	if o.SessionIdle > 0 || o.SessionLifetime > 0 {
		s.auth.SetSessionTimes(o.SessionIdle, o.SessionLifetime)
	}
	if o.ExportConcurrent > 0 || o.ExportWait > 0 {
		n, wait := o.ExportConcurrent, o.ExportWait
		if n == 0 {
			n = max(2, runtime.NumCPU())
		}
		if wait == 0 {
			wait = exportWait
		}
		s.exports = newGate(n, wait)
	}
}

// settingsTable is the effective settings, for 管理; nil when the server
// was not given them (tests).
func (s *Server) settingsTable(l lang) *table {
	if len(s.opts.Settings) == 0 {
		return nil
	}
	from := map[string]string{"default": tr(l, "默认值"), "file": tr(l, "配置文件"), "env": tr(l, "环境变量"), "flag": tr(l, "命令行参数")}
	t := &table{ID: "settings", Caption: tr(l, "生效的设置（配置文件、环境变量、命令行参数；私钥不显示）"), Columns: []column{
		{Key: "key", Label: tr(l, "设置")}, {Key: "value", Label: tr(l, "值")}, {Key: "from", Label: tr(l, "来源")}}}
	for _, st := range s.opts.Settings {
		src := from[st.From]
		if st.Where != "" {
			src += " " + st.Where
		}
		value := st.Value
		if st.Hidden {
			value = tr(l, "（已设置，不显示）")
		}
		t.Rows = append(t.Rows, map[string]any{"key": st.Key, "value": value, "from": src})
	}
	return t
}
