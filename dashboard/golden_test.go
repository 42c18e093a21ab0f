package dashboard_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clusterscope/cmd/clusterscope/demo"
)

// golden compares a test's outputs with its files under dir, as the
// standard library's golden tests do: -update rewrites them and fails on
// any file it cannot write, a mismatch shows a line diff, and a file of the
// test's globs that the test no longer produces is an orphan, reported
// (removed under -update).
type golden struct {
	tb     testing.TB
	dir    string
	update bool
	globs  []string // the files this test owns, relative to dir
	seen   map[string]bool
}

func newGolden(tb testing.TB, dir string, update bool, globs ...string) *golden {
	return &golden{tb: tb, dir: dir, update: update, globs: globs, seen: map[string]bool{}}
}

// check compares got with dir/name, or writes it under -update.
func (g *golden) check(name string, got []byte) {
	g.tb.Helper()
	path := filepath.Join(g.dir, name)
	g.seen[path] = true
	if g.update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			g.tb.Errorf("update %s: %v", path, err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		g.tb.Errorf("%v (run go test -update to write it)", err)
		return
	}
	if !bytes.Equal(want, got) {
		g.tb.Errorf("%s differs from its golden file (-want +got):\n%s\nafter a deliberate change, run go test -update and review the diff",
			path, cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")))
	}
}

// orphans reports the files of the globs that check was not called for;
// call it once the test has checked everything it produces.
func (g *golden) orphans() {
	g.tb.Helper()
	for _, glob := range g.globs {
		files, err := filepath.Glob(filepath.Join(g.dir, glob))
		if err != nil {
			g.tb.Fatal(err)
		}
		for _, f := range files {
			switch {
			case g.seen[f]:
			case g.update:
				if err := os.Remove(f); err != nil {
					g.tb.Errorf("remove orphaned golden file: %v", err)
				} else {
					g.tb.Logf("removed orphaned golden file %s", f)
				}
			default:
				g.tb.Errorf("%s is an orphaned golden file: the test no longer produces it (run go test -update to remove it)", f)
			}
		}
	}
}

// goldenPages are the views whose every chart is pinned by a golden file.
var goldenPages = map[string]string{
	"overview": "batch=2022",
	"compare":  "batch=2022&field=enterprises",
	"monitor":  "batch=2022",
	"assess":   "batch=2022&province=宁夏回族自治区",
	"cluster":  "batch=2022&id=NX-ZW-001",
}

// chartGlob is the golden files of a page's charts.
func chartGlob(page string) string { return page + ".*.golden.json" }

// annexGolden is TestAnnex1Golden's file.
const annexGolden = "annex1.golden.json"

// TestChartOptionsGoldenPerPage pins the options of every chart of every
// page on a small demo data set; run with -update after a deliberate change
// and review the diff.
func TestChartOptionsGoldenPerPage(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{Candidates: 4, Recognised: 6})
	var globs []string
	for page := range goldenPages {
		globs = append(globs, chartGlob(page))
	}
	g := newGolden(t, "testdata", *update, globs...)
	for page, query := range goldenPages {
		status, _, body := get(t, ts, "/api/"+page+"?"+query)
		if status != 200 {
			t.Fatalf("%s: %d %s", page, status, body)
		}
		var v struct {
			Charts []struct {
				ID     string         `json:"id"`
				Option map[string]any `json:"option"`
			} `json:"charts"`
		}
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		if len(v.Charts) == 0 {
			t.Errorf("%s has no charts", page)
		}
		for _, ch := range v.Charts {
			got, _ := json.MarshalIndent(ch.Option, "", "  ")
			g.check(page+"."+strings.ReplaceAll(ch.ID, "/", "_")+".golden.json", append(got, '\n'))
		}
	}
	g.orphans()
}

// TestGoldenFilesBelongToATest: a golden file that no golden test owns
// (a page's charts or the 附件1 workbook) is checked by nobody.
func TestGoldenFilesBelongToATest(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.golden.json"))
	if len(files) == 0 {
		t.Fatal("no golden files under testdata")
	}
	globs := []string{annexGolden}
	for page := range goldenPages {
		globs = append(globs, chartGlob(page))
	}
	for _, f := range files {
		owned := false
		for _, glob := range globs {
			if ok, _ := filepath.Match(glob, filepath.Base(f)); ok {
				owned = true
			}
		}
		if !owned {
			t.Errorf("%s belongs to no golden test: remove it or pin it in one", f)
		}
	}
}

// recorder is a testing.TB that keeps what the golden helper reports.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper()             {}
func (r *recorder) Logf(string, ...any) {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestGoldenHelper: what a developer sees from the golden helper when a
// file differs, is missing, cannot be written or is left over.
func TestGoldenHelper(t *testing.T) {
	for _, c := range []struct {
		name    string
		update  bool
		noDir   bool              // the golden folder does not exist (so -update cannot write)
		files   map[string]string // in the golden folder before the test
		produce map[string]string // what the test checks
		errors  []string          // a reported error matches each (regular expressions); none when empty
		left    []string          // golden files after the test
	}{
		{name: "same", files: map[string]string{"a.x.golden.json": "{\n  \"v\": 1\n}\n"},
			produce: map[string]string{"a.x.golden.json": "{\n  \"v\": 1\n}\n"}, left: []string{"a.x.golden.json"}},
		{name: "differs: a line diff", files: map[string]string{"a.x.golden.json": "{\n  \"v\": 1,\n  \"w\": 2\n}\n"},
			produce: map[string]string{"a.x.golden.json": "{\n  \"v\": 3,\n  \"w\": 2\n}\n"},
			errors:  []string{`a\.x\.golden\.json differs`, `(?m)^-.*"v": 1,`, `(?m)^\+.*"v": 3,`}, left: []string{"a.x.golden.json"}},
		{name: "missing", produce: map[string]string{"a.x.golden.json": "{}\n"}, errors: []string{`a\.x\.golden\.json.*-update`}},
		{name: "orphan", files: map[string]string{"a.x.golden.json": "{}\n", "a.gone.golden.json": "{}\n", "other.golden.json": "{}\n"},
			produce: map[string]string{"a.x.golden.json": "{}\n"},
			errors:  []string{`a\.gone\.golden\.json is an orphaned golden file`}, left: []string{"a.gone.golden.json", "a.x.golden.json", "other.golden.json"}},
		{name: "update writes and removes orphans", update: true, files: map[string]string{"a.x.golden.json": "{}\n", "a.gone.golden.json": "{}\n"},
			produce: map[string]string{"a.x.golden.json": "{\"v\": 1}\n", "a.new.golden.json": "{}\n"}, left: []string{"a.new.golden.json", "a.x.golden.json"}},
		{name: "update that cannot write", update: true, noDir: true,
			produce: map[string]string{"a.x.golden.json": "{}\n"}, errors: []string{`update .*a\.x\.golden\.json`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range c.files {
				os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
			}
			if c.noDir {
				dir = filepath.Join(dir, "missing")
			}
			r := &recorder{TB: t}
			g := newGolden(r, dir, c.update, "a.*.golden.json")
			for name, body := range c.produce {
				g.check(name, []byte(body))
			}
			g.orphans()
			all := strings.Join(r.errors, "\n")
			if len(c.errors) == 0 && all != "" {
				t.Errorf("reported %s", all)
			}
			if len(c.errors) > 0 && all == "" {
				t.Errorf("reported nothing, want errors matching %q", c.errors)
			}
			for _, want := range c.errors {
				if all != "" && !regexp.MustCompile(want).MatchString(all) {
					t.Errorf("no reported error matches %s:\n%s", want, all)
				}
			}
			for name, body := range c.produce {
				if b, _ := os.ReadFile(filepath.Join(dir, name)); c.update && !c.noDir && string(b) != body {
					t.Errorf("-update left %s as %q, want %q", name, b, body)
				}
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.golden.json"))
			var names []string
			for _, f := range files {
				names = append(names, filepath.Base(f))
			}
			if strings.Join(names, " ") != strings.Join(c.left, " ") {
				t.Errorf("golden files after the test: %q, want %q", names, c.left)
			}
		})
	}
}
