package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestRecheckDeskInBrowser: on the demo's day, 宁夏's province official
// opens the 复核 desk for 2025 and records the 初审 of its two 2022
// clusters, one passed and one not; the ministry officer then extends the
// first and withdraws the second. The desk shows each decision, the
// first's 集群档案 shows the new term in its timeline, and the portfolio's
// counts of the 2022 batch move from 复核中 to 延长 and 撤销.
func TestRecheckDeskInBrowser(t *testing.T) {
	base := demoServer(t)
	ctx := browser(t)
	signIn(t, ctx, base+"/portfolio", "e2e", e2ePassword)
	before := batchCounts(t, ctx, base)
	if before["复核中"] != "100" || before["延长"] != "0" || before["撤销"] != "0" {
		t.Fatalf("the 2022 batch before the 复核: %v", before)
	}

	nx, closeNX := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer closeNX()
	signIn(t, nx, base+"/recheck?term_end=2025", "e2e-nx", e2ePassword)
	decide(t, nx, base, "NX-2022-0001", "province_pass", "", "经省级初审：认定标准与规划目标均达到")
	decide(t, nx, base, "NX-2022-0002", "province_fail", "", "2022 年度报告缺报，未能补齐")
	if text := eval[string](t, nx, `document.getElementById("decide").hidden ? "" : document.getElementById("decide").innerText`); strings.Contains(text, "复核通过") {
		t.Errorf("the province is offered the ministry's decision: %s", text)
	}

	decide(t, ctx, base, "NX-2022-0001", "renewed", "", "复核通过：认定标准与三年规划目标均达到")
	decide(t, ctx, base, "NX-2022-0002", "withdrawn", "recheck_failed", "省级初审不通过，复核不通过")
	desk := eval[string](t, ctx, `document.getElementById("table-due").innerText`)
	for _, want := range []string{"初审通过（e2e-nx，2025-06-30）", "复核通过，有效期延长（e2e，2025-06-30）", "撤销认定：复核未通过（e2e，2025-06-30）"} {
		if !strings.Contains(desk, want) {
			t.Errorf("the desk does not show %q", want)
		}
	}
	save(t, ctx, "recheck-decided.png")

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/cluster?batch=2022&id=NX-2022-0001")); err != nil {
		t.Fatal(err)
	}
	if err := rendered(ctx); err != nil {
		t.Fatal(err)
	}
	timeline := eval[string](t, ctx, `document.getElementById("table-timeline").innerText`)
	for _, want := range []string{"省级初审通过（有效期至 2025 年的复核）", "复核通过，有效期延长为 2026–2028 年", "延长，有效期至 2028 年"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the timeline does not show %q:\n%s", want, timeline)
		}
	}
	after := batchCounts(t, ctx, base)
	if after["复核中"] != "98" || after["延长"] != "1" || after["撤销"] != "1" || after["在库"] != "99" {
		t.Errorf("the 2022 batch after the 复核: %v", after)
	}
}

// batchCounts opens the portfolio and reads the 2022 batch's row of its
// counts by status, by column.
func batchCounts(t *testing.T, ctx context.Context, base string) map[string]string {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/portfolio")); err != nil {
		t.Fatal(err)
	}
	if err := rendered(ctx); err != nil {
		t.Fatal(err)
	}
	return eval[map[string]string](t, ctx, `(() => {
		const tbl = document.getElementById("table-by-batch");
		const heads = [...tbl.querySelectorAll("thead th")].map(th => th.textContent);
		const row = [...tbl.querySelectorAll("tbody tr")].find(tr => tr.cells[0].textContent.startsWith("2022"));
		const out = {};
		heads.forEach((h, i) => { out[h] = row.cells[i].textContent; });
		return out;
	})()`)
}

// decide opens the desk on one cluster and records a decision through its
// form, as a user would, and waits for the desk to show it.
func decide(t *testing.T, ctx context.Context, base, id, state, cause, why string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/recheck?term_end=2025&id="+id)); err != nil {
		t.Fatal(err)
	}
	if err := rendered(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById("decide").hidden`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("%s: no decision form: %v", id, err)
	}
	before := eval[string](t, ctx, `document.getElementById("table-due").innerText`)
	err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`form.decide select[name="state"]`), state),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form.decide select[name="state"]').dispatchEvent(new Event("change"))`),
		chromedp.SendKeys(chromedp.CSS(`form.decide input[name="why"]`), why),
	)
	if err == nil && cause != "" {
		err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`form.decide select[name="cause"]`), cause))
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form.decide button[type="submit"]`)))
	}
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("table-due").innerText !== `+jsString(before)+
		` || document.querySelector(".decide-status").textContent !== ""`, chromedp.WithPollingTimeout(15*time.Second)))
	if status := eval[string](t, ctx, `document.querySelector(".decide-status").textContent`); err != nil || status != "" {
		t.Fatalf("%s %s: not recorded: %v %s", id, state, err, status)
	}
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	return "`" + strings.NewReplacer("\\", "\\\\", "`", "\\`", "$", "\\$").Replace(s) + "`"
}
