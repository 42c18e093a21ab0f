package main

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pageCase is one page as a user meets it: where it is, what it must show,
// and one filter to change.
type pageCase struct {
	name, path string
	shows      []string
	filter     string // select or input name
	value      string
	changed    string // JS expression, true once the page shows the new filter
}

var pageCases = []pageCase{
	{"overview", "/overview", []string{"各省份集群数", "集群总产值分布"}, "batch", "2023",
		`document.getElementById("status").textContent.includes("2023 年度批次")`},
	{"compare", "/compare?province=宁夏回族自治区", []string{"研发投入强度", "中卫市沙坡头区枸杞"}, "field", "enterprises",
		`!!document.getElementById("chart-field-years")`},
	{"monitor", "/monitor", []string{"达标", "判定规则"}, "code", "rd_spend",
		`document.getElementById("status").textContent.includes("研发经费投入")`},
	{"assess", "/assess?province=宁夏回族自治区", []string{"推荐名单与排名", "近三年产值均在40亿元以上"}, "w_green", "300",
		`new URLSearchParams(location.search).get("w_green") === "300"`},
	{"recheck", "/recheck?term_end=2025", []string{"建议通过", "复核建议", "判定日：2025-06-30"}, "suggest", "fail",
		`document.querySelectorAll("#table-due tbody tr").length === 4`},
	{"portfolio", "/portfolio", []string{"在库", "各省份集群状态", "撤销认定的集群及原因"}, "life", "withdrawn",
		`document.querySelectorAll("#table-clusters tbody tr").length === 1`},
	{"cluster", "/cluster?batch=2022&id=NX-ZW-001", []string{"二、主导产业情况", "八、发展目标与实绩"}, "id", "NX-YC-001",
		`document.getElementById("status").textContent.includes("NX-YC-001") || document.getElementById("status").textContent.includes("银川")`},
}

// TestEveryPageInBrowser: each page loads with its charts drawn, a filter
// change redraws it, a chart downloads as a 2× PNG, and the page exports
// to an A4 PDF whose Chinese is text, a Word document and a slide deck
// holding its charts and tables.
func TestEveryPageInBrowser(t *testing.T) {
	base := demoServer(t)
	ctx := browser(t)
	signIn(t, ctx, base+"/overview", "e2e", e2ePassword)
	for _, pc := range pageCases {
		t.Run(pc.name, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+pc.path)); err != nil {
				t.Fatal(err)
			}
			if err := rendered(ctx); err != nil {
				t.Fatalf("not rendered: %v (%s)", err, eval[string](t, ctx, `document.getElementById("status").textContent`))
			}
			// Reported, not asserted: speed goals live in benchmarks.
			t.Logf("ready %.0f ms after navigation started (data request %s)", eval[float64](t, ctx, `performance.now()`),
				eval[string](t, ctx, `performance.getEntriesByType("resource").filter(e => e.name.includes("/api/")).map(e => Math.round(e.duration) + " ms").join(", ")`))
			// What a person reads: the page's text and the charts' titles.
			text := eval[string](t, ctx, `document.body.innerText + [...document.querySelectorAll(".chart")].map(el => el.getAttribute("aria-label")).join(" ")`)
			for _, want := range append(pc.shows, "演示数据") {
				if !strings.Contains(text, want) {
					t.Errorf("page does not show %q", want)
				}
			}
			if n := eval[int](t, ctx, `document.querySelectorAll(".chart canvas").length`); n == 0 {
				t.Error("no chart drawn")
			}
			save(t, ctx, pc.name+".png")
			downloadChart(t, ctx)

			before := eval[string](t, ctx, chartData)
			tableBefore := eval[string](t, ctx, `document.getElementById("table").innerText`)
			setFilter(t, ctx, pc.filter, pc.value)
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](pc.changed, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
				t.Fatalf("filter %s=%s did not take: %v", pc.filter, pc.value, err)
			}
			if err := rendered(ctx); err != nil {
				t.Fatal(err)
			}
			if after := eval[string](t, ctx, chartData); after == before {
				t.Errorf("changing %s left the charts as they were", pc.filter)
			}
			if pc.name == "assess" && eval[string](t, ctx, `document.getElementById("table").innerText`) == tableBefore {
				t.Errorf("changing a weight left the ranking as it was")
			}
			save(t, ctx, pc.name+"-changed.png")
			exportPDF(t, ctx, pc.name)
			exportOffice(t, ctx, pc.name)
			if pc.name == "compare" {
				exportSVG(t, ctx)
			}
		})
	}
}

// chartData is every drawn chart's series data: what the charts show.
const chartData = `JSON.stringify([...document.querySelectorAll(".chart")].map(el => echarts.getInstanceByDom(el).getOption().series.map(s => s.data)))`

// setFilter sets a select or input as a user would and lets the page react.
func setFilter(t *testing.T, ctx context.Context, name, value string) {
	t.Helper()
	sel := `[name="` + name + `"]`
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const el = document.querySelector('form.filters `+sel+`');
		if (!el) return false;
		el.value = `+"`"+value+"`"+`;
		el.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
}

// downloadChart does what the toolbox's download button does — the chart
// as a PNG at pixelRatio 2 — and checks the image.
func downloadChart(t *testing.T, ctx context.Context) {
	t.Helper()
	ratio := eval[float64](t, ctx, `echarts.getInstanceByDom(document.querySelector(".chart")).getOption().toolbox[0].feature.saveAsImage.pixelRatio`)
	if ratio != 2 {
		t.Errorf("toolbox saves at pixelRatio %v, want 2", ratio)
	}
	url := eval[string](t, ctx, `(() => { const el = document.querySelector(".chart");
		return echarts.getInstanceByDom(el).getDataURL({type: "png", pixelRatio: 2, backgroundColor: "#fff"}); })()`)
	png, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(url, "data:image/png;base64,"))
	if err != nil || len(png) < 5000 || string(png[1:4]) != "PNG" {
		t.Errorf("chart download: %d bytes, %v", len(png), err)
	}
	width := eval[int](t, ctx, `document.querySelector(".chart").clientWidth`)
	if w := int(png[16])<<24 | int(png[17])<<16 | int(png[18])<<8 | int(png[19]); w != 2*width {
		t.Errorf("downloaded PNG is %d px wide, want 2 × %d", w, width)
	}
}

// exportPDF fetches the page's briefing PDF with the user's session and
// reads its text layer: the Chinese title must be there as text. It returns
// that text without white space.
func exportPDF(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	pdf := exported(t, ctx, ".pdf", name)
	if !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("PDF export is not a PDF: %.20q", pdf)
	}
	path := filepath.Join(t.TempDir(), name+".pdf")
	os.WriteFile(path, pdf, 0o644)
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	heading := eval[string](t, ctx, `document.getElementById("page-title").textContent`)
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{strings.Join(strings.Fields(heading), ""), "演示数据", "数据来源"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	return text
}

// exported follows the export menu's link whose address holds ext, with
// the user's session, and returns the file, kept as name+ext in
// $CLUSTERSCOPE_ARTIFACTS when set.
func exported(t *testing.T, ctx context.Context, ext, name string) []byte {
	t.Helper()
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const a = [...document.querySelectorAll("#exports a")].find(a => a.href.includes(`+"`"+ext+"`"+`));
		if (!a) return "ERROR no link";
		const res = await fetch(a.href);
		if (!res.ok) return "ERROR " + res.status + " " + await res.text();
		const buf = new Uint8Array(await res.arrayBuffer());
		let s = ""; for (const b of buf) s += String.fromCharCode(b);
		return btoa(s);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(b64, "ERROR") {
		t.Fatalf("%s export: %s", ext, b64)
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	if d := os.Getenv("CLUSTERSCOPE_ARTIFACTS"); d != "" {
		os.WriteFile(filepath.Join(d, name+ext), b, 0o644)
	}
	return b
}

// exportSVG fetches one chart as SVG: a vector image whose Chinese title is
// text (a <text> element), not drawn glyphs.
func exportSVG(t *testing.T, ctx context.Context) {
	t.Helper()
	svg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const res = await fetch("/export/compare.svg" + location.search + (location.search ? "&" : "?") + "chart=output_total");
		return (res.ok ? "" : "ERROR " + res.status + " ") + await res.text();
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, "集群总产值") || !strings.Contains(svg, "<text") {
		t.Errorf("SVG export: %.300s", svg)
	}
	if d := os.Getenv("CLUSTERSCOPE_ARTIFACTS"); d != "" {
		os.WriteFile(filepath.Join(d, "compare-output_total.svg"), []byte(svg), 0o644)
	}
}

// TestProfileSearchInBrowser: on 集群档案 a person types part of a name in
// the search box and presses Enter; the page shows the first cluster found,
// the picker lists only the clusters found, and the link reproduces it.
func TestProfileSearchInBrowser(t *testing.T) {
	base := demoServer(t)
	ctx := browser(t)
	signIn(t, ctx, base+"/cluster?batch=2022&id=NX-ZW-001", "e2e", e2ePassword)
	if err := rendered(ctx); err != nil {
		t.Fatal(err)
	}
	if n := eval[int](t, ctx, `[...document.querySelectorAll('form.filters select[name="id"] option')].filter(o => !o.textContent.includes("银川")).length`); n == 0 {
		t.Fatal("before the search, the picker lists only 银川's clusters")
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`form.filters input[name="q"]`), "银川\r")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("status").textContent.includes("银川")`,
		chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("the search did not show a 银川 cluster: %v (%s)", err, eval[string](t, ctx, `document.getElementById("status").textContent`))
	}
	if err := rendered(ctx); err != nil {
		t.Fatal(err)
	}
	labels := eval[[]string](t, ctx, `[...document.querySelectorAll('form.filters select[name="id"] option')].map(o => o.textContent)`)
	if len(labels) == 0 {
		t.Fatal("the picker is empty")
	}
	for _, l := range labels {
		if !strings.Contains(l, "银川") {
			t.Errorf("the picker lists %s after searching 银川", l)
		}
	}
	shown := eval[string](t, ctx, `document.querySelector('form.filters select[name="id"]').selectedOptions[0].textContent`)
	if shown != labels[0] {
		t.Errorf("shows %s, not the first found (%s)", shown, labels[0])
	}
	if q := eval[string](t, ctx, `new URLSearchParams(location.search).get("q")`); q != "银川" {
		t.Errorf("the link has q=%q", q)
	}
	save(t, ctx, "cluster-search.png")

	// A search finds clusters of every batch, not only the shown one's.
	other, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch("/api/cluster?batch=2024").then(r => r.json()).then(v => v.filters.id.options[0].value)`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, `(document.querySelector('form.filters input[name="q"]').value = "") === ""`) // as a person clears it
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`form.filters input[name="q"]`), other+"\r")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("status").textContent.includes("2024 年度批次")`,
		chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Errorf("searching %s (of 2024) from a 2022 cluster: %v (%s)", other, err, eval[string](t, ctx, `document.getElementById("status").textContent`))
	}
}
