package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"clusterscope/dashboard/render"
)

// browser starts headless Chromium with the flags this closed network needs.
func browser(t *testing.T) context.Context {
	t.Helper()
	chromium, err := render.FindChromium("")
	if err != nil {
		t.Fatalf("%v: `make test` installs Debian's chromium", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1400, 2000),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil { // start the browser without a timeout
		t.Fatal(err)
	}
	return ctx
}

const e2ePassword = "e2e-password-for-tests"

// demoServer loads the demo data through the CLI, adds a ministry account
// "e2e", a 宁夏 province account "e2e-nx", a 中卫 city account "e2e-city",
// a 沙坡头区 county account "e2e-county" and an administrator "e2e-admin",
// and serves it on loopback.
func demoServer(t *testing.T) string {
	t.Helper()
	return serveData(t, localConfig(demoData(t), ""))
}

// demoData is a data folder with the demo data, written by `demo` with the
// flags given, and the accounts of demoServer.
func demoData(t *testing.T, flags ...string) string {
	t.Helper()
	dir := t.TempDir()
	var out bytes.Buffer
	root := newRoot()
	root.SetArgs(append([]string{"demo", "--data", dir}, flags...))
	root.SetOut(&out)
	root.SetErr(&out)
	if err := root.Execute(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "zhongwei") || !strings.Contains(out.String(), "shapotou") || !strings.Contains(out.String(), "演示账户") {
		t.Errorf("demo did not print its accounts:\n%s", out.String())
	}
	for _, args := range [][]string{{"e2e", "--role", "ministry"}, {"e2e-nx", "--role", "province", "--province", "宁夏回族自治区"},
		{"e2e-city", "--role", "city", "--province", "宁夏回族自治区", "--city", "中卫市"},
		{"e2e-county", "--role", "county", "--province", "宁夏回族自治区", "--city", "中卫市", "--county", "沙坡头区"},
		{"e2e-admin", "--role", "admin"}} {
		root = newRoot()
		root.SetArgs(append([]string{"user", "add", "--password-stdin", "--data", dir}, args...))
		root.SetIn(strings.NewReader(e2ePassword + "\n"))
		root.SetOut(&out)
		root.SetErr(&out)
		if err := root.Execute(); err != nil {
			t.Fatalf("user add: %v\n%s", err, out.String())
		}
	}
	return dir
}

// serveDir serves the data folder dir on loopback until the test ends.
func serveDir(t *testing.T, dir string) string {
	t.Helper()
	return serveData(t, localConfig(dir, ""))
}

// serveData serves with the settings c until the test ends.
func serveData(t *testing.T, c *config) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	urls, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- serve(ctx, c, func(u string) { urls <- u }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case u := <-urls:
		return u
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("server did not start")
	}
	return ""
}

// rendered waits for every chart's own 'finished' event (app.js marks main).
func rendered(ctx context.Context) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`document.querySelector("main").dataset.rendered === "1"`, chromedp.WithPollingTimeout(30*time.Second)))
	return err
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// signIn opens a page, is sent to the login form, and signs in there.
func signIn(t *testing.T, ctx context.Context, page, user, password string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), user),
		chromedp.SendKeys(chromedp.CSS(`#password`), password),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`main[data-api]`)),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", user, err)
	}
}

// TestComparePageInBrowser opens the comparison page as a user would, with
// the demo data and the locally served ECharts, and checks what is shown.
func TestComparePageInBrowser(t *testing.T) {
	base := demoServer(t)
	ctx := browser(t)
	signIn(t, ctx, base+"/compare?province="+"宁夏回族自治区", "e2e", e2ePassword)
	if err := rendered(ctx); err != nil {
		t.Fatalf("charts did not render: %v (status: %s)", err,
			eval[string](t, ctx, `document.getElementById("status").textContent`))
	}
	if v := eval[string](t, ctx, `echarts.version`); !strings.HasPrefix(v, "5.6") {
		t.Errorf("ECharts %s, want 5.6.x", v)
	}
	tooltipStyled(t, ctx)
	drawn := eval[[]string](t, ctx, `Array.from(document.querySelectorAll(".chart[data-rendered='1']")).filter(el => el.querySelector("canvas")).map(el => el.id)`)
	for _, id := range []string{"chart-output_total", "chart-rd_intensity", "chart-cloud_adoption", "chart-co2_per_output", "chart-scatter", "chart-radar"} {
		if !contains(drawn, id) {
			t.Errorf("chart %s not drawn; drawn: %v", id, drawn)
		}
	}
	axis := eval[[]string](t, ctx, `echarts.getInstanceByDom(document.getElementById("chart-output_total")).getOption().xAxis[0].data`)
	if !contains(axis, "中卫市沙坡头区枸杞") {
		t.Errorf("output chart axis lacks 中卫市沙坡头区枸杞: %v", axis)
	}
	text := eval[string](t, ctx, `document.body.innerText`)
	for _, want := range []string{"中卫市沙坡头区枸杞中小企业特色产业集群（枸杞产业）", "演示数据", "宁夏回族自治区 · 2021 年 · 17 个集群"} {
		if !strings.Contains(text, want) {
			t.Errorf("page does not show %q", want)
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".chart [title='下载图片'], .chart").length`); n < 4 {
		t.Errorf("toolbox missing")
	}
	save(t, ctx, "compare-ningxia.png")

	// Change a filter: all provinces. The URL, the table and the chart follow.
	err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`select[name="province"]`), ""),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](
				`document.querySelector('select[name="province"]').dispatchEvent(new Event("change", {bubbles: true}))`))
			return err
		}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("table.data tbody tr").length > 17`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("table did not change with the filter: %v", err)
	}
	if err := rendered(ctx); err != nil {
		t.Fatal(err)
	}
	if u := eval[string](t, ctx, `location.search`); strings.Contains(u, "province") {
		t.Errorf("URL still filters by province: %s", u)
	}
	bars := eval[int](t, ctx, `echarts.getInstanceByDom(document.getElementById("chart-output_total")).getOption().xAxis[0].data.length`)
	if bars != 115 {
		t.Errorf("all provinces: %d bars, want the 115 clusters of batch 2022", bars)
	}
	save(t, ctx, "compare-all.png")

	// A 市级 user's briefing names the city it is limited to, not 全国.
	city, closeCity := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer closeCity()
	signIn(t, city, base+"/compare", "e2e-city", e2ePassword)
	if err := rendered(city); err != nil {
		t.Fatal(err)
	}
	if text := exportPDF(t, city, "compare-city"); !strings.Contains(text, "2022年度批次·宁夏回族自治区中卫市") || strings.Contains(text, "全国") {
		t.Errorf("the city user's PDF does not name the city:\n%s", text)
	}
}

// tooltipStyled hovers the first bar of the output chart with the mouse and
// checks the tooltip as ECharts styles it: a box, the series' marker a dot
// in the series' colour, the value set to the right; and that the
// Content-Security-Policy refused none of its styles.
func tooltipStyled(t *testing.T, ctx context.Context) {
	t.Helper()
	at := eval[[]float64](t, ctx, `(() => {
		window.__refused = [];
		document.addEventListener("securitypolicyviolation", e => window.__refused.push(e.violatedDirective));
		const el = document.getElementById("chart-output_total");
		el.scrollIntoView();
		const c = echarts.getInstanceByDom(el), r = el.getBoundingClientRect();
		const p = c.convertToPixel({seriesIndex: 0}, [0, 0]); // the foot of the first bar
		return [r.left + p[0], r.top + p[1] - 3];
	})()`)
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at[0], at[1])); err != nil {
		t.Fatal(err)
	}
	const tip = `[...document.querySelectorAll("#chart-output_total > div")].find(d => d.style.display !== "none" && d.textContent.includes("集群总产值"))`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("!!"+tip, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("hovering the first bar shows no tooltip: %v", err)
	}
	style := eval[map[string]string](t, ctx, `(() => {
		const tip = `+tip+`, marker = tip.querySelector("span"), value = [...tip.querySelectorAll("span")].pop();
		const s = getComputedStyle(tip), m = getComputedStyle(marker), v = getComputedStyle(value);
		return {box: s.backgroundColor + " " + s.borderTopStyle, marker: m.backgroundColor + " " + m.width + " " + m.borderTopLeftRadius,
			value: v.cssFloat + " " + v.fontWeight, refused: window.__refused.join(" ")};
	})()`)
	want := map[string]string{"box": "rgb(255, 255, 255) solid", "marker": "rgb(84, 112, 198) 10px 10px", "value": "right 900", "refused": ""}
	for k, w := range want {
		if style[k] != w {
			t.Errorf("tooltip %s: %q, want %q", k, style[k], w)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// save keeps a screenshot as a test artifact: in the test's temp dir, and
// in $CLUSTERSCOPE_ARTIFACTS when set.
func save(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{t.TempDir()}
	if d := os.Getenv("CLUSTERSCOPE_ARTIFACTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		os.MkdirAll(d, 0o755)
		if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
