package main

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestAnnexDownloadInBrowser: on the 评审推荐 page an official types the
// 主管部门 and 联系人 boxes and, without leaving the box, clicks 附件1's
// Excel link: the file arrives with both lines filled in; the CSV link
// carries them too.
func TestAnnexDownloadInBrowser(t *testing.T) {
	base := demoServer(t)
	ctx := browser(t)
	signIn(t, ctx, base+"/assess?province=宁夏回族自治区", "e2e", e2ePassword)
	if err := rendered(ctx); err != nil {
		t.Fatal(err)
	}
	const authority, contact = "中卫市工业和信息化局", "张三 13800000000"
	// Typing fires input events; the change (and the page's reload) only
	// comes when the box is left, which the click does.
	typed := eval[bool](t, ctx, `(() => {
		const f = document.querySelector("form.filters");
		if (!f.elements.authority || !f.elements.contact) return false;
		f.elements.authority.value = "`+authority+`";
		f.elements.authority.dispatchEvent(new Event("input", {bubbles: true}));
		f.elements.contact.value = "`+contact+`";
		f.elements.contact.dispatchEvent(new Event("input", {bubbles: true}));
		return true;
	})()`)
	if !typed {
		t.Fatal("the page has no 主管部门 and 联系人 boxes")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#exports a.file[href*="annex1"]').length`); n != 2 {
		t.Fatalf("the page offers %d 附件1 downloads, want .xlsx and .csv", n)
	}
	csv := eval[string](t, ctx, `(document.querySelector('#exports a.file[href*="annex1.csv"]') || {}).href || ""`)
	u, err := url.Parse(csv)
	if err != nil || u.Path != "/api/assess.annex1.csv" || u.Query().Get("authority") != authority ||
		u.Query().Get("contact") != contact || u.Query().Get("province") != "宁夏回族自治区" {
		t.Errorf("the CSV link does not carry the page's selection and boxes: %q", csv)
	}
	file := clickDownload(t, ctx, `#exports a.file[href*="annex1.xlsx"]`)
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("the downloaded 附件1 is no workbook: %v", err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	for ref, want := range map[string]string{"A3": "市级中小企业主管部门：（盖章）" + authority, "A4": "联系人和手机：" + contact} {
		if got, _ := f.GetCellValue(sheet, ref); got != want {
			t.Errorf("downloaded 附件1 %s: %q, want %q", ref, got, want)
		}
	}
	if got, _ := f.GetCellValue(sheet, "B6"); !strings.Contains(got, "集群") {
		t.Errorf("downloaded 附件1 lists no cluster: B6 %q", got)
	}
}

// clickDownload clicks the link as a user does and returns the path of the
// file the browser saved.
func clickDownload(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	dir := t.TempDir()
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	progress := chromedp.Events(wait, cdpbrowser.DownloadProgress)
	_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		t.Fatalf("no link %s to click: %v", css, err)
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download: %v", err)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			return filepath.Join(dir, ev.GUID)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			t.Fatal("the download was cancelled")
		}
	}
	t.Fatal("no download")
	return ""
}
