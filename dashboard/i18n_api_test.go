package dashboard_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/warehouse"
)

// GET /lang is a route like any other: the scope test walks it too.

// english switches a signed-in client to English, as the header's link does.
func english(t *testing.T, ts *testServer, user string) {
	t.Helper()
	status, _, body := getAs(t, ts, user, "/lang?to=en&next=/overview")
	if status != http.StatusOK || !strings.Contains(string(body), `<html lang="en">`) {
		t.Fatalf("switch to English: %d %.300s", status, body)
	}
}

func TestLangSwitch(t *testing.T) {
	ts := newServer(t, fixtureRows)
	noFollow := func() *http.Client {
		jar, _ := cookiejar.New(nil)
		return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	cases := []struct{ query, location string }{
		{"to=en&next=" + url.QueryEscape("/compare?batch=2022&province=宁夏回族自治区"), "/compare?batch=2022&province=宁夏回族自治区"},
		{"to=en&next=" + url.QueryEscape("/login?next=/monitor"), "/login?next=/monitor"},
		{"to=zh", "/"},
		{"to=en&next=https://evil.example/", "/"},
		{"to=en&next=//evil.example/", "/"},
		{"to=en&next=" + url.QueryEscape("/lang?to=zh"), "/"},
	}
	for _, c := range cases {
		res, err := noFollow().Get(ts.URL + "/lang?" + c.query)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != c.location {
			t.Errorf("/lang?%s: %d to %q, want 302 to %q", c.query, res.StatusCode, res.Header.Get("Location"), c.location)
		}
		var lang *http.Cookie
		for _, ck := range res.Cookies() {
			if ck.Name == "lang" {
				lang = ck
			}
		}
		if want := strings.TrimPrefix(strings.Split(c.query, "&")[0], "to="); lang == nil || lang.Value != want || lang.Path != "/" ||
			lang.SameSite != http.SameSiteLaxMode || lang.MaxAge <= 0 {
			t.Errorf("/lang?%s: cookie %+v", c.query, lang)
		}
	}
	for _, q := range []string{"to=fr", "", "to=en&colour=red"} {
		if res, err := noFollow().Get(ts.URL + "/lang?" + q); err != nil || res.StatusCode != http.StatusBadRequest {
			t.Errorf("/lang?%s: %v %v, want 400", q, res.StatusCode, err)
		}
	}

	// On the login page, without an account: the page follows, and so
	// does the next page after signing in.
	jar, _ := cookiejar.New(nil)
	anon := &http.Client{Jar: jar}
	res, err := anon.Get(ts.URL + "/lang?to=en&next=" + url.QueryEscape("/login?next=/monitor"))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{`<html lang="en">`, "<h2>Sign in</h2>", `name="next" value="/monitor"`, `hreflang="zh-CN"`,
		`href="/lang?next=%2Flogin%3Fnext%3D%252Fmonitor&amp;to=zh"`, ">中文</a>"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("English login page lacks %q:\n%s", want, page)
		}
	}
	if hasHan(strings.ReplaceAll(string(page), "中文", "")) {
		t.Errorf("English login page has Chinese:\n%s", page)
	}
	m := csrfField.FindSubmatch(page)
	res, err = anon.PostForm(ts.URL+"/login", url.Values{"csrf": {string(m[1])}, "username": {"ministry"}, "password": {"wrong"}, "next": {"/monitor"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(page), "Wrong user name or password") {
		t.Errorf("failed sign-in in English:\n%s", page)
	}
	res, err = anon.PostForm(ts.URL+"/login", url.Values{"csrf": {string(m[1])}, "username": {"ministry"}, "password": {testPassword}, "next": {"/monitor"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{`<html lang="en">`, "Target monitoring", ">Sign out</button>", "ministry (Ministry · all of China)",
		`href="/lang?next=%2Fmonitor&amp;to=zh"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("English page after sign-in lacks %q:\n%s", want, page)
		}
	}

	// Chinese stays the default, with the link to English.
	_, _, body := get(t, ts, "/compare?batch=2022")
	for _, want := range []string{`<html lang="zh-CN">`, `href="/lang?next=%2Fcompare%3Fbatch%3D2022&amp;to=en"`, ">English</a>", "集群对比"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("Chinese page lacks %q", want)
		}
	}
	english(t, ts, "ministry")
	if status, _, body := get(t, ts, "/nope"); status != 404 || !strings.Contains(string(body), "Page not found") ||
		!strings.Contains(string(body), `lang="en"`) {
		t.Errorf("English error page: %d %s", status, body)
	}
	var e struct{ Error string }
	_, _, body = get(t, ts, "/api/compare?batch=abc")
	json.Unmarshal(body, &e)
	if e.Error != "Batch “abc” is not a whole number" {
		t.Errorf("English error: %q", e.Error)
	}
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// allowedChinese are the pieces that stay Chinese in English: the data as
// entered (names, places, industries), the form's own labels (there is no
// official English form), the regulation's words, and 演示数据.
func allowedChinese(t *testing.T, demoCSV []byte) []string {
	t.Helper()
	set := map[string]bool{"演示数据": true}
	cat := clusterscope.DefaultCatalog()
	for _, f := range cat.Fields {
		set[f.Label] = true
	}
	for _, tg := range cat.Targets {
		set[tg.Label], set[tg.RuleText] = true, true
	}
	for _, h := range clusterscope.Headline {
		set[h.Label] = true
	}
	for _, c := range warehouse.DefaultRuleSet().Criteria {
		set[c.Wording] = true
	}
	for _, c := range warehouse.DefaultCalls() { // a call's name and number are its own
		set[c.Name], set[c.Issuer], set[c.Document] = true, true, true
	}
	rows, err := csv.NewReader(bytes.NewReader(demoCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]bool{"cluster_name": true, "province": true, "city": true, "county": true,
		"leading_industry": true, "industry_type": true}
	for _, r := range rows {
		if len(r) >= 5 && data[r[2]] && r[4] != "" {
			set[r[4]] = true
			if r[2] == "cluster_name" {
				set[clusterscope.ShortName(r[4])] = true
			}
		}
	}
	var out []string
	for s := range set {
		if s != "" {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) }) // longest first
	return out
}

// TestEnglishJSONHasNoChineseInterfaceText: with lang=en, the interface
// text of every page's JSON (summaries, rules, warnings, chart titles,
// subtitles, axis and series names, captions, column labels, filter
// options, verdicts) holds no Chinese but the allowed pieces.
func TestEnglishJSONHasNoChineseInterfaceText(t *testing.T) {
	ts, demoCSV := newDemoServer(t, demo.Options{Candidates: 4, Recognised: 6})
	english(t, ts, "ministry")
	english(t, ts, "admin")
	allowed := allowedChinese(t, demoCSV)
	check := func(where, s string) {
		rest := s
		for _, a := range allowed {
			rest = strings.ReplaceAll(rest, a, "")
		}
		if hasHan(rest) {
			t.Errorf("%s: Chinese in English mode: %q", where, s)
		}
	}
	queries := map[string][]string{
		"overview":  {"batch=2022", "", "batch=2022&q=" + url.QueryEscape("市")},
		"compare":   {"batch=2022&field=enterprises", "batch=2022&field2=rd_intensity&status=recognised"},
		"monitor":   {"batch=2022", "batch=2022&year=2023"},
		"assess":    {"batch=2022", "batch=2022&status="},
		"cluster":   {"", "batch=2022&id=" + firstCluster(t, demoCSV)},
		"admin":     {""},
		"recheck":   {"term_end=2025", "term_end=2025&id=" + regexp.MustCompile(`(?m)^[A-Z]{2}-2022-\d{4}`).FindString(string(demoCSV))},
		"portfolio": {"batch=0", "batch=0&life=review"},
	}
	verdicts := map[string]bool{"status": true, "criteria": true, "recommended": true, "overall": true,
		"action": true, "role": true, "state": true, "synthetic": true}
	checked := 0
	for page, qs := range queries {
		for _, q := range qs {
			where := "/api/" + page + "?" + q
			status, _, body := getAs(t, ts, map[bool]string{true: "admin", false: "ministry"}[page == "admin"], where)
			if status != 200 {
				t.Fatalf("%s: %d %s", where, status, body)
			}
			var v map[string]any
			if err := json.Unmarshal(body, &v); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"title", "summary", "rule", "warning", "note"} {
				if s, ok := v[k].(string); ok {
					check(where+" "+k, s)
					checked++
				}
			}
			for name, f := range v["filters"].(map[string]any) {
				for _, o := range list(f.(map[string]any)["options"]) {
					check(where+" filters."+name, str(o, "label"))
					checked++
				}
			}
			for _, ch := range list(v["charts"]) {
				id := str(ch, "id")
				check(where+" charts."+id+".title", str(ch, "title"))
				opt := ch.(map[string]any)["option"].(map[string]any)
				title, _ := opt["title"].(map[string]any)
				check(where+" charts."+id+" title.text", str(title, "text"))
				check(where+" charts."+id+" title.subtext", str(title, "subtext"))
				if legend, ok := opt["legend"].(map[string]any); ok {
					for _, d := range list(legend["data"]) {
						check(where+" charts."+id+" legend", fmt.Sprint(d))
					}
				}
				for _, axis := range []string{"xAxis", "yAxis"} {
					for _, a := range list(opt[axis]) {
						check(where+" charts."+id+" "+axis+".name", str(a, "name"))
					}
				}
				if r, ok := opt["radar"].(map[string]any); ok {
					for _, ind := range list(r["indicator"]) {
						check(where+" charts."+id+" radar", str(ind, "name"))
					}
				}
				for _, s := range list(opt["series"]) {
					check(where+" charts."+id+" series.name", str(s, "name"))
					for _, mark := range []string{"markLine", "markArea"} {
						if m, ok := s.(map[string]any)[mark].(map[string]any); ok {
							b, _ := json.Marshal(m["data"])
							var names []struct{ Name string }
							var pairs [][]struct{ Name string }
							if json.Unmarshal(b, &names) != nil {
								json.Unmarshal(b, &pairs)
								for _, p := range pairs {
									names = append(names, p...)
								}
							}
							for _, n := range names {
								check(where+" charts."+id+" "+mark, n.Name)
							}
						}
					}
				}
				checked++
			}
			for _, tb := range list(v["tables"]) {
				id := str(tb, "id")
				check(where+" tables."+id+".caption", str(tb, "caption"))
				for _, col := range list(tb.(map[string]any)["columns"]) {
					check(where+" tables."+id+".columns", str(col, "label"))
					key := str(col, "key")
					for _, r := range list(tb.(map[string]any)["rows"]) {
						if verdicts[key] || strings.HasPrefix(key, "c_") || strings.HasPrefix(key, "t_") {
							check(where+" tables."+id+" "+key, fmt.Sprint(r.(map[string]any)[key]))
						}
					}
				}
				checked++
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d pieces checked", checked)
	}
}

func firstCluster(t *testing.T, demoCSV []byte) string {
	rows, _ := csv.NewReader(bytes.NewReader(demoCSV)).ReadAll()
	for _, r := range rows {
		if len(r) >= 2 && r[1] == "2022" {
			return r[0]
		}
	}
	t.Fatal("no cluster of 2022 in the demo data")
	return ""
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any, key string) string {
	m, _ := v.(map[string]any)
	s, _ := m[key].(string)
	return s
}
