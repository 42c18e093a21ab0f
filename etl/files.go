package etl

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"clusterscope"
	"clusterscope/dashboard/words"
)

// Listing is what the arguments of `load` and `validate` name. A folder
// yields every file inside it: those to read, including files of a type
// that does not load (Read refuses each with its reason, as when named
// alone), and those skipped as not data, each with why — so no file of a
// folder is left out without a word.
type Listing struct {
	Files   []string
	Skipped []Skipped
	Empty   []string // folders given that hold no file of a type that loads
}

// Skipped is a file of a folder that is not read: a hidden file, a
// system's clutter or an office suite's lock file.
type Skipped struct {
	Path   string
	Reason string // in Chinese
}

// List expands the arguments: files as given, folders walked in lexical
// order. Only a missing argument or an unreadable folder is an error; a
// folder with nothing to load is in Empty (see Err).
func List(args []string) (Listing, error) {
	var l Listing
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return Listing{}, clusterscope.Errorf(clusterscope.EINVALID, "找不到 %s", a)
		}
		if !st.IsDir() {
			l.Files = append(l.Files, a)
			continue
		}
		found := false
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p == a {
				return nil
			}
			if why := skipReason(p, d.IsDir()); why != "" {
				l.Skipped = append(l.Skipped, Skipped{Path: p, Reason: why})
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() || d.Type()&os.ModeSymlink != 0 {
				l.Files = append(l.Files, p)
				found = found || loadable(p)
			}
			return nil
		})
		if err != nil {
			return Listing{}, fmt.Errorf("list %s: %w", a, err)
		}
		if !found {
			l.Empty = append(l.Empty, a)
		}
	}
	return l, nil
}

// Err is an EINVALID error naming the folders with no file that loads, or
// nil: a folder load that could load nothing has failed.
func (l Listing) Err() error {
	if len(l.Empty) == 0 {
		return nil
	}
	return clusterscope.Errorf(clusterscope.EINVALID, "文件夹「%s」中没有可载入的文件：可载入的是申报表（.xlsx 或 Word .docx）、长表 CSV（.csv）和 JSON（.json）",
		strings.Join(l.Empty, "」「"))
}

// skipReason says why a folder's entry is not data, or "" to read it.
// Hidden files and folders (.DS_Store, .git, macOS's ._ files) and
// Windows' Thumbs.db and desktop.ini are no one's data; a lock file says
// its workbook is open, which the workbook's own read warns about.
func skipReason(p string, dir bool) string {
	base := filepath.Base(p)
	if owner, suite := lockOwner(base); owner != "" {
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), owner)); err == nil {
			return fmt.Sprintf("「%s」正在被 %s 打开，这是它的锁定文件，不含数据", owner, suite)
		}
		return fmt.Sprintf("%s 的锁定文件，它的工作簿「%s」不在这里：可能是未正常关闭时留下的，可以删除", suite, owner)
	}
	switch {
	case dir && (strings.HasPrefix(base, ".") || base == "__MACOSX"):
		return "隐藏文件夹或系统文件夹，其中的文件不读入"
	case strings.HasPrefix(base, "."):
		return "隐藏文件，不是数据"
	case strings.EqualFold(base, "Thumbs.db") || strings.EqualFold(base, "desktop.ini"):
		return "Windows 的系统文件，不是数据"
	}
	return ""
}

// lockOwner returns the workbook a lock file's name stands for and the
// suite that wrote it: Excel and WPS write ~$name while name is open,
// LibreOffice .~lock.name#. It returns "" for any other name.
func lockOwner(base string) (owner, suite string) {
	if rest, ok := strings.CutPrefix(base, "~$"); ok && rest != "" {
		return rest, "Excel/WPS"
	}
	if rest, ok := strings.CutPrefix(base, ".~lock."); ok {
		if rest, ok = strings.CutSuffix(rest, "#"); ok && rest != "" {
			return rest, "LibreOffice"
		}
	}
	return "", ""
}

// openProblems warn when the file at path is open in an office suite, by
// its lock file beside it: what is read is what was last saved.
func openProblems(path string) []clusterscope.Problem {
	dir, base := filepath.Split(path)
	var out []clusterscope.Problem
	for _, lock := range []struct{ name, suite string }{{"~$" + base, "Excel/WPS"}, {".~lock." + base + "#", "LibreOffice"}} {
		if _, err := os.Stat(filepath.Join(dir, lock.name)); err == nil {
			out = append(out, fileProblem(clusterscope.SevWarning, base, clusterscope.M("file.open_elsewhere", lock.suite, lock.name)))
		}
	}
	return out
}

// lockProblem refuses a lock file named on its own: it holds no data.
func lockProblem(base string) []clusterscope.Problem {
	owner, suite := lockOwner(base)
	if owner == "" {
		return nil
	}
	return []clusterscope.Problem{fileProblem(clusterscope.SevError, base, clusterscope.M("file.lock_file", suite, owner, owner))}
}

// saveAs tells how to turn an office suite's own format into .xlsx or .docx.
var saveAs = map[string]clusterscope.Message{
	".ods": clusterscope.M("file.save_ods"),
	".et":  clusterscope.M("file.save_et"),
	".odt": clusterscope.M("file.save_odt"),
	".wps": clusterscope.M("file.save_wps"),
}

// unsupported refuses a file of a type that does not load.
func unsupported(name, ext string) []clusterscope.Problem {
	msg := clusterscope.M("file.unsupported", ext)
	if how, ok := saveAs[ext]; ok {
		msg = clusterscope.M("join.sentences", clusterscope.Messages{msg, how})
	}
	return []clusterscope.Problem{fileProblem(clusterscope.SevError, name, msg)}
}

// fileProblem is a problem of the whole file.
func fileProblem(sev clusterscope.Severity, name string, m clusterscope.Message) clusterscope.Problem {
	return words.Posed(clusterscope.Problem{Severity: sev, File: name}, m)
}
