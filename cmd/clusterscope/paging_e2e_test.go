package main

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// tablesDrawn waits for app.js to have drawn the tables of the last answer.
func tablesDrawn(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("main").dataset.tables === "1"`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("tables not drawn: %v (%s)", err, eval[string](t, ctx, `document.getElementById("status").textContent`))
	}
}

// headlineShown is what a person reads of the compare table: its rows and
// where the pager says they are.
func headlineShown(t *testing.T, ctx context.Context) (rows, where string) {
	t.Helper()
	return eval[string](t, ctx, `document.querySelector("#table-headline tbody").innerText`),
		eval[string](t, ctx, `document.querySelector("#wrap-headline .pager-text").textContent`)
}

// TestPagingInBrowser: on 对比 a person pages the table from the keyboard,
// sorts it by a column's header (the whole table: the first page starts
// with the largest value), goes to the next page, and the address then
// reproduces exactly that view when opened afresh; the charts stay as they
// were while the table pages, and the table's download keeps its order.
func TestPagingInBrowser(t *testing.T) {
	base := demoServer(t)
	ctx := browser(t)
	signIn(t, ctx, base+"/compare?batch=2022", "e2e", e2ePassword)
	if err := rendered(ctx); err != nil {
		t.Fatal(err)
	}
	tablesDrawn(t, ctx)
	firstRows, where := headlineShown(t, ctx)
	m := regexp.MustCompile(`第 1 / (\d+) 页，共 (\d+) 行`).FindStringSubmatch(where)
	if m == nil {
		t.Fatalf("the pager says %q", where)
	}
	if pages, _ := strconv.Atoi(m[1]); pages < 3 {
		t.Fatalf("the demo's 2022 batch should fill 3 pages: %s", where)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#table-headline tbody tr").length`); n != 50 {
		t.Errorf("the first page shows %d rows, want 50", n)
	}
	if !strings.Contains(eval[string](t, ctx, `document.getElementById("table").innerText`), "每页 50 行") {
		t.Error("the page does not say how many rows a page shows")
	}
	charts := eval[string](t, ctx, chartData)
	eval[bool](t, ctx, `(window.chartsBefore = [...document.querySelectorAll(".chart")], true)`)

	// The keyboard: Tab-reachable buttons, Enter presses the focused one.
	press := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent("\r")); err != nil {
			t.Fatal(err)
		}
		tablesDrawn(t, ctx)
	}
	press(`#wrap-headline nav.pager button[data-control="next"]`)
	rows, where := headlineShown(t, ctx)
	if !strings.HasPrefix(where, "第 2 / "+m[1]+" 页") || rows == firstRows {
		t.Errorf("after Next: %q, rows changed: %v", where, rows != firstRows)
	}
	if got := eval[string](t, ctx, `new URLSearchParams(location.search).get("headline.page")`); got != "2" {
		t.Errorf("the address says page %q, want 2", got)
	}
	if got := eval[string](t, ctx, `document.activeElement.dataset.control || ""`); got != "next" {
		t.Errorf("the focus moved to %q, want it kept on Next", got)
	}
	if eval[string](t, ctx, chartData) != charts || !eval[bool](t, ctx, `[...document.querySelectorAll(".chart")].every((el, i) => el === window.chartsBefore[i])`) {
		t.Error("paging the table redrew the charts")
	}

	// Sort by 研发投入强度: a click on its header (numbers: largest first).
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#table-headline th button[data-control="sort-rd_intensity"]`))); err != nil {
		t.Fatal(err)
	}
	tablesDrawn(t, ctx)
	q := eval[string](t, ctx, `location.search`)
	if v, _ := url.ParseQuery(strings.TrimPrefix(q, "?")); v.Get("headline.sort") != "-rd_intensity" || v.Has("headline.page") {
		t.Errorf("after sorting the address is %s: want headline.sort=-rd_intensity from page 1", q)
	}
	if got := eval[string](t, ctx, `document.querySelector('#table-headline th[aria-sort]').getAttribute("aria-sort")`); got != "descending" {
		t.Errorf("aria-sort %q on the sorted column", got)
	}
	col := eval[int](t, ctx, `[...document.querySelectorAll("#table-headline thead th")].findIndex(th => th.hasAttribute("aria-sort"))`)
	values := func() []float64 {
		t.Helper()
		return eval[[]float64](t, ctx, `[...document.querySelectorAll("#table-headline tbody tr")].map(tr => tr.cells[`+strconv.Itoa(col)+`])
			.filter(td => td.classList.contains("num")).map(td => Number(td.textContent.replace(/,/g, "")))`)
	}
	page1 := values()
	for i := 1; i < len(page1); i++ {
		if page1[i] > page1[i-1] {
			t.Fatalf("sorted page 1 is not descending at row %d: %v", i+1, page1)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#wrap-headline nav.pager button[data-control="next"]`))); err != nil {
		t.Fatal(err)
	}
	tablesDrawn(t, ctx)
	if page2 := values(); len(page2) > 0 && len(page1) > 0 && page2[0] > page1[len(page1)-1] {
		t.Errorf("page 2 starts at %v, above page 1's last %v: the sort is not over the whole table", page2[0], page1[len(page1)-1])
	}
	if dl := eval[string](t, ctx, `document.querySelector("#table-headline caption a.download").href`); !strings.Contains(dl, "headline.sort=-rd_intensity") {
		t.Errorf("the table's download %s does not keep the view's order", dl)
	}
	save(t, ctx, "compare-paged-sorted.png")
	link := eval[string](t, ctx, `location.href`)
	sortedRows, sortedWhere := headlineShown(t, ctx)

	// The link, opened afresh, is the same view.
	// (waiting for the page, as a script evaluated while it loads may find its context gone)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`main[data-api]`))); err != nil {
		t.Fatal(err)
	}
	if err := rendered(ctx); err != nil {
		t.Fatal(err)
	}
	tablesDrawn(t, ctx)
	if rows, where := headlineShown(t, ctx); rows != sortedRows || where != sortedWhere {
		t.Errorf("the link %s shows %q, want %q, and other rows: %v", link, where, sortedWhere, rows != sortedRows)
	}
	if got := eval[string](t, ctx, `document.querySelector('#table-headline th[aria-sort]')?.getAttribute("aria-sort") || ""`); got != "descending" {
		t.Errorf("the link's table is not marked sorted: %q", got)
	}
	// 评审推荐's review desk pages the same way, and the address says so.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/assess?batch=2022&status=recognised")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector("#desk-table nav.pager")`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("no pager on the review desk: %v", err)
	}
	deskRows := `[...document.querySelectorAll("#table-desk tbody tr")].map(tr => tr.dataset.id).join(" ")`
	before := eval[string](t, ctx, deskRows)
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`#desk-table nav.pager button[data-control="next"]`)), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`new URLSearchParams(location.search).get("desk.page") === "2" && document.querySelector("#desk-table .pager-text").textContent.startsWith("第 2 /")`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the desk did not turn to page 2: %v", err)
	}
	if eval[string](t, ctx, deskRows) == before {
		t.Error("the desk's page 2 shows page 1's applications")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(link)); err != nil {
		t.Fatal(err)
	}
	tablesDrawn(t, ctx)

	// Back to the page's own order, from the keyboard.
	press(`#wrap-headline nav.pager button[data-control="unsort"]`)
	if rows, _ := headlineShown(t, ctx); rows != firstRows || eval[string](t, ctx, `location.search`) != "?batch=2022" {
		t.Errorf("restoring the order: address %s, the first page again: %v", eval[string](t, ctx, `location.search`), rows == firstRows)
	}
}
