package dashboard

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"clusterscope"
	"clusterscope/dashboard/words"
	"clusterscope/warehouse"
)

// translated are the functions whose argument at the index is Chinese
// that must have an English entry.
var translated = map[string]int{"tr": 1, "trf": 1, "errorf": 2, "msg": 0, "newView": 1}

// keptChinese are files whose Chinese literals stay Chinese in either
// language, and why.
var keptChinese = map[string]string{
	"annex.go": "附件1 is the ministry's own form, filed in Chinese",
}

// sources parses the package's non-test files.
func sources(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	names, _ := filepath.Glob("*.go")
	files := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = f
	}
	return fset, files
}

// stringConsts are the package's string constants given by a literal.
func stringConsts(files map[string]*ast.File) map[string]*ast.BasicLit {
	out := map[string]*ast.BasicLit{}
	for _, f := range files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							out[n.Name] = lit
						}
					}
				}
			}
		}
	}
	return out
}

// funcName is the name of the function or method called.
func funcName(call *ast.CallExpr) string {
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// TestEveryLiteralIsTranslated: every string given to tr, trf, errorf or
// msg, as a literal or a constant of the package, has an English entry.
func TestEveryLiteralIsTranslated(t *testing.T) {
	fset, files := sources(t)
	consts := stringConsts(files)
	var missing []string
	seen := 0
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			i, ok := translated[funcName(call)]
			if !ok || i >= len(call.Args) {
				return true
			}
			var lit *ast.BasicLit
			switch a := call.Args[i].(type) {
			case *ast.BasicLit:
				lit = a
			case *ast.Ident:
				lit = consts[a.Name]
			}
			if lit == nil || lit.Kind != token.STRING {
				return true // a value: see TestDynamicStringsAreTranslated
			}
			s, _ := strconv.Unquote(lit.Value)
			seen++
			if !words.Has(en, s) && s != "" {
				missing = append(missing, fset.Position(call.Pos()).String()+": "+strconv.Quote(s))
			}
			return true
		})
	}
	if seen < 100 {
		t.Errorf("only %d translated literals found: is the walk broken?", seen)
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no English for %s", m)
	}
}

// TestNoChineseOutsideTr: a Chinese literal in the package is given to tr,
// trf, errorf, msg or native (kept as is on purpose), is a constant given to
// one of them: nothing is missed by the switch.
func TestNoChineseOutsideTr(t *testing.T) {
	fset, files := sources(t)
	marked := map[*ast.BasicLit]bool{}
	viaConst := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				i, ok := translated[funcName(x)]
				if funcName(x) == "native" {
					i, ok = 0, true
				}
				if ok && i < len(x.Args) {
					switch a := x.Args[i].(type) {
					case *ast.BasicLit:
						marked[a] = true
					case *ast.Ident:
						viaConst[a.Name] = true
					}
				}
			}
			return true
		})
	}
	consts := stringConsts(files)
	for name, lit := range consts {
		if viaConst[name] {
			marked[lit] = true
		}
	}
	for name, f := range files {
		if keptChinese[name] != "" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING || marked[lit] {
				return true
			}
			if s, _ := strconv.Unquote(lit.Value); hasHan(s) {
				t.Errorf("%s: Chinese literal %s is not translated: give it to tr, trf, errorf or msg",
					fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
	}
}

// TestTemplatesAreTranslated: every {{.T "…"}} of the page templates has an
// English entry, and no Chinese is left outside one.
func TestTemplatesAreTranslated(t *testing.T) {
	call := regexp.MustCompile(`\{\{\$?\.T "([^"]+)"[^}]*\}\}`)
	names, _ := filepath.Glob("templates/*.html")
	signIn, _ := filepath.Glob("auth/templates/*.html") // the sign-in and denied pages
	if len(names) == 0 || len(signIn) == 0 {
		t.Fatal("no templates found")
	}
	for _, name := range append(names, signIn...) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(b), -1) {
			if !words.Has(en, m[1]) {
				t.Errorf("%s: no English for %q", name, m[1])
			}
		}
		if rest := call.ReplaceAllString(string(b), ""); hasHan(rest) {
			t.Errorf("%s has Chinese outside {{.T}}: %q", name, rest)
		}
	}
}

// TestDynamicStringsAreTranslated: the words of the root package that the
// dashboard passes through tr as values.
func TestDynamicStringsAreTranslated(t *testing.T) {
	want := []string{clusterscope.DemoNote, clusterscope.TieBreakRule, clusterscope.All.Label(),
		// score.go's reasons for a tie-break
		"集群编号在后", "主导产业得分较低", "批次前一年集群总产值较低或缺数据"}
	for _, o := range []clusterscope.Outcome{clusterscope.Review, clusterscope.Pass, clusterscope.Warn, clusterscope.Fail, clusterscope.Missing} {
		want = append(want, o.Label())
	}
	for _, lv := range clusterscope.Levels {
		want = append(want, lv.Label())
	}
	for p := 1; p <= 8; p++ {
		want = append(want, string(clusterscope.PartWord(p)))
	}
	for _, s := range statusOrder {
		want = append(want, clusterscope.MilestoneLabel(s))
	}
	for _, r := range []clusterscope.Role{clusterscope.RoleMinistry, clusterscope.RoleProvince, clusterscope.RoleCity, clusterscope.RoleCounty,
		clusterscope.RoleViewer, clusterscope.RoleAdmin} {
		want = append(want, r.Label())
	}
	for _, a := range []clusterscope.AuditAction{clusterscope.AuditLogin, clusterscope.AuditLoginFailed, clusterscope.AuditLogout,
		clusterscope.AuditLoad, clusterscope.AuditExport, clusterscope.AuditRuleset, clusterscope.AuditUserAdd,
		clusterscope.AuditUserDisable, clusterscope.AuditUserPasswd, clusterscope.AuditUserUnlock, clusterscope.AuditOverride, clusterscope.AuditMove,
		clusterscope.AuditBackup, clusterscope.AuditRestore, clusterscope.AuditUpload, clusterscope.AuditUserEnable, clusterscope.AuditCall,
		clusterscope.AuditReview, clusterscope.AuditListNotice, clusterscope.AuditLifecycle} {
		if !a.Valid() {
			t.Fatalf("audit action %s unknown", a)
		}
		want = append(want, a.Label())
	}
	for _, d := range clusterscope.Dimensions {
		want = append(want, d.Label)
	}
	for _, o := range []clusterscope.UploadOutcome{clusterscope.UploadRefused, clusterscope.UploadChecked,
		clusterscope.UploadLoaded, clusterscope.UploadRepeated} {
		want = append(want, o.Label())
	}
	for _, st := range append(clusterscope.TermStatuses, clusterscope.TermPending) {
		want = append(want, st.Label())
	}
	for _, c := range clusterscope.WithdrawCauses {
		want = append(want, c.Label())
	}
	for _, st := range clusterscope.ReportStatuses {
		want = append(want, st.Label())
	}
	cat := clusterscope.DefaultCatalog()
	for _, f := range cat.Fields {
		if f.Unit != "" && f.Unit != "%" {
			want = append(want, f.Unit)
		}
	}
	for _, tg := range cat.Targets {
		if tg.Unit != "" && tg.Unit != "%" {
			want = append(want, tg.Unit)
		}
		want = append(want, tg.Direction)
	}
	for _, h := range clusterscope.Headline {
		if h.Unit != "%" {
			want = append(want, h.Unit)
		}
	}
	for _, s := range want {
		if !words.Has(en, s) {
			t.Errorf("no English for %q", s)
		}
	}
}

func TestLangNext(t *testing.T) {
	for raw, want := range map[string]string{
		"/compare?batch=2022&province=宁夏回族自治区": "/compare?batch=2022&province=宁夏回族自治区",
		"/login?next=%2Fmonitor":               "/login?next=%2Fmonitor",
		"":                                     "/",
		"https://evil.example/":                "/",
		"//evil.example/":                      "/",
		"/\\evil.example":                      "/",
		"/compare\r\nSet-Cookie: x=1":          "/",
		"/lang?to=en":                          "/",
		"/logout":                              "/",
		"compare":                              "/",
	} {
		if got := langNext(raw); got != want {
			t.Errorf("langNext(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestReasonInEnglish: clusterscope's reasons for (not) recommending a
// cluster are said in the reader's language from the messages Recommend
// gives, names kept as entered.
func TestReasonInEnglish(t *testing.T) {
	const nx = "宁夏回族自治区"
	var rs []clusterscope.ScoreResult
	assessed := map[string]clusterscope.Outcome{}
	for i, c := range []struct{ id, city, industry string }{
		{"WZ-1", "吴忠市", "乳制品"}, {"WZ-2", "吴忠市", "滩羊"}, {"WZ-3", "吴忠市", "枸杞"}, {"ZW-1", "中卫市", "硒砂瓜"},
	} {
		rs = append(rs, clusterscope.ScoreResult{Rank: i + 1, Score: float64(100 - i), Cluster: clusterscope.Cluster{
			ID: c.id, Batch: 2022, Name: c.industry, Province: nx, City: c.city, LeadingIndustry: c.industry}})
		assessed[c.id] = clusterscope.Pass
	}
	assessed["ZW-1"] = clusterscope.Fail
	var ningxia *clusterscope.Call
	for _, c := range warehouse.DefaultCalls() {
		if c.ID == "ningxia-2022" {
			ningxia = c
		}
	}
	rec := clusterscope.Recommend(rs, assessed, clusterscope.Selection{Call: ningxia,
		Overrides: []clusterscope.Override{{ClusterID: "ZW-1", By: "ministry", Reason: "经实地审查"}}})
	for i, want := range []struct{ zh, en string }{
		{"推荐：吴忠市第 1 个，宁夏回族自治区第 1 个", "recommended: no. 1 in 吴忠市, no. 1 in 宁夏回族自治区"},
		{"推荐：吴忠市第 2 个，宁夏回族自治区第 3 个", "recommended: no. 2 in 吴忠市, no. 3 in 宁夏回族自治区"},
		{"吴忠市名额已满（每市至多 2 个，已推荐「乳制品」「滩羊」）", "quota of 吴忠市 full (at most 2 per city; recommended: “乳制品”, “滩羊”)"},
		{"推荐：中卫市第 1 个，宁夏回族自治区第 2 个；破格推荐（ministry：经实地审查）", // each city's first comes first
			"recommended: no. 1 in 中卫市, no. 2 in 宁夏回族自治区; override (ministry: 经实地审查)"},
	} {
		if got := sayAll(zh, rec.Items[i].Reason); got != want.zh {
			t.Errorf("item %d in Chinese: %q, want %q", i, got, want.zh)
		}
		if got := sayAll(en, rec.Items[i].Reason); got != want.en {
			t.Errorf("item %d in English: %q, want %q", i, got, want.en)
		}
	}
}
