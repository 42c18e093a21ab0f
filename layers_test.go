package clusterscope_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// layers says which of the module's packages each package may import:
// cmd → dashboard/etl → warehouse/queries → root. Test files are exempt.
var layers = map[string][]string{
	".":                       nil,
	"static":                  nil,
	"warehouse":               {".", "warehouse/sqlite"}, // the state database it opens with the folder
	"warehouse/warehousetest": {".", "warehouse"},        // for tests only
	"warehouse/sqlite":        {"."},
	"warehouse/region":        {"."}, // the GB/T 2260 table and quota units the warehouse ships, as the calls
	"queries":                 {"."},
	"etl":                     {".", "warehouse", "warehouse/region", "etl/*", "dashboard/words"}, // its problems' Chinese is the catalogue's
	"etl/*":                   {".", "warehouse", "etl/*", "dashboard/words"},
	"dashboard":               {".", "queries", "warehouse", "warehouse/region", "static", "dashboard/auth", "dashboard/render", "dashboard/words"},
	"dashboard/auth":          {".", "warehouse", "dashboard/words"},
	"dashboard/words":         {"."}, // the catalogue of words: the edge says the domain's messages with it
	"dashboard/render":        {"."},
	"cmd/clusterscope/demo":   {".", "warehouse/region"}, // the demo command's generator: no ETL, no warehouse
	"cmd/*":                   {"*"},
}

func TestImportsPointDown(t *testing.T) {
	const module = "clusterscope"
	pkgs := map[string]map[string]bool{} // dir → module imports
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "node_modules" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if pkgs[dir] == nil {
			pkgs[dir] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == module {
				pkgs[dir]["."] = true
			} else if strings.HasPrefix(p, module+"/") {
				pkgs[dir][strings.TrimPrefix(p, module+"/")] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 6 {
		t.Fatalf("found only %d packages; is the test running at the module root?", len(pkgs))
	}
	for dir, imports := range pkgs {
		allowed, ok := rule(dir)
		if !ok {
			t.Errorf("package %s has no place in the layer table of this test: add it", dir)
			continue
		}
		for imp := range imports {
			if !permitted(allowed, imp) {
				t.Errorf("package %s imports %s, against cmd → dashboard/etl → warehouse/queries → root", dir, imp)
			}
		}
	}
}

func rule(dir string) ([]string, bool) {
	if r, ok := layers[dir]; ok {
		return r, true
	}
	if i := strings.Index(dir, "/"); i > 0 {
		r, ok := layers[dir[:i]+"/*"]
		return r, ok
	}
	return nil, false
}

func permitted(allowed []string, imp string) bool {
	for _, a := range allowed {
		if a == "*" || a == imp || strings.HasSuffix(a, "/*") && strings.HasPrefix(imp, strings.TrimSuffix(a, "*")) {
			return true
		}
	}
	return false
}

// TestLayerTableCatchesViolations makes sure the check above can fail.
func TestLayerTableCatchesViolations(t *testing.T) {
	cases := []struct {
		dir, imp string
		ok       bool
	}{
		{"warehouse", ".", true},
		{"warehouse", "queries", false},
		{"warehouse", "warehouse/sqlite", true},
		{"warehouse/sqlite", "warehouse", false},
		{".", "warehouse", false},
		{"queries", "dashboard", false},
		{"etl/workbook", "etl/docx", true},
		{"etl", "warehouse/region", true},
		{"dashboard", "warehouse/region", true},
		{"warehouse/region", "warehouse", false},
		{"cmd/clusterscope/demo", "etl", false},
		{"etl", "dashboard", false},
		{"dashboard", "etl", false},
		{"cmd/clusterscope", "cmd/clusterscope/demo", true},
	}
	for _, c := range cases {
		allowed, _ := rule(c.dir)
		if got := permitted(allowed, c.imp); got != c.ok {
			t.Errorf("%s importing %s: permitted=%v, want %v", c.dir, c.imp, got, c.ok)
		}
	}
	if _, err := os.Stat("go.mod"); err != nil {
		t.Fatal("test must run at the module root")
	}
}
