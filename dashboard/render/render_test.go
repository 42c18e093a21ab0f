package render

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"clusterscope"
	"clusterscope/static"
)

var rend *Renderer

func TestMain(m *testing.M) {
	chromium, err := FindChromium("")
	if err != nil {
		fmt.Fprintf(os.Stderr, "%v: `make test` installs Debian's chromium\n", err)
		os.Exit(1)
	}
	if rend, err = New(chromium); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if err := rend.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

// shell is a page as the dashboard serves it: a static shell whose app.js
// fetches the JSON of data-api and draws it.
const shell = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>测试页 · clusterscope</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/vendor/echarts.min.js" defer></script>
<script src="/static/app.js" defer></script>
</head>
<body>
<header class="top"><h1>中小企业特色产业集群 · clusterscope</h1><nav><a href="/ok">对比</a></nav></header>
<div id="demo-banner" class="demo-banner" hidden>演示数据：由程序生成，不代表任何真实集群。</div>
<main data-api="/api/%[1]s" data-page="%[1]s">
<h2 id="page-title">集群对比</h2>
<form class="filters"><label>省份<select name="province"></select></label></form>
<p id="status" class="status"></p>
<p id="rule" class="rule" hidden></p>
<p class="exports" id="exports"></p>
<section id="charts" class="charts"></section>
<section id="table"></section>
</main>
<footer>数据来源：测试数据</footer>
</body>
</html>`

const secret = "s3cret"

// subtext is every test chart's subtitle.
const subtext = "2022 年度批次 · 宁夏回族自治区 · 演示数据"

func bar(id, title string, values ...float64) map[string]any {
	return map[string]any{"id": id, "title": title, "option": map[string]any{
		"title":   map[string]any{"text": title, "subtext": subtext},
		"toolbox": map[string]any{"show": true, "right": 20, "feature": map[string]any{"saveAsImage": map[string]any{"title": "下载图片"}}},
		"grid":    map[string]any{"top": 60, "left": 60, "right": 30, "bottom": 60},
		"xAxis":   map[string]any{"type": "category", "data": []string{"中卫市沙坡头区枸杞", "吴忠市利通区奶产业"}},
		"yAxis":   map[string]any{"type": "value"},
		"series": []any{map[string]any{"type": "bar", "name": title, "data": values, "markLine": map[string]any{
			"symbol": []string{"none", "none"}, "label": map[string]any{"show": true, "formatter": "{b}"},
			"data": []any{map[string]any{"name": "中位数", "yAxis": 70}}}}},
	}}
}

// server serves the shell at /ok, /never, /fail and the static files; /plain
// is no chart page. /api/ok wants the session cookie, /api/never never
// answers, /api/fail rejects the filters.
func server(t *testing.T) string {
	t.Helper()
	sub, err := fs.Sub(static.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	quit := make(chan struct{})
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(sub)))
	for _, p := range []string{"/ok", "/never", "/fail"} {
		mux.HandleFunc("GET "+p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, shell, p[1:])
		})
	}
	mux.HandleFunc("GET /plain", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>登录</title><p>请先登录</p></html>`)
	})
	mux.HandleFunc("GET /api/ok", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if c, err := r.Cookie("session"); err != nil || c.Value != secret {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"请先登录"}`)
			return
		}
		province := r.URL.Query().Get("province")
		tables := []any{map[string]any{
			"id":      "core",
			"caption": "四项核心指标",
			"columns": []any{map[string]any{"key": "name", "label": "集群"}, map[string]any{"key": "output", "label": "总产值（亿元）", "numeric": true}},
			"rows":    []any{map[string]any{"name": "中卫市沙坡头区枸杞", "output": 88.4}, map[string]any{"name": "吴忠市利通区奶产业", "output": nil}},
		}}
		if r.URL.Query().Has("wide") {
			tables = append(tables, wideTable)
		}
		writeJSON(w, map[string]any{
			"charts":  []any{bar("output", "集群总产值", 88.4, 52.1), bar("revenue", "营业总收入", 80.2, 47.5)},
			"tables":  tables,
			"rule":    "入选条件：总产值不低于 50 亿元",
			"summary": province + " · 2 个集群",
			"demo":    true,
			"filters": map[string]any{"province": map[string]any{"value": province, "options": []any{map[string]any{"value": province, "label": province}}}},
		})
	})
	mux.HandleFunc("GET /api/never", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-quit:
		}
	})
	mux.HandleFunc("GET /api/fail", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"年度参数无效：1999"}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(quit) }) // runs first: frees /api/never
	return srv.URL
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	w.Write(b)
}

// wideTable has a column of names and nine of numbers: more than a portrait
// A4 page holds.
var wideTable = func() map[string]any {
	cols := []any{map[string]any{"key": "name", "label": "集群名称"}}
	row := map[string]any{"name": "中卫市沙坡头区枸杞产业集群（枸杞深加工）"}
	for i := range 9 {
		key := fmt.Sprint("v", i)
		cols = append(cols, map[string]any{"key": key, "label": fmt.Sprintf("第%d项指标（亿元）", i+1), "numeric": true})
		row[key] = 12345.67 + float64(i)
	}
	return map[string]any{"id": "wide", "caption": "宽表", "columns": cols, "rows": []any{row}}
}()

var login = []*http.Cookie{{Name: "session", Value: secret}}

// save keeps a produced file in the test's temp dir and, when set, in
// $CLUSTERSCOPE_ARTIFACTS; it returns the first path.
func save(t *testing.T, name string, data []byte) string {
	t.Helper()
	dirs := []string{t.TempDir()}
	if d := os.Getenv("CLUSTERSCOPE_ARTIFACTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dirs[0], name)
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// TestPDF renders a briefing and reads it back with poppler: A4, the header
// block and footer (page numbers, the scope) as real text, the charts drawn
// as vectors, their labels text too.
func TestPDF(t *testing.T) {
	base := server(t)
	req := Request{
		URL:      base + "/ok?province=" + "宁夏回族自治区",
		Format:   PDF,
		Title:    "集群对比：四项核心指标",
		Filters:  "2022 年度批次 · 2021 年 · 宁夏回族自治区",
		DataDate: "数据版本 3（2026-11-26 载入）",
		Source:   "数据来源：各集群申报表及年度跟踪报告。演示数据：由程序生成，不代表任何真实集群。",
		Scope:    "数据范围：宁夏回族自治区",
		Cookies:  login,
	}
	start := time.Now()
	pdf, err := rend.Render(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PDF render: %v, %d bytes", time.Since(start).Round(time.Millisecond), len(pdf))
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
	path := save(t, "briefing.pdf", pdf)

	info := run(t, "pdfinfo", path)
	if w, h := pageSize(t, info); !a4(w, h) || !strings.Contains(info, "(A4)") {
		t.Errorf("page size %.2f x %.2f pts, want A4 595 x 842\n%s", w, h, info)
	}
	if n := pages(t, info); n < 1 {
		t.Errorf("%d pages", n)
	}
	text := run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	for _, want := range []string{req.Title, req.Filters, req.DataDate, req.Source, req.Scope, "筛选条件：", "中卫市沙坡头区枸杞", "入选条件"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if !regexp.MustCompile(`第\s*1\s*/\s*\d+\s*页`).MatchString(text) {
		t.Errorf("no page number 第 1 / N 页 in the footer:\n%s", text)
	}
	for _, no := range []string{"导出 PDF", "下载 CSV"} {
		if strings.Contains(text, no) {
			t.Errorf("PDF shows the link %q", no)
		}
	}
	if strings.Contains(text, "集群对比\n") {
		t.Errorf("the page's own title is printed beside the briefing title:\n%s", text)
	}
	// The charts are vectors: no image, and their titles, subtitles and axis
	// labels are text (the cluster names once in the table, once on each
	// chart's axis).
	if n := images(t, path); n != 0 {
		t.Errorf("%d images in the PDF, want the charts as vectors", n)
	}
	for _, want := range []string{"集群总产值", "营业总收入", subtext} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks the chart label %q", want)
		}
	}
	// A line's label is text once a chart: with the white border it has on
	// screen, Chromium prints it twice.
	if n := strings.Count(text, "中位数"); n != 2 {
		t.Errorf("the median line's label is %d times in the text, want once a chart", n)
	}
	if n := strings.Count(text, "吴忠市利通区奶产业"); n < 3 {
		t.Errorf("an axis label is %d times in the text, want the table's and both charts'", n)
	}
	if c, tbl := strings.LastIndex(text, "营业总收入"), strings.Index(text, "总产值（亿元）"); c < 0 || tbl < c {
		t.Errorf("the table (at %d) is not after the charts (the last at %d)", tbl, c)
	}
	// Two charts to a page, with the header lines on the first.
	if first := run(t, "pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", path, "-"); !strings.Contains(first, "集群总产值") || !strings.Contains(first, "营业总收入") {
		t.Errorf("the first page does not hold both charts:\n%s", first)
	}
	png := filepath.Join(filepath.Dir(path), "briefing")
	run(t, "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", path, png)
	if d := os.Getenv("CLUSTERSCOPE_ARTIFACTS"); d != "" {
		run(t, "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", path, filepath.Join(d, "briefing"))
	}
}

// TestPDFLandscapeOneChart prints one chart on A4 landscape; a title with
// markup in it comes out as the same text, in the header and the footer.
func TestPDFLandscapeOneChart(t *testing.T) {
	base := server(t)
	title := "A&B <i>不是标签</i> 集群"
	pdf, err := rend.Render(context.Background(), Request{
		URL: base + "/ok", Format: PDF, Landscape: true, Title: title, Charts: []string{"chart-revenue"}, Cookies: login,
	})
	if err != nil {
		t.Fatal(err)
	}
	path := save(t, "landscape.pdf", pdf)
	if w, h := pageSize(t, run(t, "pdfinfo", path)); !a4(h, w) {
		t.Errorf("page size %.2f x %.2f pts, want A4 landscape 842 x 595", w, h)
	}
	text := run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	if n := strings.Count(text, title); n < 2 {
		t.Errorf("title %q %d times in the text, want header and footer:\n%s", title, n, text)
	}
	if !strings.Contains(text, "营业总收入") || strings.Contains(text, "集群总产值") {
		t.Errorf("the text does not hold the one chart asked for, 营业总收入, alone:\n%s", text)
	}
}

// a4 reports whether w x h points is A4 portrait (Chromium's sizes are
// off by up to a point: 595.92 x 841.92).
func a4(w, h float64) bool {
	return math.Abs(w-595.28) < 1 && math.Abs(h-841.89) < 1
}

var sizeRE = regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts`)

func pageSize(t *testing.T, info string) (w, h float64) {
	t.Helper()
	m := sizeRE.FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("no page size in pdfinfo:\n%s", info)
	}
	w, _ = strconv.ParseFloat(m[1], 64)
	h, _ = strconv.ParseFloat(m[2], 64)
	return w, h
}

func pages(t *testing.T, info string) int {
	t.Helper()
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("no page count in pdfinfo:\n%s", info)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// images counts the images pdfimages lists (not their soft masks).
func images(t *testing.T, path string) int {
	t.Helper()
	n := 0
	for _, line := range strings.Split(run(t, "pdfimages", "-list", path), "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[2] == "image" {
			n++
		}
	}
	return n
}

// layout is what a browser at PageWidth shows of the test page, measured
// independently of Render: the page size, the charts' boxes, and how the
// page font draws 「集群总产值」.
type layout struct {
	Width   float64        `json:"width"`
	Height  float64        `json:"height"`
	Charts  map[string]box `json:"charts"`
	Text    float64        `json:"text"`    // measureText width of 集群总产值 in the title font
	Missing float64        `json:"missing"` // width of one glyph no font has (a tofu box)
	Glyphs  []string       `json:"glyphs"`  // a digest of each glyph's pixels, the box last
}

type box struct {
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

const measureJS = `(function () {
  var d = document.documentElement, charts = {};
  document.querySelectorAll(".chart").forEach(function (el) {
    var r = el.getBoundingClientRect();
    charts[el.id] = {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height};
  });
  // ECharts draws titles in "bolder 18px sans-serif".
  var font = "bolder 18px sans-serif";
  var c = document.createElement("canvas");
  c.width = c.height = 40;
  var g = c.getContext("2d");
  g.font = font;
  var glyphs = ["集", "群", "总", "产", "值", "\u{10FFFD}"].map(function (ch) {
    g.clearRect(0, 0, 40, 40);
    g.fillStyle = "#000";
    g.textBaseline = "top";
    g.fillText(ch, 2, 2);
    var px = g.getImageData(0, 0, 40, 40).data, h = 0, ink = 0;
    for (var i = 3; i < px.length; i += 4) { h = (h * 31 + px[i]) >>> 0; if (px[i]) ink++; }
    return ink + ":" + h;
  });
  return {width: Math.max(d.scrollWidth, d.clientWidth), height: Math.max(d.scrollHeight, d.clientHeight),
    charts: charts, text: g.measureText("集群总产值").width, missing: g.measureText("\u{10FFFD}").width, glyphs: glyphs};
})()`

func measure(t *testing.T, pageURL string) layout {
	t.Helper()
	return drawn[layout](t, pageURL, "screen", measureJS)
}

// drawn opens pageURL signed in, in a tab of the test's own with the given
// media, waits for the charts, and evaluates js.
func drawn[T any](t *testing.T, pageURL, media, js string) T {
	t.Helper()
	b, err := rend.browser()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	tab, closeTab := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer closeTab()
	if _, err := chromedp.Call(tab, network.SetCookies, network.SetCookiesParams{Cookies: cookies(pageURL, login)}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: PageWidth, Height: 800, DeviceScaleFactor: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(pageURL)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector("main").dataset.rendered === "1"`)); err != nil {
		t.Fatal(err)
	}
	v, err := chromedp.Run(tab, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestPrintDrawsVectors: on screen the charts are canvases with their
// toolbox; printed (the export's print media, or a person's own print,
// which the browser announces with beforeprint), SVG (text stays text)
// without it, and back after the print.
func TestPrintDrawsVectors(t *testing.T) {
	base := server(t)
	const charts = `[...document.querySelectorAll(".chart")].map(el => (el.querySelector("svg") ? "svg" : "") +
		(el.querySelector("canvas") ? "canvas" : "") + " toolbox " + echarts.getInstanceByDom(el).getOption().toolbox[0].show).join(", ")`
	const screen, paper = "canvas toolbox true, canvas toolbox true", "svg toolbox false, svg toolbox false"
	for _, c := range []struct{ media, js, want string }{
		{"screen", charts, screen},
		{"print", charts, paper},
		{"screen", `dispatchEvent(new Event("beforeprint")); ` + charts, paper},
		{"screen", `dispatchEvent(new Event("beforeprint")); dispatchEvent(new Event("afterprint")); ` + charts, screen},
	} {
		if got := drawn[string](t, base+"/ok", c.media, c.js); got != c.want {
			t.Errorf("%s, %.40s…: charts %q, want %q", c.media, c.js, got, c.want)
		}
	}
}

func decode(t *testing.T, data []byte) image.Image {
	t.Helper()
	if ct := http.DetectContentType(data); ct != "image/png" {
		t.Fatalf("content type %s, want image/png", ct)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// ink counts the dark pixels in r (ECharts draws titles in #464646 on
// white), and returns them as a bitmap for comparison.
func ink(img image.Image, r image.Rectangle) (int, []bool) {
	n, bits := 0, make([]bool, 0, r.Dx()*r.Dy())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			dark := (cr+cg+cb)/3 < 0x8000
			if dark {
				n++
			}
			bits = append(bits, dark)
		}
	}
	return n, bits
}

// TestPNG renders the whole page and then two charts, and checks the sizes
// at twice the CSS pixels and that the Chinese chart titles are glyphs.
func TestPNG(t *testing.T) {
	base := server(t)
	pageURL := base + "/ok?province=" + "宁夏回族自治区"
	want := measure(t, pageURL)

	// The title font has real glyphs: not zero, not five tofu boxes, and
	// every character drawn differently (tofu boxes are all alike).
	if want.Text <= 0 || want.Text == 5*want.Missing || math.Abs(want.Text-5*18) > 5 {
		t.Errorf("集群总产值 measures %.1f px, not 5 × 18 px; a missing glyph %.1f px: no CJK font?", want.Text, want.Missing)
	}
	t.Logf("集群总产值 %.1f px, missing glyph %.1f px, glyph digests %v", want.Text, want.Missing, want.Glyphs)
	seen := map[string]bool{}
	for _, g := range want.Glyphs {
		if seen[g] {
			t.Errorf("two glyphs draw the same pixels (tofu?): %v", want.Glyphs)
			break
		}
		seen[g] = true
	}

	start := time.Now()
	full, err := rend.Render(context.Background(), Request{URL: pageURL, Format: PNG, Cookies: login})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PNG render: %v, %d bytes", time.Since(start).Round(time.Millisecond), len(full))
	save(t, "page.png", full)
	img := decode(t, full)
	if got, exp := img.Bounds().Size(), image.Pt(int(2*want.Width), int(2*want.Height)); got != exp {
		t.Errorf("page PNG is %v, want %v (page %.0f x %.0f CSS px at scale 2)", got, exp, want.Width, want.Height)
	}

	// The chart titles sit at the top left of each chart (ECharts' default
	// place, 5 px padding); 集群总产值 and 营业总收入 must both be ink and
	// differ, which five tofu boxes each would not.
	title := func(id string) (int, []bool) {
		c := want.Charts[id]
		x, y := int(2*c.X), int(2*c.Y)
		return ink(img, image.Rect(x+4, y+4, x+4+2*110, y+4+2*30))
	}
	na, a := title("chart-output")
	nb, b := title("chart-revenue")
	if na < 300 || nb < 300 {
		t.Errorf("chart titles have %d and %d dark pixels: not drawn?", na, nb)
	}
	diff := 0
	for i := range a {
		if a[i] != b[i] {
			diff++
		}
	}
	t.Logf("title ink: %d and %d dark pixels, %d differ", na, nb, diff)
	if diff < 300 {
		t.Errorf("the titles 集群总产值 and 营业总收入 differ in %d pixels only: tofu?", diff)
	}

	two, err := rend.Render(context.Background(), Request{URL: pageURL, Format: PNG, Cookies: login, Charts: []string{"chart-output", "chart-revenue"}})
	if err != nil {
		t.Fatal(err)
	}
	save(t, "charts.png", two)
	o, r := want.Charts["chart-output"], want.Charts["chart-revenue"]
	w := math.Max(o.X+o.Width, r.X+r.Width) - math.Min(o.X, r.X)
	h := math.Max(o.Y+o.Height, r.Y+r.Height) - math.Min(o.Y, r.Y)
	if got, exp := decode(t, two).Bounds().Size(), image.Pt(int(math.Round(2*w)), int(math.Round(2*h))); got != exp {
		t.Errorf("two-chart PNG is %v, want %v (their union %.0f x %.0f CSS px at scale 2)", got, exp, w, h)
	}
}

// code asserts that err is a *clusterscope.Error with the code and a
// message holding msg.
func code(t *testing.T, err error, code, msg string) {
	t.Helper()
	var e *clusterscope.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want a *clusterscope.Error", err, err)
	}
	if e.Code != code || !strings.Contains(e.Message, msg) {
		t.Errorf("error %q (%s), want code %s and a message with %q", e.Message, e.Code, code, msg)
	}
}

// TestNeverFinishes: a page whose data never come fails at the timeout.
func TestNeverFinishes(t *testing.T) {
	base := server(t)
	start := time.Now()
	_, err := rend.Render(context.Background(), Request{URL: base + "/never", Format: PDF, Timeout: 2 * time.Second})
	took := time.Since(start)
	code(t, err, clusterscope.EINTERNAL, "页面在 2 秒内未完成渲染")
	if took < 2*time.Second || took > 4*time.Second {
		t.Errorf("gave up after %v, want about 2s", took)
	}
	t.Log(err)
}

// TestErrorPage: data-rendered="error" fails at once, with what the page says.
func TestErrorPage(t *testing.T) {
	base := server(t)
	for _, tc := range []struct{ path, msg string }{
		{"/fail", "年度参数无效：1999"},
		{"/ok", "请先登录"},          // no session cookie
		{"/plain", "不是图表页面"},     // no main[data-api]
		{"/nothing", "HTTP 404"}, // no page at all
	} {
		start := time.Now()
		_, err := rend.Render(context.Background(), Request{URL: base + tc.path, Format: PNG})
		code(t, err, clusterscope.EINVALID, tc.msg)
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s: failed after %v, want at once", tc.path, took)
		}
	}
}

// TestConcurrent renders in parallel, one tab each: the cookies of one
// render do not reach another.
func TestConcurrent(t *testing.T) {
	base := server(t)
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Go(func() {
			req := Request{URL: base + "/ok", Format: PNG, Charts: []string{"chart-output"}}
			if i%2 == 0 {
				req.Cookies = login
			}
			_, errs[i] = rend.Render(context.Background(), req)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if i%2 == 0 && err != nil {
			t.Errorf("render %d with the cookie: %v", i, err)
		} else if i%2 == 1 {
			code(t, err, clusterscope.EINVALID, "请先登录")
		}
	}
}

// TestBadRequests are refused before any page opens, or once it has.
func TestBadRequests(t *testing.T) {
	base := server(t)
	for _, tc := range []struct {
		req Request
		msg string
	}{
		{Request{URL: base + "/ok", Format: "gif"}, "不支持的导出格式"},
		{Request{URL: base + "/ok", Format: SVG}, "SVG 一次导出一张图"},
		{Request{URL: "/ok", Format: PNG}, "地址无效"},
		{Request{URL: "http://example.com/ok", Format: PNG}, "只能导出本服务的页面"},
		{Request{URL: base + "/ok", Format: PNG, Charts: []string{"x\"); alert(1"}}, "图表标识"},
		{Request{URL: base + "/ok", Format: PNG, Charts: []string{"chart-nope"}, Cookies: login}, "页面上没有图表「chart-nope」"},
	} {
		_, err := rend.Render(context.Background(), tc.req)
		code(t, err, clusterscope.EINVALID, tc.msg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := rend.Render(ctx, Request{URL: base + "/ok", Format: PNG, Cookies: login})
	code(t, err, clusterscope.EINTERNAL, "导出已取消")
}

// TestRestart: when the browser dies, the next render starts a new one.
func TestRestart(t *testing.T) {
	base := server(t)
	b, err := rend.browser()
	if err != nil {
		t.Fatal(err)
	}
	p := chromedp.FromContext(b.ctx).Browser.Process()
	if err := p.Kill(); err != nil { // the Chromium this test's renderer started
		t.Fatal(err)
	}
	<-b.ctx.Done()
	req := Request{URL: base + "/ok", Format: PNG, Charts: []string{"chart-output"}, Cookies: login}
	if _, err := rend.Render(context.Background(), req); err != nil {
		t.Fatalf("render after the browser died: %v", err)
	}
}
