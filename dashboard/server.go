// Package dashboard serves the pages and their JSON endpoints with Echo
// (github.com/labstack/echo/v4). Pages are static shells; charts are
// go-echarts options served as JSON and drawn by /static/app.js.
package dashboard

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/dashboard/render"
	"clusterscope/dashboard/words"
	"clusterscope/queries"
	"clusterscope/static"
	"clusterscope/warehouse"
)

// Server is the dashboard's HTTP server.
type Server struct {
	Echo *echo.Echo
	db   *queries.DB
	wh   *warehouse.Warehouse
	log  *slog.Logger

	// sets are the recognition criteria an administrator added besides the
	// national default (re-read when their folder changes); the most
	// specific one judges each cluster.
	sets []*clusterscope.RuleSet
	// callState is the calls (推荐通知) in force and how a cluster's quota
	// unit is found; see call.go.
	callState callState
	// life is the list notices in force and the day the lifecycle is
	// judged on; see life.go.
	life lifeState

	// BaseURL is where the renderer reaches this server (loopback).
	BaseURL string

	renderMu sync.Mutex
	renderer Renderer // nil until SetRenderer: exports are off
	exports  *exportGate

	// intake takes data in through the browser (nil: uploads are off);
	// limits bound each upload. See upload.go.
	intake  clusterscope.Intake
	limits  UploadLimits
	pending pendingUploads

	auth      *auth.Auth
	refreshMu sync.Mutex
	setsMu    sync.Mutex
	rulesSeen time.Time
	seen      time.Time // manifest modification time of the snapshot in use
	pages     pageCache // JSON of pages for that snapshot; see pagecache.go
	judgedMu  sync.Mutex
	judged    *judged     // the 复核's judgments of that snapshot; see judged.go
	opened    atomic.Bool // a snapshot is in use, its judgments with it
	opts      Options     // see Configure
	metrics   *metrics    // see metrics.go
	loads     loads       // the server's own, which a shutdown waits for: see ops.go
}

// New builds the server over a warehouse and a query engine. Every route
// but the login page, /healthz, /readyz, /metrics (see metricsAllowed) and
// /static/ needs a signed-in user, and
// every answer is limited to that user's region.
func New(wh *warehouse.Warehouse, db *queries.DB, log *slog.Logger) *Server {
	s := &Server{Echo: echo.New(), db: db, wh: wh, log: log, pages: newPageCache(), exports: newExportGate(), metrics: newMetrics(),
		limits: DefaultUploadLimits, pending: pendingUploads{m: map[string]*pending{}}}
	s.auth = auth.New(wh, log)
	e := s.Echo
	e.HideBanner, e.HidePort = true, true
	// Without this Echo believes X-Forwarded-For from anyone; Configure
	// trusts the configured proxies (see proxy.go).
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = s.handleError
	e.Use(middleware.Recover())
	e.Use(s.observe)
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: csp,
	}))
	// An upload's body is bounded by its own limit (limitUpload).
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: "1M",
		Skipper: func(c echo.Context) bool { return c.Path() == uploadPath }}), s.limitUpload)
	e.Use(cacheControl, checkQuery)
	s.auth.Register(e)
	e.Use(s.auth.Require) // closed by default: a new route needs a user too
	e.Use(s.refresh)

	e.GET("/", func(c echo.Context) error { return c.Redirect(http.StatusFound, "/overview") })
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	s.registerOps(e)
	e.GET("/lang", s.switchLang) // public, like the login page: see auth's public
	for _, p := range pages {
		if p.Build == nil { // a page of its own, with its own routes
			e.GET("/"+p.Name, s.servePage(p))
			continue
		}
		// A page's links carry its tables' paging (paging.go) to each of
		// these, which take it off before the filters are read.
		b, api := p.Build(s), "/api/"+p.Name
		e.GET("/"+p.Name, s.servePage(p), withPaging)
		e.GET(api, s.serveJSON(api, b), withPaging)
		e.GET(api+".csv", s.serveTable(api, b, "csv"), withPaging)
		e.GET(api+".xlsx", s.serveTable(api, b, "xlsx"), withPaging)
	}
	e.GET("/export/:file", s.serveExport, withPaging)
	e.POST("/api/review/step", s.postReview)
	e.GET("/api/review/history", s.serveReviewHistory)
	e.GET("/api/monitor.reminders.xlsx", s.serveReminders, withPaging)
	e.POST("/api/recheck/decide", s.postDecision)
	e.GET("/api/assess.annex1.xlsx", s.serveAnnex("xlsx"), withPaging)
	e.GET("/api/assess.annex1.csv", s.serveAnnex("csv"), withPaging)
	s.uploadRoutes(e)
	s.accountRoutes(e)
	s.ruleSetRoutes(e)
	// Echo's own file handler: it refuses dot segments, and with noDirs a
	// directory is a 404 like any missing file.
	e.GET("/static/*", echo.StaticDirectoryHandler(noDirs{static.FS}, !e.EnablePathUnescapingStaticFiles))
	return s
}

// csp allows only our own scripts and styles: no inline script, no <style>
// element. Style attributes are allowed (style-src-attr) for ECharts: its
// tooltip writes the content, names escaped, through innerHTML with inline
// styles (series markers in the series' colour, the value set right), which
// CSSOM cannot stand in for and a CSS class cannot colour per series. A style
// attribute runs no script, loads nothing from elsewhere (img-src and
// font-src are 'self') and selects no other element, so it cannot read the
// page the way an injected <style> could: that stays blocked by
// style-src-elem. A browser without style-src-attr keeps style-src.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self'; style-src-attr 'unsafe-inline'; " +
	"img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// cacheControl lets browsers keep the static files (the same for everyone,
// embedded in the binary) for an hour; every other answer is one user's view
// of data a load may change, so no cache, the browser's or a proxy's, keeps it.
func cacheControl(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		cc := "no-store"
		if c.Path() == "/static/*" {
			cc = "public, max-age=3600"
		}
		c.Response().Header().Set(echo.HeaderCacheControl, cc)
		return next(c)
	}
}

// noDirs is a file system without directories, so that /static/ lists none.
type noDirs struct{ fs.FS }

func (d noDirs) Open(name string) (fs.File, error) {
	f, err := d.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || st.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f, nil
}

// refresh points the views at the newest snapshot when a load has replaced
// the manifest since the last request; a stat per request is all it costs.
func (s *Server) refresh(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if auth.Public(c.Path()) {
			return next(c) // no data: the sign-in page never waits for a snapshot
		}
		if err := s.Refresh(); err != nil {
			return err
		}
		return next(c)
	}
}

// Refresh loads the warehouse's current snapshot if it changed, and the
// rule sets and calls if an administrator added one.
func (s *Server) Refresh() error {
	if err := s.refreshRuleSets(); err != nil {
		return err
	}
	if err := s.refreshCalls(); err != nil {
		return err
	}
	if err := s.refreshListNotices(); err != nil {
		return err
	}
	st, err := os.Stat(s.wh.ManifestPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	if st.ModTime().Equal(s.seen) {
		return nil
	}
	snap, err := s.wh.Snapshot()
	if err != nil {
		return err
	}
	if snap.Version != s.db.Version() || len(snap.Corrupt) != len(s.db.Corrupt()) {
		for _, c := range snap.Corrupt {
			s.log.Error("damaged warehouse file left out", "file", c)
		}
		err := s.db.Use(snap)
		s.pages.Reset() // after Use: a page built meanwhile from the old snapshot is not kept
		if err != nil {
			return err
		}
		if err := s.tellOpened(); err != nil {
			s.log.Error("count the snapshot's clusters", "err", err) // only Go's memory limit and the page cache follow it
		}
		s.keepJudgments()
	}
	s.seen = st.ModTime()
	s.opened.Store(true)
	return nil
}

// tellOpened sizes the page cache for the number of clusters the snapshot
// in use holds, and tells Options.Opened.
func (s *Server) tellOpened() error {
	batches, err := s.db.BatchList(context.Background(), clusterscope.All)
	if err != nil {
		return err
	}
	n := 0
	for _, b := range batches {
		n += b.Clusters
	}
	s.pages.fit(n)
	if s.opts.Opened != nil {
		s.opts.Opened(n)
	}
	return nil
}

// statuses maps the domain's error kinds to HTTP: the one table of it.
var statuses = map[string]int{
	clusterscope.EINVALID:     http.StatusBadRequest,
	clusterscope.ENOTFOUND:    http.StatusNotFound,
	clusterscope.ECONFLICT:    http.StatusConflict,
	clusterscope.EFORBIDDEN:   http.StatusForbidden,
	clusterscope.EINTERNAL:    http.StatusInternalServerError,
	clusterscope.EUNAVAILABLE: http.StatusServiceUnavailable,
}

// statusOf is the HTTP status of err's kind; a kind the table lacks is our
// fault, a 500 (never the 0 that a missing map entry would give).
func statusOf(err error) int {
	if status, ok := statuses[clusterscope.ErrorCode(err)]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// handleError shows users a safe message and keeps the detail in the log.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	l := langOf(c)
	status, msg := http.StatusInternalServerError, words.Error(l, err)
	var he *echo.HTTPError
	if errors.As(err, &he) {
		status = he.Code
		msg = http.StatusText(he.Code)
		if status == http.StatusNotFound {
			msg = tr(l, "页面不存在")
		}
	} else {
		status = statusOf(err)
	}
	if status >= 500 {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		c.JSON(status, map[string]string{"error": msg})
		return
	}
	c.HTML(status, fmt.Sprintf(errorPage, l.HTML(), trf(l, "错误 %d", status), tr(l, "出错了"), html.EscapeString(msg),
		tr(l, "返回集群对比")))
}

const errorPage = `<!doctype html><html lang="%s"><meta charset="utf-8"><title>%s</title>
<link rel="stylesheet" href="/static/app.css"><main><h1>%s</h1><p>%s</p><p><a href="/compare">%s</a></p></main></html>`

// Shutdown stops the server gracefully.
func (s *Server) Shutdown(ctx context.Context) error { return s.Echo.Shutdown(ctx) }

// Renderer is what the exports need of render.Renderer (tests give a slow fake).
type Renderer interface {
	Render(ctx context.Context, req render.Request) ([]byte, error)
}

// SetRenderer enables the PNG and PDF exports; it may be called once the
// server already serves, since Chromium takes a moment to start.
func (s *Server) SetRenderer(r Renderer) {
	s.renderMu.Lock()
	defer s.renderMu.Unlock()
	s.renderer = r
}

func (s *Server) getRenderer() Renderer {
	s.renderMu.Lock()
	defer s.renderMu.Unlock()
	return s.renderer
}

// refreshRuleSets re-reads the rule sets when their folder changed.
func (s *Server) refreshRuleSets() error {
	st, err := os.Stat(filepath.Join(s.wh.Dir(), warehouse.RuleSetDir))
	if err != nil {
		return nil // no folder: the national default alone
	}
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	if st.ModTime().Equal(s.rulesSeen) {
		return nil
	}
	sets, err := s.wh.RuleSets()
	if err != nil {
		return err
	}
	s.setsMu.Lock()
	s.sets, s.rulesSeen = sets, st.ModTime()
	s.setsMu.Unlock()
	return nil
}

// ruleSets are the administrator's rule sets in force now.
func (s *Server) ruleSets() []*clusterscope.RuleSet {
	s.setsMu.Lock()
	defer s.setsMu.Unlock()
	return s.sets
}
