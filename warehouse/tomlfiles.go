package warehouse

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"clusterscope"
)

// The rule sets and calls an administrator adds are TOML files in folders
// of the data folder, read whole and checked whole.

// readAll parses every .toml file of the folder dir, in file name order;
// none when there is no folder. One bad file is an error naming it.
func readAll[T any](w *Warehouse, dir string, parse func(name string, data []byte) (T, error)) ([]T, error) {
	names, err := w.filesIn(dir, ".toml")
	if err != nil {
		return nil, err
	}
	var out []T
	for _, rel := range names {
		b, err := os.ReadFile(filepath.Join(w.dir, rel))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", rel, err)
		}
		v, err := parse(filepath.Base(rel), b)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// install checks data with parse and writes it, atomically, as dir/name
// (name's base, so no path leaves the folder).
func install[T any](w *Warehouse, dir, name string, data []byte, parse func(name string, data []byte) (T, error)) (T, error) {
	name = filepath.Base(name)
	v, err := parse(name, data)
	if err != nil {
		return v, err
	}
	if filepath.Ext(name) != ".toml" {
		return v, clusterscope.Errorf(clusterscope.EINVALID, "%s：文件名须以 .toml 结尾", name)
	}
	if err := os.MkdirAll(filepath.Join(w.dir, dir), 0o755); err != nil {
		return v, err
	}
	err = w.writeAtomic(filepath.Join(dir, name), func(f io.Writer) error {
		_, err := f.Write(data)
		return err
	})
	return v, err
}

var (
	idLineRe  = regexp.MustCompile(`^\s*id\s*=\s*"([^"]*)"`)
	keyPathRe = regexp.MustCompile(`^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?$`)
)

// keyLine finds the line (1-based) of a key of a TOML text, written as a
// problem names it: "batch", "deadlines.city_to_province" (a key of a
// table), "quota[2].max" (of the second [[quota]]; "quota.max": of any),
// "quota" (the first [[quota]]). A key that is not written gives its
// table's header line; 0 when neither is there.
func keyLine(text, key string) int {
	m := keyPathRe.FindStringSubmatch(key)
	if m == nil {
		return 0
	}
	table, field, index := "", m[1], 0
	if m[2] != "" || m[3] != "" {
		table, field = m[1], m[3]
		index, _ = strconv.Atoi(m[2]) // 0: any
	}
	section, seen, header, named := "", 0, 0, 0
	for i, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			section = strings.Trim(strings.SplitN(t, "#", 2)[0], "[] \t")
			if section == table {
				seen++
				if header == 0 && (index == 0 || seen == index) {
					header = i + 1
				}
			}
			if section == key && named == 0 {
				named = i + 1
			}
			continue
		}
		in := section == table && (table == "" || index == 0 || seen == index)
		if in && field != "" && strings.HasPrefix(t, field) {
			if rest := strings.TrimSpace(t[len(field):]); strings.HasPrefix(rest, "=") {
				return i + 1
			}
		}
	}
	if header == 0 {
		return named
	}
	return header
}

// embedded returns the parsed .toml files of dir in fsys, in file name
// order, read once. The files are checked by tests, so an error is a
// build defect. Callers must not modify what it returns.
func embedded[T any](fsys embed.FS, dir string, parse func(name string, data []byte) (T, error)) func() []T {
	return sync.OnceValue(func() []T {
		names, _ := fs.Glob(fsys, dir+"/*.toml")
		sort.Strings(names)
		var out []T
		for _, n := range names {
			b, _ := fsys.ReadFile(n)
			v, err := parse(filepath.Base(n), b)
			if err != nil {
				panic(err)
			}
			out = append(out, v)
		}
		return out
	})
}

// decodeTOML decodes text into v; what names the kind of file in the
// error ("推荐通知文件"), which is an *Error (EINVALID) naming the file,
// the line and, when the decoder knows it, the key.
func decodeTOML(what, name, text string, v any) (toml.MetaData, error) {
	md, err := toml.Decode(text, v)
	if err == nil {
		return md, nil
	}
	var pe toml.ParseError
	if errors.As(err, &pe) && pe.LastKey != "" {
		return md, clusterscope.Errorf(clusterscope.EINVALID, "%s %s 第 %d 行「%s」不是有效的 TOML：%s", what, name, pe.Position.Line, pe.LastKey, pe.Message)
	} else if errors.As(err, &pe) {
		return md, clusterscope.Errorf(clusterscope.EINVALID, "%s %s 第 %d 行不是有效的 TOML：%s", what, name, pe.Position.Line, pe.Message)
	}
	// a value of the wrong type: toml: line 72 (last key "quota.max"): incompatible types …
	if m := typeErrRe.FindStringSubmatch(err.Error()); m != nil {
		return md, clusterscope.Errorf(clusterscope.EINVALID, "%s %s 第 %s 行「%s」：TOML 值的类型不对（%s）", what, name, m[1], m[2], m[3])
	}
	return md, clusterscope.Errorf(clusterscope.EINVALID, "%s %s 不是有效的 TOML：%s", what, name, err)
}
