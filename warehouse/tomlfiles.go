package warehouse

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

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
