package dashboard_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/dashboard/render"
)

// pagedBody is a page's JSON as a person's browser reads its tables.
type pagedBody struct {
	Summary string `json:"summary"`
	Error   string `json:"error"`
	Pager   *struct {
		Size string `json:"size"`
	} `json:"pager"`
	Tables []struct {
		ID     string           `json:"id"`
		Rows   []map[string]any `json:"rows"`
		Paging struct {
			Page, Pages, Size, Total int
			Sort                     string
			Desc                     bool
			Text                     string
		} `json:"paging"`
	} `json:"tables"`
}

func pagedAs(t *testing.T, ts *testServer, path string) (int, pagedBody) {
	t.Helper()
	status, _, body := get(t, ts, path)
	var p pagedBody
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("%s: %v: %.300s", path, err, body)
	}
	return status, p
}

// compareTotal is how many clusters the compare page says it selected.
func compareTotal(t *testing.T, p pagedBody) int {
	t.Helper()
	m := regexp.MustCompile(`(\d+) 个集群`).FindStringSubmatch(p.Summary)
	if m == nil {
		t.Fatalf("no count in %q", p.Summary)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func names(rows []map[string]any) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i], _ = r["name"].(string)
	}
	return out
}

// pagingServer is the demo's size: batch 2022 has more than two pages of
// clusters (50 a page).
func pagingServer(t *testing.T) *testServer {
	ts, _ := newDemoServer(t, demo.Options{})
	return ts
}

const compare2022 = "/api/compare?batch=2022"

// wholeTable is every row of the compare table, in the page's own order.
func wholeTable(t *testing.T, ts *testServer) []map[string]any {
	t.Helper()
	status, all := pagedAs(t, ts, compare2022+"&rows=all")
	if status != 200 || len(all.Tables) == 0 {
		t.Fatalf("rows=all: %d %s", status, all.Error)
	}
	return all.Tables[0].Rows
}

// TestTablesAnswerOnePage: the compare page sends one page of its table
// (50 rows), says which page of how many and how many rows in all, and
// pages through the same order; a page past the last is the last, and a
// bad page, sort or rows parameter is a 400 naming it.
func TestTablesAnswerOnePage(t *testing.T) {
	ts := pagingServer(t)
	_, first := pagedAs(t, ts, compare2022)
	total := compareTotal(t, first)
	if total <= 100 {
		t.Fatalf("the test needs three pages: %d clusters", total)
	}
	whole := names(wholeTable(t, ts))
	if len(whole) != total {
		t.Fatalf("rows=all: %d rows of %d", len(whole), total)
	}
	pages := (total + 49) / 50
	for _, c := range []struct {
		name, query  string
		page, lo, hi int
	}{
		{"the first page by default", "", 1, 0, 50},
		{"the second page", "&headline.page=2", 2, 50, 100},
		{"the last page", "&headline.page=" + strconv.Itoa(pages), pages, (pages - 1) * 50, total},
		{"past the last page: the last", "&headline.page=9999", pages, (pages - 1) * 50, total},
		{"another table's page leaves this one", "&nosuch.page=3", 1, 0, 50},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, p := pagedAs(t, ts, compare2022+c.query)
			if status != 200 || len(p.Tables) == 0 {
				t.Fatalf("%d %s", status, p.Error)
			}
			tb := p.Tables[0]
			if got := names(tb.Rows); !slices.Equal(got, whole[c.lo:c.hi]) {
				t.Errorf("rows %v, want rows %d–%d of the whole table", got, c.lo+1, c.hi)
			}
			pg := tb.Paging
			if pg.Page != c.page || pg.Pages != pages || pg.Total != total || pg.Size != 50 {
				t.Errorf("paging %+v, want page %d of %d, %d rows", pg, c.page, pages, total)
			}
			if want := fmt.Sprintf("第 %d / %d 页，共 %d 行", c.page, pages, total); pg.Text != want {
				t.Errorf("text %q, want %q", pg.Text, want)
			}
			if p.Pager == nil || !strings.Contains(p.Pager.Size, "每页 50 行") {
				t.Errorf("the page does not state its page size: %+v", p.Pager)
			}
		})
	}
	for _, c := range []struct{ query, says string }{
		{"&headline.page=0", "页码「0」"},
		{"&headline.page=two", "页码「two」"},
		{"&headline.page=1&headline.page=2", "只能给一次"},
		{"&headline.sort=nosuch", "没有可排序的列「nosuch」"},
		{"&headline.sort=-", "排序列不能为空"},
		{"&rows=some", "「rows」只能是「all」"},
	} {
		if status, p := pagedAs(t, ts, compare2022+c.query); status != http.StatusBadRequest || !strings.Contains(p.Error, c.says) {
			t.Errorf("%s: %d %q, want 400 saying %q", c.query, status, p.Error, c.says)
		}
	}
}

// walk reads every page of the compare table sorted as sort asks.
func walk(t *testing.T, ts *testServer, sort string) (rows []map[string]any, total int) {
	t.Helper()
	for page := 1; ; page++ {
		status, p := pagedAs(t, ts, compare2022+"&headline.sort="+url.QueryEscape(sort)+"&headline.page="+strconv.Itoa(page))
		if status != 200 {
			t.Fatalf("%s page %d: %d %s", sort, page, status, p.Error)
		}
		if len(p.Tables) == 0 {
			t.Fatalf("%s page %d: no table", sort, page)
		}
		tb := p.Tables[0]
		if key, desc := strings.TrimPrefix(sort, "-"), strings.HasPrefix(sort, "-"); tb.Paging.Sort != key || tb.Paging.Desc != desc {
			t.Fatalf("the answer says it sorted by %q (desc %v), asked %q", tb.Paging.Sort, tb.Paging.Desc, sort)
		}
		rows = append(rows, tb.Rows...)
		if page >= tb.Paging.Pages {
			return rows, tb.Paging.Total
		}
	}
}

// number is a numeric cell; ok is false when it is missing.
func number(v any) (float64, bool) {
	x, ok := v.(float64)
	return x, ok
}

// provincePinyin is each province's name in pinyin, a syllable and its
// tone per character, as CLDR's Chinese collation orders them (重庆 under
// zhòng, the character's commoner reading).
var provincePinyin = map[string]string{
	"北京市": "bei3 jing1", "天津市": "tian1 jin1", "河北省": "he2 bei3", "山西省": "shan1 xi1", "内蒙古自治区": "nei4 meng2",
	"辽宁省": "liao2 ning2", "吉林省": "ji2 lin2", "黑龙江省": "hei1 long2", "上海市": "shang4 hai3", "江苏省": "jiang1 su1",
	"浙江省": "zhe4 jiang1", "安徽省": "an1 hui1", "福建省": "fu2 jian4", "江西省": "jiang1 xi1", "山东省": "shan1 dong1",
	"河南省": "he2 nan2", "湖北省": "hu2 bei3", "湖南省": "hu2 nan2", "广东省": "guang3 dong1", "广西壮族自治区": "guang3 xi1",
	"海南省": "hai3 nan2", "重庆市": "zhong4 qing4", "四川省": "si4 chuan1", "贵州省": "gui4 zhou1", "云南省": "yun2 nan2",
	"西藏自治区": "xi1 zang4", "陕西省": "shan3 xi1", "甘肃省": "gan1 su4", "青海省": "qing1 hai3", "宁夏回族自治区": "ning2 xia4",
	"新疆维吾尔自治区": "xin1 jiang1",
}

// TestSortIsOverTheWholeTable: sorted by a column, the pages read in turn
// are the whole table in that order — numbers by value, provinces by
// pinyin (not by code point: 北 U+5317 comes before 安 U+5B89), missing
// values last in either direction — with no row lost or repeated.
func TestSortIsOverTheWholeTable(t *testing.T) {
	ts := pagingServer(t)
	want := names(wholeTable(t, ts))
	slices.Sort(want)
	for _, c := range []struct {
		sort    string
		inOrder func(a, b map[string]any) bool // a may come before b
	}{
		{"-rd_intensity", numbersBy("rd_intensity", true)},
		{"output_total", numbersBy("output_total", false)},
		{"-co2_per_output", numbersBy("co2_per_output", true)},
		{"province", func(a, b map[string]any) bool {
			pa, pb := provincePinyin[a["province"].(string)], provincePinyin[b["province"].(string)]
			if pa == "" || pb == "" {
				t.Fatalf("no pinyin for %v or %v: add it", a["province"], b["province"])
			}
			return pa <= pb
		}},
	} {
		t.Run(c.sort, func(t *testing.T) {
			rows, total := walk(t, ts, c.sort)
			got := names(rows)
			slices.Sort(got)
			if len(rows) != total || !slices.Equal(got, want) {
				t.Fatalf("%d rows over the pages, %d in the table; the same clusters: %v", len(rows), total, slices.Equal(got, want))
			}
			for i := 1; i < len(rows); i++ {
				if !c.inOrder(rows[i-1], rows[i]) {
					t.Errorf("row %d (%v) before row %d (%v)", i, rows[i-1], i+1, rows[i])
				}
			}
		})
	}
}

// numbersBy orders rows by a numeric column, missing values last.
func numbersBy(key string, desc bool) func(a, b map[string]any) bool {
	return func(a, b map[string]any) bool {
		x, okA := number(a[key])
		y, okB := number(b[key])
		switch {
		case !okA:
			return !okB
		case !okB:
			return true
		case desc:
			return x >= y
		}
		return x <= y
	}
}

// TestDownloadsHoldTheWholeTableSorted: asked from the second page of a
// sorted table, the CSV and the XLSX hold every row, in the view's order.
func TestDownloadsHoldTheWholeTableSorted(t *testing.T) {
	ts := pagingServer(t)
	rows, total := walk(t, ts, "-rd_intensity")
	want := names(rows)
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			status, _, body := get(t, ts, "/api/compare."+format+"?batch=2022&headline.page=2&headline.sort=-rd_intensity&table=0")
			if status != 200 {
				t.Fatalf("%d %.200s", status, body)
			}
			var records [][]string
			if format == "csv" {
				var err error
				r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff"))))
				r.FieldsPerRecord = -1
				if records, err = r.ReadAll(); err != nil {
					t.Fatal(err)
				}
			} else {
				f, err := excelize.OpenReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				all, _ := f.GetRows("Sheet1")
				records = all[2:] // after the caption and the demo note
			}
			var got []string
			for _, r := range records[1 : 1+min(total, len(records)-1)] { // after the header
				got = append(got, r[0])
			}
			if !slices.Equal(got, want) {
				t.Errorf("%d rows, want all %d in the view's order; first %v, want %v", len(got), total, got[:min(3, len(got))], want[:3])
			}
		})
	}
}

// urlRenderer stands in for Chromium and notes the page it was asked to render.
type urlRenderer struct {
	mu   sync.Mutex
	urls []string
}

func (r *urlRenderer) Render(_ context.Context, req render.Request) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.urls = append(r.urls, req.URL)
	return []byte("%PDF-1.7 fake"), nil
}

// TestBriefingsRenderTheWholeTable: a PDF or Word export asked from page 2
// of a sorted table renders the page with every row, sorted the same, and
// that page's JSON holds them all.
func TestBriefingsRenderTheWholeTable(t *testing.T) {
	ts := pagingServer(t)
	fake := &urlRenderer{}
	ts.srv.SetRenderer(fake)
	ts.srv.BaseURL = ts.URL
	rows, total := walk(t, ts, "-rd_intensity")
	for _, format := range []string{"pdf", "docx"} {
		status, _, body := get(t, ts, "/export/compare."+format+"?batch=2022&headline.page=2&headline.sort=-rd_intensity")
		if status != 200 {
			t.Fatalf("%s: %d %.200s", format, status, body)
		}
		fake.mu.Lock()
		u, err := url.Parse(fake.urls[len(fake.urls)-1])
		fake.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		if q.Get("rows") != "all" || q.Get("headline.sort") != "-rd_intensity" || q.Has("headline.page") {
			t.Fatalf("%s renders %s: want every row, sorted by -rd_intensity", format, u)
		}
		status, p := pagedAs(t, ts, "/api"+u.Path+"?"+u.RawQuery)
		if status != 200 || len(p.Tables) == 0 {
			t.Fatalf("%s: the rendered page's JSON: %d %s", format, status, p.Error)
		}
		if got := names(p.Tables[0].Rows); !slices.Equal(got, names(rows)) || len(got) != total {
			t.Errorf("%s: the rendered page holds %d rows, want all %d in the view's order", format, len(got), total)
		}
	}
	if status, _, _ := get(t, ts, "/export/compare.pdf?batch=2022&headline.sort=nosuch"); status != http.StatusBadRequest {
		t.Errorf("an export sorted by no column: %d, want 400", status)
	}
}

// TestPagedTablesKeepToScope: a city's official sorting and paging the
// national demo's table, or asking every row, gets its own city's
// clusters only, counted as such.
func TestPagedTablesKeepToScope(t *testing.T) {
	ts := pagingServer(t)
	for _, q := range []string{"&rows=all&headline.sort=name", "&headline.sort=-output_total&headline.page=1"} {
		status, _, body := getAs(t, ts, "zhongwei", compare2022+q)
		var p pagedBody
		if err := json.Unmarshal(body, &p); err != nil || status != 200 || len(p.Tables) == 0 {
			t.Fatalf("%s: %d %.200s", q, status, body)
		}
		tb := p.Tables[0]
		if tb.Paging.Total == 0 || tb.Paging.Total != compareTotal(t, p) || len(tb.Rows) != tb.Paging.Total {
			t.Errorf("%s: %d rows of %d, the page counts %d", q, len(tb.Rows), tb.Paging.Total, compareTotal(t, p))
		}
		for _, r := range tb.Rows {
			if r["city"] != "中卫市" {
				t.Errorf("%s: 中卫 sees %v of %v", q, r["name"], r["city"])
			}
		}
	}
}

// TestReviewDeskPages: the 评审推荐 desk of more than 50 applications
// sends them 50 at a time in the ranking's order (desk.page), the pages
// together being every application once; it cannot be sorted.
func TestReviewDeskPages(t *testing.T) {
	ts := pagingServer(t)
	type deskBody struct {
		Error string `json:"error"`
		Desk  struct {
			Rows   []struct{ ID string } `json:"rows"`
			Paging struct{ Page, Pages, Total int }
		} `json:"desk"`
	}
	desk := func(q string) (int, deskBody) {
		t.Helper()
		status, _, body := get(t, ts, "/api/assess?batch=2022&status=recognised"+q)
		var d deskBody
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		return status, d
	}
	_, all := desk("&rows=all")
	if n := len(all.Desk.Rows); n <= 50 || n != all.Desk.Paging.Total {
		t.Fatalf("rows=all: %d applications on the desk, total %d: the test needs more than 50", n, all.Desk.Paging.Total)
	}
	var paged []string
	for page := 1; ; page++ {
		status, d := desk("&desk.page=" + strconv.Itoa(page))
		if status != 200 || len(d.Desk.Rows) > 50 || d.Desk.Paging.Page != page {
			t.Fatalf("page %d: %d, %d rows, says page %d", page, status, len(d.Desk.Rows), d.Desk.Paging.Page)
		}
		for _, r := range d.Desk.Rows {
			paged = append(paged, r.ID)
		}
		if page >= d.Desk.Paging.Pages {
			break
		}
	}
	var want []string
	for _, r := range all.Desk.Rows {
		want = append(want, r.ID)
	}
	if !slices.Equal(paged, want) {
		t.Errorf("the desk's pages hold %d applications, not the %d of the whole desk in its order", len(paged), len(want))
	}
	if status, d := desk("&desk.sort=name"); status != http.StatusBadRequest || !strings.Contains(d.Error, "按排名排列") {
		t.Errorf("desk.sort: %d %q, want 400", status, d.Error)
	}
}
