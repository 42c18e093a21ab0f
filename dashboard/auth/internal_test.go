package auth

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/dashboard/words"
	"clusterscope/warehouse"
)

func TestSafeNext(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/compare?batch=2022", "/compare?batch=2022"},
		{"/", "/"},
		{"", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{"/login?next=/x", "/"},
		{"/logout", "/"},
		{"/%2F/evil.example", "/%2F/evil.example"}, // a path here, not a host
	}
	for _, tt := range tests {
		if got := safeNext(tt.in); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLimiterCountsAttemptsBeingChecked: parallel attempts are counted
// before their passwords are checked, so a burst cannot pass the pair's
// five; windows end, and the sweep forgets what is over.
func TestLimiterCountsAttemptsBeingChecked(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l := newLimiter()
	l.now = func() time.Time { return now }
	for i := range pairFails {
		if v := l.admit("u", "a"); v.wait != 0 {
			t.Fatalf("attempt %d refused: %+v", i+1, v)
		}
	}
	if v := l.admit("u", "a"); !v.locked || v.wait != window {
		t.Errorf("sixth attempt in flight: %+v", v)
	}
	if v := l.admit("u", "b"); v.wait != 0 {
		t.Errorf("another address: %+v", v)
	}
	l.succeeded("u", "b")
	now = now.Add(window + time.Second)
	if v := l.admit("u", "a"); v.wait != 0 {
		t.Errorf("after the lock: %+v", v)
	}
	l.failed("u", "a")
	now = now.Add(window + time.Hour)
	l.admit("w", "c") // sweeps
	if len(l.addrs) != 1 || len(l.names) != 2 || len(l.names["u"].pairs) != 0 || len(l.names["u"].known) != 1 {
		t.Errorf("after the sweep: %d addresses, %d names", len(l.addrs), len(l.names))
	}
	now = now.Add(knownFor)
	l.admit("w", "c")
	if _, ok := l.names["u"]; ok {
		t.Error("a known address kept past knownFor")
	}
}

// TestMessagesHaveEnglish: every literal the sign-in pages say through T,
// and the store's messages they show, has its English in the catalogue.
func TestMessagesHaveEnglish(t *testing.T) {
	fset := token.NewFileSet()
	names, _ := filepath.Glob("*.go")
	seen := 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "T" {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				seen++
				if !words.Has(words.English, s) {
					t.Errorf("%s: no English for %q", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
	}
	for _, e := range []*clusterscope.Error{warehouse.ErrBadCredentials, warehouse.ErrDisabled} {
		if !words.Has(words.English, e.Message) {
			t.Errorf("no English for the store's %q", e.Message)
		}
	}
	if seen < 2 {
		t.Errorf("only %d messages found: is the walk broken?", seen)
	}
}
