package dashboard

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"clusterscope"
)

// ReadyCheck is one condition of readiness besides the snapshot: the state
// database reachable, say. Check returns nil when it holds.
type ReadyCheck struct {
	Name  string
	Check func(context.Context) error
}

// loads are the loads the server runs itself; a shutdown waits for them.
type loads struct {
	mu       sync.Mutex
	draining bool
	running  sync.WaitGroup
}

// registerOps adds what operators and their tools ask: /readyz and /metrics
// (/healthz, alive, is beside the pages); and what a reverse proxy needs:
// forwarding headers believed from it alone, the base path.
func (s *Server) registerOps(e *echo.Echo) {
	s.registerMetrics()
	e.Pre(s.forwarded, s.hsts, s.underBase)
	e.GET("/readyz", s.serveReady)
	e.GET("/metrics", s.serveMetrics())
}

// serveReady answers 200 when the server can answer data requests: a
// snapshot is open (or the warehouse is empty) and every ReadyCheck holds;
// else 503 naming what does not (the detail goes to the log).
func (s *Server) serveReady(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 5*time.Second)
	defer cancel()
	var failed []string
	if s.shuttingDown() {
		failed = append(failed, "shutting down")
	}
	if err := s.snapshotOpen(); err != nil {
		s.log.Warn("not ready", "check", "snapshot", "err", err)
		failed = append(failed, "snapshot")
	}
	for _, rc := range s.opts.Ready {
		if err := rc.Check(ctx); err != nil {
			s.log.Warn("not ready", "check", rc.Name, "err", err)
			failed = append(failed, rc.Name)
		}
	}
	if len(failed) > 0 {
		return c.String(http.StatusServiceUnavailable, "not ready: "+strings.Join(failed, ", ")+"\n")
	}
	return c.String(http.StatusOK, "ready\n")
}

// snapshotOpen is nil once the views read a snapshot; an empty warehouse
// (no manifest) has none to open and answers empty pages at once.
func (s *Server) snapshotOpen() error {
	if _, err := os.Stat(s.wh.ManifestPath()); errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if s.db.Version() < 0 || !s.opened.Load() { // opened: with its judgments (keepJudgments)
		return errors.New("the snapshot is not open yet")
	}
	return nil
}

// errShuttingDown refuses a load asked for while the server stops.
var errShuttingDown = &clusterscope.Error{Code: clusterscope.EUNAVAILABLE, Message: msg("服务正在停止，未载入：请稍后重试")}

// RunLoad runs fn, a load the server makes itself (an upload), counted in
// the metrics; Drain waits for it to end. Once Drain has begun it refuses
// (EUNAVAILABLE) and runs nothing.
func (s *Server) RunLoad(fn func() error) error {
	s.loads.mu.Lock()
	if s.loads.draining {
		s.loads.mu.Unlock()
		return errShuttingDown
	}
	s.loads.running.Add(1)
	s.loads.mu.Unlock()
	defer s.loads.running.Done()
	s.metrics.loading.Inc()
	defer s.metrics.loading.Dec()
	err := fn()
	result := "ok"
	if err != nil {
		result = "error"
	}
	s.metrics.loads.WithLabelValues(result).Inc()
	return err
}

// Drain refuses new loads, reports not ready, and waits until the loads
// running end or ctx does. Call it when stopping, after the HTTP server's
// Shutdown (whose requests may still start a load).
func (s *Server) Drain(ctx context.Context) error {
	s.loads.mu.Lock()
	s.loads.draining = true
	s.loads.mu.Unlock()
	done := make(chan struct{})
	go func() { s.loads.running.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Server) shuttingDown() bool {
	s.loads.mu.Lock()
	defer s.loads.mu.Unlock()
	return s.loads.draining
}

// loopback is who may read /metrics unless configured.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// metricsAllowed reports whether the client may read /metrics: its address
// (as a trusted proxy forwards it, else the peer's) is one of MetricsAllow.
// A request forwarded by a proxy that is not trusted is refused: through
// it anyone the proxy serves would look local.
func (s *Server) metricsAllowed(c echo.Context) bool {
	allow := s.opts.MetricsAllow
	if allow == nil {
		allow = loopback
	}
	if c.Get(viaUntrusted) != nil {
		return false
	}
	ip, err := netip.ParseAddr(c.RealIP())
	return err == nil && contains(allow, ip.Unmap())
}

func contains(ps []netip.Prefix, ip netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
