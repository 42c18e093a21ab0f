package words

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/BurntSushi/toml"

	"clusterscope"
)

// entries reads a catalogue file as its translators see it.
func entries(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := files.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	if err := toml.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

var verb = regexp.MustCompile(`%(?:\[(\d+)\])?(?:\.\d+)?([dsvqf%])`)

// verbs are a format's verbs by argument: "%s %d" and "%[2]d %[1]s" alike
// give ["1s", "2d"].
func verbs(format string) []string {
	var out []string
	n := 0
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		n++
		if m[1] != "" {
			n, _ = strconv.Atoi(m[1])
		}
		out = append(out, strconv.Itoa(n)+m[2])
	}
	sort.Strings(out)
	return out
}

// TestEnglishKeepsTheFormat: every English entry has the verbs of its
// Chinese (the key itself, or zh.toml's entry for a message key), for the
// same arguments, and no Chinese but the demo data's name.
func TestEnglishKeepsTheFormat(t *testing.T) {
	zhs, ens := entries(t, "zh.toml"), entries(t, "en.toml")
	if len(ens) < 300 {
		t.Fatalf("only %d English entries: is en.toml read?", len(ens))
	}
	for key, e := range ens {
		source := key
		if z, ok := zhs[key]; ok {
			source = z
		}
		if a, b := verbs(source), verbs(e); strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%q has verbs %v, its English %q has %v", source, a, e, b)
		}
		if e == "" && source != "" {
			t.Errorf("empty English for %q", key)
		}
		if hasHan(strings.ReplaceAll(strings.ReplaceAll(e, "演示数据", ""), "「", "")) {
			t.Errorf("English for %q has Chinese: %q", key, e)
		}
	}
	for key := range zhs {
		if _, ok := ens[key]; !ok {
			t.Errorf("message %q has no English", key)
		}
	}
}

// TestDomainKeysAreInTheCatalogue: every message key the root package and
// the etl packages write (M("…"), or a key chosen beforehand) is in
// zh.toml, so no reader ever sees a bare key (and, by
// TestEnglishKeepsTheFormat, each has its English).
func TestDomainKeysAreInTheCatalogue(t *testing.T) {
	zhs := entries(t, "zh.toml")
	sections := map[string]bool{}
	for key := range zhs {
		sections[strings.SplitN(key, ".", 2)[0]] = true
	}
	names, _ := filepath.Glob("../../*.go")
	err := filepath.WalkDir("../../etl", func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".go") {
			names = append(names, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	seen, inEtl := 0, 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			if !regexp.MustCompile(`^[a-z]+(\.[a-z_]+)+$`).MatchString(s) || !sections[strings.SplitN(s, ".", 2)[0]] {
				return true
			}
			seen++
			if strings.HasPrefix(name, "../../etl/") {
				inEtl++
			}
			if _, ok := zhs[s]; !ok {
				t.Errorf("%s: message key %q is not in zh.toml", name, s)
			}
			return true
		})
	}
	if seen-inEtl < 50 || inEtl < 100 {
		t.Errorf("only %d message keys found in the root package and %d in etl: is the walk broken?", seen-inEtl, inEtl)
	}
}

func TestSay(t *testing.T) {
	m := clusterscope.M("recommend.city_full", "吴忠市", 2,
		clusterscope.M("join.concat", clusterscope.Messages{clusterscope.M("text.quoted", "乳制品"), clusterscope.M("text.quoted", "滩羊")}))
	for _, c := range []struct {
		l    Lang
		m    clusterscope.Message
		want string
	}{
		{Chinese, m, "吴忠市名额已满（每市至多 2 个，已推荐「乳制品」「滩羊」）"},
		{English, m, "quota of 吴忠市 full (at most 2 per city; recommended: “乳制品”, “滩羊”)"},
		// a Word is said in the reader's language, a value as it is
		{English, clusterscope.M("criteria.compared", "集群总产值", clusterscope.M("unit.after", "35.52", clusterscope.Word("亿元")),
			clusterscope.Word("低于"), clusterscope.M("unit.after", "40", clusterscope.Word("亿元"))),
			"集群总产值 35.52 100 million yuan, below 40 100 million yuan"},
		{Chinese, clusterscope.M("join.list", []string{"1", "2", "3"}), "1、2、3"},
		// an unknown key is said as itself, nothing lost
		{English, clusterscope.M("no.such_key", 7), "no.such_key7"},
	} {
		if got := Say(c.l, c.m); got != c.want {
			t.Errorf("Say(%s, %v) = %q, want %q", c.l, c.m, got, c.want)
		}
	}
	if got := T(English, "总览"); got != "Overview" {
		t.Errorf("T(en, 总览) = %q", got)
	}
	if got := T(English, "没有这个词"); got != "没有这个词" {
		t.Errorf("an interface string without English is said in Chinese, got %q", got)
	}
}

// TestMessagesSurviveJSON: a message stored by one release is said again by
// the next, its words still words.
func TestMessagesSurviveJSON(t *testing.T) {
	m := clusterscope.M("criteria.compared", "集群总产值", clusterscope.M("unit.after", "35.52", clusterscope.Word("亿元")),
		clusterscope.Word("低于"), clusterscope.Messages{clusterscope.M("text.quoted", "x")})
	b, err := m.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var back clusterscope.Message
	if err := back.UnmarshalJSON(b); err != nil {
		t.Fatal(err)
	}
	if Say(English, back) != Say(English, m) {
		t.Errorf("after JSON %q, before %q (%s)", Say(English, back), Say(English, m), b)
	}
}

func TestError(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		err  error
		want string
	}{
		{English, clusterscope.Errorf(clusterscope.EINVALID, "语言「%s」无效：应为 zh 或 en", "fr"), "Invalid language “fr”: use zh or en"},
		{Chinese, clusterscope.Errorf(clusterscope.EINVALID, "语言「%s」无效：应为 zh 或 en", "fr"), "语言「fr」无效：应为 zh 或 en"},
		{English, &clusterscope.Error{Code: clusterscope.ENOTFOUND, Message: "页面不存在"}, "Page not found"},
		// no detail of an internal error reaches the user
		{Chinese, errors.New("open /var/lib/secret: permission denied"), clusterscope.InternalMessage},
		{English, clusterscope.Errorf(clusterscope.EINTERNAL, "页面不存在"), "Internal error: ask an administrator (the server log has the details)"},
	} {
		if got := Error(c.l, c.err); got != c.want {
			t.Errorf("Error(%s, %v) = %q, want %q", c.l, c.err, got, c.want)
		}
	}
}

func TestProblem(t *testing.T) {
	p := Posed(clusterscope.Problem{Severity: clusterscope.SevError, File: "a.csv", Line: 3}, clusterscope.M("csv.columns", 5, 4))
	if p.Message != "应有 5 列，实有 4 列" {
		t.Errorf("Chinese message %q", p.Message)
	}
	if got := Problem(English, p); got != "5 columns expected, 4 found" {
		t.Errorf("in English: %q", got)
	}
	// an upload's record keeps its problems as JSON, and the page says
	// them again from it: the numbers come back as float64
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back clusterscope.Problem
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if got := Problem(English, back); got != "5 columns expected, 4 found" {
		t.Errorf("in English after JSON (%s): %q", b, got)
	}
	// a problem of an older record has only its Chinese: shown, never lost
	q := clusterscope.Problem{Message: "「很高」不是数字"}
	if got := Problem(English, q); got != "「很高」不是数字" {
		t.Errorf("untranslated problem in English: %q", got)
	}
}
