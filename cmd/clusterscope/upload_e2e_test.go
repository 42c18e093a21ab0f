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
	"github.com/xuri/excelize/v2"

	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
	"clusterscope/etl/workbook"
)

// TestUploadInBrowser: a 县级 official signs in, downloads the 申报表
// template, uploads a filled demo workbook (of a new cluster of the county,
// with a sheet the template lacks: a warning) and a broken one, sees the
// broken one's problems with sheet and cell in Chinese, acknowledges the
// warning, stores the file and finds the cluster on its profile page.
func TestUploadInBrowser(t *testing.T) {
	base := demoServer(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "演示数据-NX-ZW-901-2022-申报表.xlsx")
	newCountyWorkbook(t, good)
	broken := filepath.Join(dir, "three-decimals.xlsx")
	b, err := os.ReadFile("../../etl/testdata/broken/three-decimals.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(broken, b, 0o644)

	ctx := browser(t)
	signIn(t, ctx, base+"/overview", "e2e-county", e2ePassword)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/upload")); err != nil {
		t.Fatal(err)
	}
	waitState(t, ctx, "ready")
	tpl, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const res = await fetch(document.getElementById("template-application").href);
		const b = new Uint8Array(await res.arrayBuffer());
		return res.status + " " + decodeURIComponent(res.headers.get("Content-Disposition")) + " " + String.fromCharCode(b[0], b[1]);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tpl, "200 ") || !strings.Contains(tpl, "申报表-") || !strings.HasSuffix(tpl, " PK") {
		t.Fatalf("template download: %s", tpl)
	}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(`#upload-files`), []string{good, broken})); err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, `document.getElementById("upload-files").dispatchEvent(new Event("change")) || true`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#upload-send`))); err != nil {
		t.Fatal(err)
	}
	waitState(t, ctx, "checked")
	save(t, ctx, "upload-checked.png")
	refused := eval[string](t, ctx, `document.querySelector('section[data-file="three-decimals.xlsx"]').innerText`)
	for _, want := range []string{"未通过，未载入", "二、主导产业情况", "D4", "集群总产值", "有 3 位小数"} {
		if !strings.Contains(refused, want) {
			t.Errorf("the broken workbook's problems lack %q:\n%s", want, refused)
		}
	}
	checked := eval[string](t, ctx, `document.querySelector('section[data-file="`+filepath.Base(good)+`"]').innerText`)
	if !strings.Contains(checked, "校验通过，待载入") || !strings.Contains(checked, "工作表不属于模板") {
		t.Fatalf("the filled workbook: %s", checked)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input.ack`)), chromedp.Click(chromedp.CSS(`#upload-store`))); err != nil {
		t.Fatal(err)
	}
	waitState(t, ctx, "stored")
	save(t, ctx, "upload-stored.png")
	if got := eval[string](t, ctx, `document.getElementById("upload-summary").textContent`); !strings.Contains(got, "1 个已载入") {
		t.Errorf("after storing: %s", got)
	}
	href := eval[string](t, ctx, `document.querySelector("a.cluster-link").getAttribute("href")`)
	if href != "/cluster?batch=2022&id=NX-ZW-901" {
		t.Fatalf("link to the stored cluster: %q", href)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+href)); err != nil {
		t.Fatal(err)
	}
	if err := rendered(ctx); err != nil {
		t.Fatal(err)
	}
	if text := eval[string](t, ctx, `document.body.innerText`); !strings.Contains(text, newClusterName) {
		t.Errorf("the profile page does not show the uploaded cluster:\n%.500s", text)
	}
}

// newClusterName is the uploaded cluster's, found on no other page.
const newClusterName = "中卫市沙坡头区网页上报枸杞中小企业特色产业集群（枸杞产业）"

// newCountyWorkbook writes the demo's filled application of NX-ZW-001
// (沙坡头区) as that of a new cluster NX-ZW-901, with a sheet of notes.
func newCountyWorkbook(t *testing.T, path string) {
	t.Helper()
	var csv bytes.Buffer
	if err := demo.Write(&csv, demo.Options{Seed: 2022, Candidates: 1, Recognised: -1}); err != nil {
		t.Fatal(err)
	}
	obs, problems := etl.ReadCSV(csv.Bytes(), "demo.csv")
	if hasError(problems) {
		t.Fatal(problems)
	}
	var app workbook.Group
	for _, g := range workbook.Split(obs) {
		if g.Kind == workbook.Application {
			app = g
		}
	}
	for i := range app.Obs {
		app.Obs[i].ClusterID = "NX-ZW-901"
		if app.Obs[i].Field == "cluster_name" {
			app.Obs[i].Text = newClusterName
		}
	}
	var b bytes.Buffer
	if err := workbook.Fill(&b, app.Kind, app.Batch, app.Obs); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	f.NewSheet("备注")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// waitState waits for the upload page's script to reach the state.
func waitState(t *testing.T, ctx context.Context, state string) {
	t.Helper()
	js := `document.querySelector("main").dataset.state`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js+` === "`+state+`"`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("upload page not %s: %v (state %s, status %q)", state, err, eval[string](t, ctx, js),
			eval[string](t, ctx, `document.getElementById("status").textContent`))
	}
}

// TestAccountsInBrowser: an administrator creates a 县级 account on the
// accounts page, is shown its one-time password once, and the account signs
// in with it and sees its county.
func TestAccountsInBrowser(t *testing.T) {
	base := demoServer(t)
	ctx := browser(t)
	signIn(t, ctx, base+"/overview", "e2e-admin", e2ePassword)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/accounts")); err != nil {
		t.Fatal(err)
	}
	waitState(t, ctx, "ready")
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`form.account-add [name=name]`), "e2e-spt"),
		chromedp.SetValue(chromedp.CSS(`form.account-add [name=role]`), "county"),
		chromedp.SendKeys(chromedp.CSS(`form.account-add [name=province]`), "宁夏回族自治区"),
		chromedp.SendKeys(chromedp.CSS(`form.account-add [name=city]`), "中卫市"),
		chromedp.SendKeys(chromedp.CSS(`form.account-add [name=county]`), "沙坡头区"),
		chromedp.Click(chromedp.CSS(`form.account-add button`)),
		chromedp.WaitVisible(chromedp.CSS(`#account-password`)),
	)
	if err != nil {
		t.Fatalf("add an account: %v (status %q)", err, eval[string](t, ctx, `document.getElementById("status").textContent`))
	}
	save(t, ctx, "accounts-added.png")
	pw := eval[string](t, ctx, `document.querySelector("#account-password code").textContent`)
	if len(pw) != 26 || !strings.Contains(eval[string](t, ctx, `document.getElementById("account-result").textContent`), "县级") {
		t.Fatalf("one-time password %q", pw)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector('tr[data-user="e2e-spt"]')`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Error("the new account is not listed")
	}
	county, closeCounty := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer closeCounty()
	// The one-time password opens only the page that sets one's own.
	const own = "e2e-spt-own-password"
	err = chromedp.Do(county,
		chromedp.Navigate(base+"/overview"),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "e2e-spt"),
		chromedp.SendKeys(chromedp.CSS(`#password`), pw),
		chromedp.Click(chromedp.CSS(`form.login button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.one-time`)),
		// The button is enabled once the page's script listens; a click
		// before that would do nothing.
		chromedp.WaitVisible(chromedp.CSS(`main[data-state=ready]`)),
		chromedp.SendKeys(chromedp.CSS(`form.password [name=current]`), pw),
		chromedp.SendKeys(chromedp.CSS(`form.password [name=new]`), own),
		chromedp.SendKeys(chromedp.CSS(`form.password [name=repeat]`), own),
		chromedp.Click(chromedp.CSS(`form.password button`)),
		chromedp.WaitVisible(chromedp.CSS(`main[data-state=done]`)),
		chromedp.Navigate(base+"/overview"),
		chromedp.WaitVisible(chromedp.CSS(`main[data-api]`)),
	)
	if err != nil {
		t.Fatalf("the new account sets its own password: %v", err)
	}
	if who := eval[string](t, county, `document.querySelector("form.account span").textContent`); !strings.Contains(who, "县级") || !strings.Contains(who, "沙坡头区") {
		t.Errorf("signed in as %q", who)
	}
}
