package queries_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"clusterscope/queries"
)

// notQuestions are the exported methods of *DB that run no question of their own.
var notQuestions = []string{"Use", "Close", "Version", "SnapshotFile", "Demo", "Corrupt", "Exec", "RecheckApplications"}

// TestMethodsNamedAfterTheirSQL: each question is one .sql file and one
// method of *DB named after it (cluster.List.sql ↔ ClusterList) that asks
// that file, so either is found from the other.
func TestMethodsNamedAfterTheirSQL(t *testing.T) {
	sources, _ := filepath.Glob("*.go")
	methods := map[string]*ast.FuncDecl{} // exported methods of *DB
	for _, src := range sources {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), src, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if ok && fn.Recv != nil && fn.Name.IsExported() && receiverIsDB(fn) && !slices.Contains(notQuestions, fn.Name.Name) {
				methods[fn.Name.Name] = fn
			}
		}
	}
	files := map[string]string{} // method name → question
	for _, name := range queries.Names() {
		if !strings.HasPrefix(name, "view.") { // the snapshot's views and macros, run by Use
			files[methodName(name)] = name
		}
	}
	for m, fn := range methods {
		name, ok := files[m]
		if !ok {
			t.Errorf("(*DB).%s has no .sql file of its name (or add it to notQuestions)", m)
		} else if !asks(fn, name) {
			t.Errorf("(*DB).%s does not ask %s.sql", m, name)
		}
	}
	for m, name := range files {
		if methods[m] == nil {
			t.Errorf("%s.sql has no method (*DB).%s", name, m)
		}
	}
}

// methodName is the method of a question: "cluster.List" → "ClusterList".
func methodName(question string) string {
	area, q, _ := strings.Cut(question, ".")
	r := []rune(area)
	return string(unicode.ToUpper(r[0])) + string(r[1:]) + q
}

func receiverIsDB(fn *ast.FuncDecl) bool {
	star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	id, ok := star.X.(*ast.Ident)
	return ok && id.Name == "DB"
}

// asks reports whether fn's body names the question as a string literal.
func asks(fn *ast.FuncDecl, question string) bool {
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && lit.Value == `"`+question+`"` {
			found = true
		}
		return !found
	})
	return found
}
