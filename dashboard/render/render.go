// Package render turns a page of the running dashboard into a PNG image or
// an A4 PDF briefing. It drives one long-lived headless Chromium through
// chromedp (github.com/chromedp/chromedp): each request gets its own tab in
// its own browser context, so cookies of one user never reach another's
// render. It waits for the charts' own ECharts 'finished' events (app.js
// sets data-rendered="1" on main), never for a fixed time.
//
// Word and PowerPoint briefings are written in the same tab, by page.js
// with two libraries from the npm registry that the build fetches (pinned
// by static/package-lock.json, embedded, never committed): docx (MIT) and
// PptxGenJS (MIT), both maintained and each used by millions, whose files
// Word, WPS and PowerPoint open as their own. The charts are drawn there,
// so each becomes a 2× PNG in the page, and the tables are read as shown.
// The others weighed: github.com/gomutex/godocx (MIT) writes Word only,
// has no tagged release, and takes pictures from files; fumiama/go-docx is
// AGPL-3.0 and unioffice paid, so neither may be used; no maintained Go
// library writes PowerPoint. WordprocessingML and PresentationML by hand
// (encoding/xml, archive/zip) would bring no dependency, but leave us to
// keep a deck's master, layout and theme acceptable to PowerPoint without
// a "repair", with nothing here to check against but LibreOffice. The
// libraries cost 1.5 MB in the binary, loaded into export tabs only.
package render

import (
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"clusterscope"
)

// Format is the kind of file a render produces.
type Format string

// The formats Render knows.
const (
	PNG Format = "png"
	PDF Format = "pdf"
	SVG Format = "svg" // one chart, as a vector image
	// DOCX is a Word briefing: the header lines, each chart as a 2× image
	// with its caption, the page's tables as Word tables; A4.
	DOCX Format = "docx"
	// PPTX is a slide deck: a title slide, then one chart a slide; 16:9.
	PPTX Format = "pptx"
)

// formats are the formats Render knows, as check names them.
var formats = []Format{PNG, PDF, SVG, DOCX, PPTX}

// Request says what to render and how.
type Request struct {
	URL      string         // absolute URL of the page on the loopback server, filters in its query
	Format   Format         // one of the formats above
	Title    string         // briefing title (PDF, DOCX, PPTX), e.g. 「集群对比：四项核心指标」
	Filters  string         // filters applied, in the page's language (PDF, DOCX, PPTX)
	DataDate string         // the data's date or version (PDF, DOCX, PPTX)
	Source   string         // source note (PDF, DOCX, PPTX), with the demo note when the data are demo data
	Scope    string         // the user's scope as the footer says it (PDF, DOCX), e.g. 「数据范围：宁夏回族自治区」
	Labels   Labels         // the words around those texts; Chinese when empty
	Charts   []string       // ids of the chart elements to include (a PNG is clipped to them, a PDF, DOCX or PPTX leaves the other charts out); empty means the whole page
	Timeout  time.Duration  // for the whole render; DefaultTimeout when 0
	Cookies  []*http.Cookie // the user's session, passed to the page
	// Landscape prints the PDF on A4 landscape instead of portrait.
	Landscape bool
}

// Labels are the words a briefing sets around the page's own texts, in the
// page's language.
type Labels struct {
	Filters string `json:"filters"` // before the filters: 「筛选条件：」
	Figure  string `json:"figure"`  // a chart's caption, %d its number, %s its title: 「图 %d　%s」
	Table   string `json:"table"`   // a table's caption, %d its number, %s its title: 「表 %d　%s」
	Page    string `json:"page"`    // the page number and count, %s each: 「第 %s / %s 页」
}

// zhLabels are the Labels of a request that gives none.
var zhLabels = Labels{Filters: "筛选条件：", Figure: "图 %d\u3000%s", Table: "表 %d\u3000%s", Page: "第 %s / %s 页"}

// DefaultTimeout is the time a render may take when the request sets none.
const DefaultTimeout = 30 * time.Second

// PageWidth is the CSS width of the viewport a PNG is rendered at; the
// image is twice as wide (ScaleFactor).
const PageWidth = 1280

// ScaleFactor is the device pixel ratio of every render: PNGs have two
// pixels per CSS pixel, and charts in a PDF are rasterised at 192 dpi.
const ScaleFactor = 2

// maxTabs bounds the renders that run at once; the others wait.
const maxTabs = 4

// A4 paper in inches, and the PDF margins (the bottom one holds the footer).
const (
	a4Width, a4Height                                = 210 / 25.4, 297 / 25.4
	marginTop, marginRight, marginBottom, marginLeft = 0.4, 0.4, 0.55, 0.4
)

//go:embed page.js
var pageJS string

// Renderer renders pages with one headless Chromium. It is safe for
// concurrent use. When the browser dies, the next render starts a new one;
// Close stops it for good.
type Renderer struct {
	path string
	tabs chan struct{} // a slot per render running

	mu     sync.Mutex
	b      *browser
	closed bool
}

// browser is one Chromium process with its own fresh profile.
type browser struct {
	ctx         context.Context // chromedp context that owns the browser
	stopBrowser context.CancelFunc
	stopAlloc   context.CancelFunc
	dir         string
}

// New starts headless Chromium at chromiumPath with a fresh profile and the
// flags an offline server needs.
func New(chromiumPath string) (*Renderer, error) {
	if _, err := os.Stat(chromiumPath); err != nil {
		return nil, &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: "找不到 Chromium，无法导出", Err: fmt.Errorf("chromium: %w", err)}
	}
	b, err := start(chromiumPath)
	if err != nil {
		return nil, err
	}
	return &Renderer{path: chromiumPath, tabs: make(chan struct{}, maxTabs), b: b}, nil
}

// NewLazy is New, but Chromium starts with the first export rather than
// now: a starting Chromium takes the cores the server's first pages need,
// and most sessions export nothing.
func NewLazy(chromiumPath string) (*Renderer, error) {
	if _, err := os.Stat(chromiumPath); err != nil {
		return nil, &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: "找不到 Chromium，无法导出", Err: fmt.Errorf("chromium: %w", err)}
	}
	return &Renderer{path: chromiumPath, tabs: make(chan struct{}, maxTabs)}, nil
}

func start(path string) (*browser, error) {
	dir, err := os.MkdirTemp("", "clusterscope-chromium-")
	if err != nil {
		return nil, fmt.Errorf("chromium profile: %w", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], // headless, hidden scrollbars
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("lang", "zh-CN"),
	)
	actx, stopAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, stopBrowser := chromedp.NewContext(actx)
	b := &browser{ctx: bctx, stopBrowser: stopBrowser, stopAlloc: stopAlloc, dir: dir}
	if err := chromedp.Do(bctx); err != nil { // start it now, with no deadline
		b.close()
		return nil, &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: "无法启动 Chromium，无法导出", Err: fmt.Errorf("start chromium: %w", err)}
	}
	return b, nil
}

// close stops the browser, gracefully if it still runs, and removes its
// profile.
func (b *browser) close() error {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	err := chromedp.Cancel(ctx)
	b.stopBrowser()
	b.stopAlloc() // waits for the process to end
	if rmErr := os.RemoveAll(b.dir); err == nil {
		err = rmErr
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("close chromium: %w", err)
	}
	return nil
}

// browser returns the running browser, starting one if none runs yet or
// the last died.
func (r *Renderer) browser() (*browser, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: "导出服务已停止", Err: errors.New("renderer closed")}
	}
	if r.b == nil || r.b.ctx.Err() != nil {
		if r.b != nil {
			r.b.close()
		}
		b, err := start(r.path)
		if err != nil {
			return nil, err
		}
		r.b = b
	}
	return r.b, nil
}

// Close stops the browser and removes its profile. Renders still running
// fail.
func (r *Renderer) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	if r.b == nil {
		return nil
	}
	return r.b.close()
}

var chartID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,99}$`)

// check validates req and fills in defaults.
func check(req *Request) error {
	if !slices.Contains(formats, req.Format) {
		return clusterscope.Errorf(clusterscope.EINVALID, "不支持的导出格式「%s」（可选 png、pdf、svg、docx、pptx）", req.Format)
	}
	if req.Format == SVG && len(req.Charts) != 1 {
		return clusterscope.Errorf(clusterscope.EINVALID, "SVG 一次导出一张图：请指定一张图表")
	}
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &clusterscope.Error{Code: clusterscope.EINVALID, Message: "导出的页面地址无效", Err: fmt.Errorf("url %q: not an absolute http url", req.URL)}
	}
	if h := u.Hostname(); h != "localhost" {
		if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
			return &clusterscope.Error{Code: clusterscope.EINVALID, Message: "只能导出本服务的页面", Err: fmt.Errorf("url %q: host is not loopback", req.URL)}
		}
	}
	for _, id := range req.Charts {
		if !chartID.MatchString(id) {
			return clusterscope.Errorf(clusterscope.EINVALID, "图表标识「%s」无效", id)
		}
	}
	if req.Timeout <= 0 {
		req.Timeout = DefaultTimeout
	}
	if req.Labels == (Labels{}) {
		req.Labels = zhLabels
	}
	return nil
}

// Render opens req.URL in a new tab, waits until every chart has finished
// drawing and returns the file. Errors are *clusterscope.Error.
func (r *Renderer) Render(ctx context.Context, req Request) ([]byte, error) {
	if err := check(&req); err != nil {
		return nil, err
	}
	b, err := r.browser()
	if err != nil {
		return nil, err
	}
	secs := strconv.FormatFloat(req.Timeout.Seconds(), 'f', -1, 64)
	deadline, cancel := context.WithTimeout(b.ctx, req.Timeout)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	select {
	case r.tabs <- struct{}{}:
		defer func() { <-r.tabs }()
	case <-deadline.Done():
		return nil, failed(ctx, deadline, b, "wait for a free tab", secs, ctx.Err())
	}
	// A new browser context per render: its own cookies, disposed with the tab.
	tab, closeTab := chromedp.NewContext(deadline, chromedp.WithNewBrowserContext())
	defer closeTab()

	s := &session{ctx: tab, req: req}
	out, err := s.run()
	if err != nil {
		var e *clusterscope.Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, failed(ctx, deadline, b, s.stage, secs, err)
	}
	return out, nil
}

// failed explains an error of a render that did not fail on its own terms:
// the caller gave up, the time ran out, or the browser failed.
func failed(ctx, deadline context.Context, b *browser, stage, secs string, err error) error {
	if err == nil {
		err = deadline.Err()
	}
	err = fmt.Errorf("%s: %w", stage, err)
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: "导出超时", Err: err}
	case ctx.Err() != nil:
		return &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: "导出已取消", Err: err}
	case errors.Is(deadline.Err(), context.DeadlineExceeded):
		msg := "导出在 " + secs + " 秒内未完成"
		if stage == waiting {
			msg = "页面在 " + secs + " 秒内未完成渲染"
		}
		return &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: msg, Err: err}
	case b.ctx.Err() != nil:
		return &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: "导出服务已停止", Err: err}
	}
	return &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: "导出失败", Err: err}
}

const waiting = "wait for the charts"

// session is one render in one tab. stage names the step under way, for
// the error.
type session struct {
	ctx   context.Context
	req   Request
	stage string
}

func (s *session) run() ([]byte, error) {
	req := s.req
	s.stage = "open tab"
	if err := chromedp.Do(s.ctx); err != nil {
		return nil, err
	}
	if len(req.Cookies) > 0 {
		s.stage = "set cookies"
		if _, err := chromedp.Call(s.ctx, network.SetCookies, network.SetCookiesParams{Cookies: cookies(req.URL, req.Cookies)}); err != nil {
			return nil, err
		}
	}
	s.stage = "set viewport"
	width, height := int64(PageWidth), int64(800)
	if req.Format == PDF {
		// Lay the page out as it will be printed, so that the charts are
		// drawn at the print width from the start.
		w, h := paper(req.Landscape)
		width = int64((w - marginLeft - marginRight) * 96)
		height = int64((h - marginTop - marginBottom) * 96)
		if _, err := chromedp.Call(s.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			return nil, err
		}
	}
	if err := s.viewport(width, height); err != nil {
		return nil, err
	}

	s.stage = "load " + req.URL
	res, err := chromedp.Run(s.ctx, chromedp.NavigateResponse(req.URL))
	if err != nil {
		var le *chromedp.LoadError
		if errors.As(err, &le) {
			return nil, &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: "无法打开要导出的页面", Err: fmt.Errorf("load %s: %w", req.URL, err)}
		}
		return nil, err
	}
	if res.Status >= 400 {
		code := clusterscope.EINVALID
		if res.Status >= 500 {
			code = clusterscope.EINTERNAL
		}
		return nil, &clusterscope.Error{Code: code, Message: fmt.Sprintf("要导出的页面无法打开（HTTP %d）", res.Status), Err: fmt.Errorf("load %s: status %d", req.URL, res.Status)}
	}

	s.stage = waiting
	if err := s.wait(); err != nil {
		return nil, err
	}
	if len(req.Charts) > 0 {
		s.stage = "find the charts"
		missing, err := eval[[]string](s.ctx, "missing", req.Charts)
		if err != nil {
			return nil, err
		}
		if len(missing) > 0 {
			return nil, clusterscope.Errorf(clusterscope.EINVALID, "页面上没有图表「%s」", strings.Join(missing, "、"))
		}
	}
	switch req.Format {
	case PDF:
		return s.pdf()
	case DOCX, PPTX:
		return s.office()
	case SVG:
		s.stage = "draw the chart as SVG"
		svg, err := eval[string](s.ctx, "svg", req.Charts[0])
		return []byte(svg), err
	}
	return s.png()
}

// wait waits for main[data-rendered] to say "1", polling on DOM mutations,
// and turns "error" or a page that is no chart page into an error at once.
func (s *session) wait() error {
	state, err := chromedp.Run(s.ctx, chromedp.Poll[string](call("state"),
		chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(0)))
	if err != nil {
		return err
	}
	switch state {
	case "1":
		return nil
	case "nopage":
		return &clusterscope.Error{Code: clusterscope.EINVALID, Message: "要导出的页面不是图表页面（可能需要先登录）", Err: fmt.Errorf("%s: no main[data-api]", s.req.URL)}
	}
	f, err := eval[struct {
		Text string `json:"text"`
		Code int    `json:"code"`
	}](s.ctx, "failure")
	if err != nil {
		return err
	}
	msg := "页面无法加载数据"
	if f.Text != "" {
		msg = f.Text
	}
	code := clusterscope.EINTERNAL
	if f.Code >= 400 && f.Code < 500 {
		code = clusterscope.EINVALID
	}
	return &clusterscope.Error{Code: code, Message: msg, Err: fmt.Errorf("%s: data-rendered=error, data request status %d", s.req.URL, f.Code)}
}

// viewport sets the size of the tab's viewport in CSS pixels.
func (s *session) viewport(width, height int64) error {
	_, err := chromedp.Call(s.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: ScaleFactor,
	})
	return err
}

// settle resizes the charts to their boxes and waits for their 'finished'.
func (s *session) settle() error {
	_, err := eval[int](s.ctx, "settle")
	return err
}

func (s *session) png() ([]byte, error) {
	s.stage = "measure the page"
	size, err := eval[page.Viewport](s.ctx, "size")
	if err != nil {
		return nil, err
	}
	// Make the viewport as tall as the page, so that the capture needs no
	// resize of its own, and let the charts settle again.
	s.stage = "resize the charts"
	if err := s.viewport(PageWidth, int64(math.Ceil(size.Height))); err != nil {
		return nil, err
	}
	if err := s.settle(); err != nil {
		return nil, err
	}
	clip := &page.Viewport{Width: size.Width, Height: size.Height}
	if len(s.req.Charts) > 0 {
		s.stage = "measure the charts"
		if clip, err = eval[*page.Viewport](s.ctx, "box", s.req.Charts); err != nil {
			return nil, err
		}
	}
	// Whole pixels, as Chromium handles fractional clips badly.
	x, y := math.Round(clip.X), math.Round(clip.Y)
	clip.Width, clip.Height = math.Round(clip.Width+clip.X-x), math.Round(clip.Height+clip.Y-y)
	clip.X, clip.Y, clip.Scale = x, y, 1
	s.stage = "capture"
	res, err := chromedp.Call(s.ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format: page.CaptureScreenshotFormatPng, Clip: clip,
		FromSurface: new(true), CaptureBeyondViewport: new(true),
	})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}

func (s *session) pdf() ([]byte, error) {
	req := s.req
	s.stage = "add the briefing header"
	if err := s.only(); err != nil {
		return nil, err
	}
	if _, err := eval[chromedp.Void](s.ctx, "briefing", s.brief()); err != nil {
		return nil, err
	}
	s.stage = "resize the charts"
	if err := s.settle(); err != nil {
		return nil, err
	}
	s.stage = "print"
	w, h := paper(req.Landscape)
	p := page.PrintToPDFParams{
		PaperWidth: w, PaperHeight: h,
		MarginTop: new(marginTop), MarginRight: new(marginRight), MarginBottom: new(marginBottom), MarginLeft: new(marginLeft),
		PrintBackground:     new(true),
		DisplayHeaderFooter: new(true),
		HeaderTemplate:      "<span></span>",
		FooterTemplate:      footer(req.Title, req.Scope, req.Labels.Page),
		TransferMode:        page.PrintToPDFTransferModeReturnAsStream,
	}
	return chromedp.Run(s.ctx, chromedp.PrintToPDF(func(q *page.PrintToPDFParams) { *q = p }))
}

// office writes the Word or PowerPoint briefing in the page (page.js's
// office) and returns the file.
func (s *session) office() ([]byte, error) {
	s.stage = "write the " + string(s.req.Format)
	if err := s.only(); err != nil {
		return nil, err
	}
	b64, err := eval[string](s.ctx, "office", s.req.Format, s.brief())
	if err != nil {
		return nil, err
	}
	out, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("%s from the page: %w", s.req.Format, err)
	}
	return out, nil
}

// only hides the charts the request leaves out, if it names any.
func (s *session) only() error {
	if len(s.req.Charts) == 0 {
		return nil
	}
	_, err := eval[chromedp.Void](s.ctx, "only", s.req.Charts)
	return err
}

// brief is what page.js's briefing and office say besides the page.
func (s *session) brief() map[string]any {
	r := s.req
	return map[string]any{"title": r.Title, "filters": r.Filters, "dataDate": r.DataDate, "source": r.Source,
		"scope": r.Scope, "labels": r.Labels}
}

// paper returns the A4 sheet in inches, turned when landscape.
func paper(landscape bool) (w, h float64) {
	if landscape {
		return a4Height, a4Width
	}
	return a4Width, a4Height
}

// footer is the footer template of every printed page: the briefing title
// and the scope (escaped, they may hold user text), and the page number in
// the words of page, whose two %s are the number and the count.
func footer(title, scope, page string) string {
	number := strings.Replace(html.EscapeString(page), "%s", `<span class="pageNumber"></span>`, 1)
	number = strings.Replace(number, "%s", `<span class="totalPages"></span>`, 1)
	return `<div style="width:100%;margin:0 0.4in;display:flex;justify-content:space-between;gap:1em;` +
		`font-size:8px;color:#6b7280;font-family:'WenQuanYi Zen Hei','Noto Sans CJK SC',sans-serif">` +
		`<span>` + html.EscapeString(title) + `</span><span>` + html.EscapeString(scope) + `</span>` +
		`<span>` + number + `</span></div>`
}

// cookies turns the user's cookies into cookies of the page's site. A cookie
// without a domain belongs to the page's host, on every path.
func cookies(pageURL string, cs []*http.Cookie) []*network.CookieParam {
	out := make([]*network.CookieParam, 0, len(cs))
	for _, c := range cs {
		p := &network.CookieParam{Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path, Secure: c.Secure, HTTPOnly: c.HttpOnly}
		if p.Domain == "" {
			p.URL = pageURL
		}
		if p.Path == "" {
			p.Path = "/"
		}
		switch c.SameSite {
		case http.SameSiteLaxMode:
			p.SameSite = network.CookieSameSiteLax
		case http.SameSiteStrictMode:
			p.SameSite = network.CookieSameSiteStrict
		case http.SameSiteNoneMode:
			p.SameSite = network.CookieSameSiteNone
		}
		if !c.Expires.IsZero() {
			p.Expires = cdp.TimeSinceEpoch(float64(c.Expires.UnixMilli()) / 1000)
		}
		out = append(out, p)
	}
	return out
}

// call returns the expression that calls the page.js function name with args.
func call(name string, args ...any) string {
	var b strings.Builder
	b.WriteString("(" + pageJS + ")." + name + "(")
	for i, a := range args {
		j, err := json.Marshal(a) // also escapes U+2028 and U+2029
		if err != nil {
			panic(err) // only strings, string slices and maps come here
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(j)
	}
	b.WriteByte(')')
	return b.String()
}

// eval runs the page.js function name in the tab and awaits its promise.
func eval[T any](ctx context.Context, name string, args ...any) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](call(name, args...), chromedp.EvalAwaitPromise))
}
