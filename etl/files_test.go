package etl_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
)

// TestList: a folder yields every file to read, an .ods among them (Read
// refuses it), and every other entry skipped with why; a folder with no
// file of a type that loads is named in Empty.
func TestList(t *testing.T) {
	cases := []struct {
		name    string
		files   []string
		read    []string
		skipped map[string]string // entry → part of the reason
		empty   bool
	}{
		{"Mixed", []string{"申报表.xlsx", "~$申报表.xlsx", "b.ods", "sub/c.json", ".git/config", "__MACOSX/._b.ods", "Thumbs.db", ".~lock.gone.ods#"},
			[]string{"b.ods", "sub/c.json", "申报表.xlsx"},
			map[string]string{"~$申报表.xlsx": "「申报表.xlsx」正在被 Excel/WPS 打开", ".git": "隐藏文件夹", "__MACOSX": "系统文件夹",
				"Thumbs.db": "Windows", ".~lock.gone.ods#": "未正常关闭"}, false},
		{"OnlyODS", []string{"a.ods", ".DS_Store"}, []string{"a.ods"}, map[string]string{".DS_Store": "隐藏文件"}, true},
		{"OnlyLocks", []string{"~$a.xlsx", ".~lock.a.xlsx#"}, nil,
			map[string]string{"~$a.xlsx": "Excel/WPS 的锁定文件", ".~lock.a.xlsx#": "LibreOffice 的锁定文件"}, true},
		{"Nothing", nil, nil, nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range c.files {
				p := filepath.Join(dir, f)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			l, err := etl.List([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			var read []string
			for _, f := range l.Files {
				rel, _ := filepath.Rel(dir, f)
				read = append(read, filepath.ToSlash(rel))
			}
			if !slices.Equal(read, c.read) {
				t.Errorf("read %v, want %v", read, c.read)
			}
			if len(l.Skipped) != len(c.skipped) {
				t.Errorf("skipped %+v, want %d entries", l.Skipped, len(c.skipped))
			}
			for _, s := range l.Skipped {
				if want, ok := c.skipped[filepath.Base(s.Path)]; !ok || !strings.Contains(s.Reason, want) {
					t.Errorf("skipped %s because %q, want %q", s.Path, s.Reason, want)
				}
			}
			err = l.Err()
			if (err != nil) != c.empty || (c.empty && !strings.Contains(clusterscope.ErrorMessage(err), dir)) {
				t.Errorf("Err() = %v, want an error naming %s: %v", err, dir, c.empty)
			}
		})
	}
}

// TestReadOpenWorkbook: a file with an office suite's lock file beside it
// is read with a warning that unsaved changes are not in it, and a lock
// file named on its own is refused as holding no data.
func TestReadOpenWorkbook(t *testing.T) {
	app := demoCSV(t, demo.Options{Candidates: 1, Recognised: -1})
	cases := []struct {
		name, lock string
		read       string // the file read
		sev        clusterscope.Severity
		says       string
	}{
		{"Excel", "~$app.csv", "app.csv", clusterscope.SevWarning, "正在被 Excel/WPS 打开"},
		{"LibreOffice", ".~lock.app.csv#", "app.csv", clusterscope.SevWarning, "正在被 LibreOffice 打开"},
		{"LockItself", "~$app.csv", "~$app.csv", clusterscope.SevError, "锁定文件，不含数据"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "app.csv"), []byte(app), 0o644)
			os.WriteFile(filepath.Join(dir, c.lock), []byte("x"), 0o644)
			_, problems, _, err := etl.Read(filepath.Join(dir, c.read))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range problems {
				found = found || (p.Severity == c.sev && strings.Contains(p.Message, c.says))
			}
			if !found {
				t.Errorf("no %s saying %q in %v", c.sev, c.says, problems)
			}
		})
	}
}
