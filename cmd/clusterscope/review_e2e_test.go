package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestReviewDeskInBrowser: on the 评审推荐 page a 中卫 city official takes
// two applications through 受理 (both at once), 初审, 实地审查 and 推荐; a
// third is 退回修改, corrected and loaded again, and received again; a
// fourth is 取消资格 for 虚假申报. The timeline shows each step, and the
// 附件1 the page offers holds exactly the two recommended. With 24 demo
// candidates 中卫 has five, none reviewed by the demo.
func TestReviewDeskInBrowser(t *testing.T) {
	dir := demoData(t, "--candidates", "24")
	base := serveDir(t, dir)
	ctx := browser(t)
	signIn(t, ctx, base+"/assess", "e2e-city", e2ePassword)
	if err := rendered(ctx); err != nil {
		t.Fatal(err)
	}
	if got := deskIDs(t, ctx); !slices.Equal(got, []string{"NX-ZW-001", "NX-ZW-002", "NX-ZW-003", "NX-ZW-004", "NX-ZW-005"}) {
		t.Fatalf("the desk lists %v, want 中卫's five", got)
	}
	four := []string{"NX-ZW-001", "NX-ZW-002", "NX-ZW-003", "NX-ZW-004"}
	recorded := 0
	do := func(ids []string, step, outcome string, fields map[string]string, why string, want string) {
		t.Helper()
		deskAct(t, ctx, ids, step, outcome, fields, why)
		recorded += len(ids)
		waitRecorded(t, ctx, recorded)
		for _, id := range ids {
			waitReviewState(t, ctx, id, want)
		}
	}
	do(four, "receive", "", map[string]string{"received_on": "2022-10-10"}, "申报材料齐全", "已受理")
	two := []string{"NX-ZW-001", "NX-ZW-004"}
	for _, id := range two {
		do([]string{id}, "precheck", "pass", map[string]string{"segment": ""}, "符合认定标准，发展目标符合要求", "初审通过")
		do([]string{id}, "visit", "pass", map[string]string{"visited_on": "2022-10-12", "team": "王五、赵六", "findings": "园区运营正常"},
			"现场情况与申报一致", "实地审查通过")
	}
	do(two, "recommend", "recommend", nil, "择优推荐", "市级已推荐")

	// 退回修改, then the county's corrected application is loaded again.
	do([]string{"NX-ZW-002"}, "return", "", map[string]string{"problems": "主导产业产值占比与统计数据不符\n缺少佐证材料"},
		"请补正后重新报送", "已退回修改")
	resubmit(t, dir, "NX-ZW-002")
	do([]string{"NX-ZW-002"}, "receive", "", map[string]string{"received_on": "2022-10-15"}, "更正后的申报表已收到", "已受理")
	do([]string{"NX-ZW-003"}, "cancel", "", map[string]string{"ground": "false_declaration", "finding": "企业数量虚报 12 家"},
		"经核查属实", "已取消资格")

	timeline := deskTimeline(t, ctx, "NX-ZW-002")
	for _, want := range []string{"受理 → 已受理", "退回修改 → 已退回修改", "主导产业产值占比与统计数据不符", "受理的是退回修改后重新提交的申报表", "e2e-city"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the timeline of NX-ZW-002 lacks %q:\n%s", want, timeline)
		}
	}
	if n := eval[int](t, ctx, `[...document.querySelectorAll("#desk-table tr[data-id]")].length`); n != 5 {
		t.Errorf("the desk lists %d applications after the steps", n)
	}
	link := eval[string](t, ctx, `(document.querySelector('#exports a.file[href*="annex1.xlsx"]') || {}).textContent || ""`)
	if !strings.Contains(link, "按已记录的推荐") {
		t.Errorf("the 附件1 link does not say it lists the recorded recommendations: %q", link)
	}
	f, err := excelize.OpenFile(clickDownload(t, ctx, `#exports a.file[href*="annex1.xlsx"]`))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetName(0))
	var names []string
	for _, r := range rows[5:] {
		if len(r) == 6 {
			names = append(names, r[1])
		}
	}
	if len(names) != 2 || !strings.Contains(names[0]+names[1], "枸杞") || !strings.Contains(names[0]+names[1], "葡萄酒") {
		t.Errorf("附件1 lists %q, want exactly NX-ZW-001 (枸杞) and NX-ZW-004 (葡萄酒)", names)
	}
	save(t, ctx, "review-desk.png")
}

// deskIDs are the applications the desk lists, in order.
func deskIDs(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return eval[[]string](t, ctx, `[...document.querySelectorAll("#desk-table tr[data-id]")].map(tr => tr.dataset.id).sort()`)
}

// deskAct takes a step as an official does: ticks the applications, picks
// the step, fills its form and records it.
func deskAct(t *testing.T, ctx context.Context, ids []string, step, outcome string, fields map[string]string, why string) {
	t.Helper()
	args, _ := json.Marshal(map[string]any{"ids": ids, "step": step, "outcome": outcome, "fields": fields, "why": why})
	problem := eval[string](t, ctx, `((a) => {
		document.querySelectorAll("input.desk-pick").forEach(c => { c.checked = false; });
		for (const id of a.ids) {
			const c = document.querySelector('#desk-table tr[data-id="' + id + '"] input.desk-pick');
			if (!c) return "no row " + id;
			c.checked = true;
			c.dispatchEvent(new Event("change", {bubbles: true}));
		}
		const f = document.getElementById("desk-form");
		if (f.hidden) return "the form is hidden";
		const sel = f.elements.step;
		if (![...sel.options].some(o => o.value === a.step)) return a.step + " is not offered: " + [...sel.options].map(o => o.value);
		sel.value = a.step;
		sel.dispatchEvent(new Event("change"));
		if (a.outcome) f.elements.outcome.value = a.outcome;
		for (const [k, v] of Object.entries(a.fields || {})) {
			const e = f.querySelector('[name="f_' + k + '"]');
			if (!e) return "no field " + k;
			e.value = v;
		}
		f.elements.why.value = a.why;
		f.querySelector('button[type=submit]').click();
		return "";
	})(`+string(args)+`)`)
	if problem != "" {
		t.Fatalf("%s on %v: %s", step, ids, problem)
	}
}

// waitRecorded waits until the desk has recorded n steps in all, and fails
// with the desk's message when a step is refused.
func waitRecorded(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("desk").dataset.recorded === "`+strconv.Itoa(n)+`" ||
		document.getElementById("desk-status").classList.contains("error")`, chromedp.WithPollingTimeout(20*time.Second)))
	if msg := eval[string](t, ctx, `document.getElementById("desk-status").textContent`); err != nil ||
		eval[bool](t, ctx, `document.getElementById("desk-status").classList.contains("error")`) {
		t.Fatalf("step not recorded: %v %s", err, msg)
	}
}

// waitState waits until the desk shows the application in the state.
func waitReviewState(t *testing.T, ctx context.Context, id, state string) {
	t.Helper()
	js := `((document.querySelector('#desk-table tr[data-id="` + id + `"] .desk-state') || {}).textContent || "") === "` + state + `"`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("%s never shows %s: %s", id, state,
			eval[string](t, ctx, `(document.querySelector('#desk-table tr[data-id="`+id+`"]') || {}).textContent || "no row"`))
	}
}

// deskTimeline opens an application's timeline and returns its text.
func deskTimeline(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	eval[bool](t, ctx, `(document.querySelector('#desk-table tr[data-id="`+id+`"] .desk-history-open').click(), true)`)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#desk-history ol li").length > 0`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal(err)
	}
	return eval[string](t, ctx, `document.getElementById("desk-history").innerText`)
}

// resubmit loads the application again through the CLI, corrected as the
// county would send it back: its rows of the demo data, one figure changed.
func resubmit(t *testing.T, dir, id string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "demo", demoFile))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.WriteString("cluster_id,batch,field,year,value\n")
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, id+",") {
			if strings.HasPrefix(line, id+",2022,area_km2,") {
				line = id + ",2022,area_km2,,12.5"
			}
			out.WriteString(line + "\n")
		}
	}
	path := filepath.Join(t.TempDir(), id+"-更正.csv")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	root := newRoot()
	var log bytes.Buffer
	root.SetArgs([]string{"load", "--data", dir, path})
	root.SetOut(&log)
	root.SetErr(&log)
	if err := root.Execute(); err != nil {
		t.Fatalf("load the corrected application: %v\n%s", err, log.String())
	}
}
