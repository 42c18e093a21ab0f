package dashboard

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own
// (so that tests may start many servers).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.HistogramVec // by route pattern, never the raw path: bounded
	exports  *prometheus.CounterVec
	loads    *prometheus.CounterVec
	loading  prometheus.Gauge

	routesOnce sync.Once
	routes     map[string]bool // the registered patterns; any other is "unmatched"
}

// latencyBuckets reach past the exports' 5–20 s.
var latencyBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "clusterscope_http_request_duration_seconds",
			Help: "Time to answer a request, by route pattern, method and status.", Buckets: latencyBuckets},
			[]string{"route", "method", "code"}),
		exports: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "clusterscope_exports_total",
			Help: "PDF/PNG/SVG exports asked for, by format and status (503: busy)."}, []string{"format", "code"}),
		loads: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "clusterscope_server_loads_total",
			Help: "Loads the server ran itself (uploads), by result."}, []string{"result"}),
		loading: prometheus.NewGauge(prometheus.GaugeOpts{Name: "clusterscope_server_loads_running",
			Help: "Loads the server is running now; a shutdown waits for them."}),
	}
	m.reg.MustRegister(m.requests, m.exports, m.loads, m.loading,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// registerMetrics adds what is read from the server at each scrape.
func (s *Server) registerMetrics() {
	s.metrics.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "clusterscope_exports_running", Help: "Exports rendering now."},
			func() float64 { return float64(len(s.exports.all)) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "clusterscope_snapshot_version",
			Help: "Version of the warehouse snapshot the server answers from (-1: none)."},
			func() float64 { return float64(s.db.Version()) }),
		&stateCollector{s: s},
	)
}

// stateCollector reads the warehouse and DuckDB at each scrape: a few
// milliseconds, never cached.
type stateCollector struct{ s *Server }

var (
	loadsDesc = prometheus.NewDesc("clusterscope_warehouse_loads",
		"Loads in the warehouse, by the server and the CLI alike.", nil, nil)
	duckMemDesc = prometheus.NewDesc("clusterscope_duckdb_memory_bytes",
		"Bytes DuckDB holds in memory now.", nil, nil)
	duckSpillDesc = prometheus.NewDesc("clusterscope_duckdb_temporary_bytes",
		"Bytes DuckDB holds in its temporary files now (past its memory limit).", nil, nil)
	duckLimitDesc = prometheus.NewDesc("clusterscope_duckdb_memory_limit_bytes",
		"DuckDB's memory limit (memory.duckdb); 0 when not set.", nil, nil)
	buildDesc = prometheus.NewDesc("clusterscope_build_info", "The running version.", []string{"version", "goversion"}, nil)
)

func (sc *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{loadsDesc, duckMemDesc, duckSpillDesc, duckLimitDesc, buildDesc} {
		ch <- d
	}
}

func (sc *stateCollector) Collect(ch chan<- prometheus.Metric) {
	s := sc.s
	if loads, err := s.wh.Loads(); err != nil {
		ch <- prometheus.NewInvalidMetric(loadsDesc, err)
	} else {
		ch <- prometheus.MustNewConstMetric(loadsDesc, prometheus.GaugeValue, float64(len(loads)))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if m, err := s.db.EngineMemory(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(duckMemDesc, err)
	} else {
		ch <- prometheus.MustNewConstMetric(duckMemDesc, prometheus.GaugeValue, float64(m.InUse))
		ch <- prometheus.MustNewConstMetric(duckSpillDesc, prometheus.GaugeValue, float64(m.Spilled))
	}
	ch <- prometheus.MustNewConstMetric(duckLimitDesc, prometheus.GaugeValue, float64(s.opts.DuckDBMemoryLimit))
	version := s.opts.Version
	if version == "" {
		version = "dev"
	}
	ch <- prometheus.MustNewConstMetric(buildDesc, prometheus.GaugeValue, 1, version, runtime.Version())
}

// observe times every request by its route pattern and counts exports.
// It answers an error itself (as Echo's logger does), so that the status
// it records is the one sent.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		took := time.Since(start)
		route := s.metrics.route(s.Echo, c.Path())
		code := strconv.Itoa(c.Response().Status)
		r := c.Request()
		s.metrics.requests.WithLabelValues(route, methodLabel(r.Method), code).Observe(took.Seconds())
		if route == "/export/:file" {
			s.metrics.exports.WithLabelValues(exportFormat(c.Param("file")), code).Inc()
		}
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "route", route, "status", c.Response().Status,
			"ms", took.Milliseconds(), "ip", c.RealIP())
		return nil
	}
}

// route is the pattern as a label: one that was registered, else "unmatched".
func (m *metrics) route(e *echo.Echo, path string) string {
	m.routesOnce.Do(func() {
		m.routes = map[string]bool{}
		for _, r := range e.Routes() {
			m.routes[r.Path] = true
		}
	})
	if m.routes[path] {
		return path
	}
	return "unmatched"
}

func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost:
		return m
	}
	return "other"
}

func exportFormat(file string) string {
	_, ext, _ := strings.Cut(file, ".")
	switch ext {
	case "pdf", "png", "svg":
		return ext
	}
	return "other"
}

// serveMetrics answers /metrics to the configured addresses only.
func (s *Server) serveMetrics() echo.HandlerFunc {
	h := promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, ErrorLog: slogPrinter{s}})
	return func(c echo.Context) error {
		if !s.metricsAllowed(c) {
			return c.String(http.StatusForbidden, "forbidden\n")
		}
		h.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}

// slogPrinter is the metrics handler's error log.
type slogPrinter struct{ s *Server }

func (p slogPrinter) Println(v ...any) { p.s.log.Warn("metrics", "err", fmt.Sprint(v...)) }
