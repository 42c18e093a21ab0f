package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"clusterscope/cmd/clusterscope/demo"
)

const payload = `<img src=x onerror="window.__xss=1">枸杞集群`

// TestNamesAreTextNotMarkup loads a cluster whose name is markup and looks
// at it everywhere a name appears — tables, chart labels, tooltips, the
// profile — checking that it shows as text and never runs.
func TestNamesAreTextNotMarkup(t *testing.T) {
	dir := t.TempDir()
	var app bytes.Buffer
	if err := demo.Write(&app, demo.Options{Candidates: 2, Recognised: -1}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(app.String(), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "NX-ZW-001,2022,cluster_name,,") {
			lines[i] = `NX-ZW-001,2022,cluster_name,,"` + strings.ReplaceAll(payload, `"`, `""`) + `"`
		}
	}
	file := filepath.Join(dir, "xss.csv")
	os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644)
	data := filepath.Join(dir, "data")
	if out, err := run(t, "load", "--data", data, file); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	root := newRoot()
	root.SetArgs([]string{"user", "add", "e2e", "--role", "ministry", "--password-stdin", "--data", data})
	root.SetIn(strings.NewReader(e2ePassword + "\n"))
	root.SetOut(new(bytes.Buffer))
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	urls, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- serve(ctx, localConfig(data, ""), func(u string) { urls <- u }) }()
	defer func() { cancel(); <-done }()
	base := <-urls

	bctx := browser(t)
	signIn(t, bctx, base+"/compare?batch=2022", "e2e", e2ePassword)
	for _, path := range []string{"/compare?batch=2022", "/overview?batch=2022&q=NX-ZW-001", "/assess?batch=2022",
		"/cluster?batch=2022&id=NX-ZW-001", "/monitor?batch=2022"} {
		if err := chromedp.Do(bctx, chromedp.Navigate(base+path)); err != nil {
			t.Fatal(err)
		}
		if err := rendered(bctx); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// Show every chart's tooltip on every data item, as hovering would.
		_, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(() => {
			for (const el of document.querySelectorAll(".chart")) {
				const c = echarts.getInstanceByDom(el);
				const n = ((c.getOption().series[0] || {}).data || []).length;
				for (let i = 0; i < n; i++) c.dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: i});
			}
			return true;
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(path, "/compare") {
			// The tooltip of the name's bar must hold the name as text.
			_, err := chromedp.Run(bctx, chromedp.Poll[bool](`(() => {
				const c = echarts.getInstanceByDom(document.getElementById("chart-output_total"));
				const names = c.getOption().xAxis[0].data;
				c.dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: names.findIndex(n => n.includes("枸杞集群"))});
				return [...document.querySelectorAll("#chart-output_total > div")].some(d => d.textContent.includes("<img src=x"));
			})()`, chromedp.WithPollingTimeout(5*time.Second)))
			if err != nil {
				t.Errorf("the tooltip does not show the name as text: %v", err)
			}
		}
		if strings.HasPrefix(path, "/cluster") && !strings.Contains(eval[string](t, bctx, `document.body.innerText`), "<img src=x") {
			t.Error("the profile does not show the name as text")
		}
		if ran := eval[bool](t, bctx, `window.__xss === 1`); ran {
			t.Errorf("%s: the name ran as script", path)
		}
		if n := eval[int](t, bctx, `document.querySelectorAll('img[src="x"]').length`); n != 0 {
			t.Errorf("%s: the name became %d <img> elements", path, n)
		}
	}
}
