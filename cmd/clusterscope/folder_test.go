package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
)

// folderFile is a file of a test folder and what the user must be told of it.
type folderFile struct {
	name, body string
	want       string // ok, refused or skipped
	says       string // part of what the user reads about it
}

// TestFolderReportsEveryFile: `validate DIR` and `load DIR` name every file
// of the folder they do not load — an .ods refused with the message it gets
// when named alone, lock files and .DS_Store skipped with why — a folder
// with nothing to load fails naming the folder, and --json is always a
// list with one entry per file.
func TestFolderReportsEveryFile(t *testing.T) {
	var app bytes.Buffer
	if err := demo.Write(&app, demo.Options{Candidates: 1, Recognised: -1}); err != nil {
		t.Fatal(err)
	}
	const ods = "不支持的文件类型「.ods」"
	cases := []struct {
		name  string
		files []folderFile
		empty bool // the folder itself is an error
	}{
		{"OnlyODS", []folderFile{
			{"a.ods", "PK", "refused", ods},
			{"b.ods", "PK", "refused", "另存为"},
			{".~lock.b.ods#", ",user,host;", "skipped", "正在被 LibreOffice 打开"},
			{".DS_Store", "x", "skipped", "隐藏文件"},
		}, true},
		{"Mixed", []folderFile{
			{"a.csv", app.String(), "ok", ""},
			{"b.ods", "PK", "refused", ods},
			{"~$gone.xlsx", "x", "skipped", "锁定文件"},
		}, false},
		{"Empty", nil, true},
	}
	for _, c := range cases {
		for _, command := range []string{"validate", "load"} {
			for _, asJSON := range []bool{false, true} {
				name := c.name + "/" + command
				if asJSON {
					name += "/json"
				}
				t.Run(name, func(t *testing.T) {
					dir := t.TempDir()
					folder := filepath.Join(dir, "申报材料")
					os.Mkdir(folder, 0o755)
					for _, f := range c.files {
						if err := os.WriteFile(filepath.Join(folder, f.name), []byte(f.body), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					args := []string{command, folder}
					if command == "load" {
						args = append(args, "--data", filepath.Join(dir, "data"))
					}
					if asJSON {
						args = append(args, "--json")
					}
					out, err := run(t, args...)
					failed := c.empty
					for _, f := range c.files {
						failed = failed || f.want == "refused"
					}
					if (err != nil) != failed {
						t.Errorf("error %v, want failure %v\n%s", err, failed, out)
					}
					if msg := clusterscope.ErrorMessage(err); c.empty && (!strings.Contains(msg, folder) || !strings.Contains(msg, "没有可载入的文件")) {
						t.Errorf("error %q does not say the folder has nothing to load", msg)
					}
					if asJSON {
						checkReports(t, out, command, c.files)
						return
					}
					for _, f := range c.files {
						if f.want != "ok" && !mentions(out, f.name, f.says) {
							t.Errorf("%s: no line naming it with %q:\n%s", f.name, f.says, out)
						}
					}
				})
			}
		}
	}
}

// checkReports: --json gives a list with one report per file, each with
// the outcome wanted.
func checkReports(t *testing.T, out, command string, files []folderFile) {
	t.Helper()
	var reports []fileReport
	if err := json.Unmarshal([]byte(out), &reports); err != nil || reports == nil {
		t.Fatalf("--json output is not a list (%v):\n%s", err, out)
	}
	if len(reports) != len(files) {
		t.Errorf("%d reports for %d files:\n%s", len(reports), len(files), out)
	}
	got := map[string]fileReport{}
	for _, r := range reports {
		got[filepath.Base(r.File)] = r
	}
	for _, f := range files {
		r, ok := got[f.name]
		if !ok {
			t.Errorf("%s: not reported", f.name)
			continue
		}
		said := r.Skipped + r.Error
		for _, p := range r.Problems {
			said += p.Message
		}
		outcome := "ok"
		switch {
		case r.Skipped != "":
			outcome = "skipped"
		case r.Error != "" || hasError(r.Problems) || (command == "load" && !r.Loaded):
			outcome = "refused"
		}
		if outcome != f.want || !strings.Contains(said, f.says) {
			t.Errorf("%s: %s, saying %q; want %s, saying %q", f.name, outcome, said, f.want, f.says)
		}
	}
}

// mentions is whether a line of out names file and says what is wanted.
func mentions(out, file, says string) bool {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, file) && strings.Contains(l, says) {
			return true
		}
	}
	return false
}
