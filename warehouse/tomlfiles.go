package warehouse

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"clusterscope"
)

// The rule sets and calls an administrator adds are TOML files in folders
// of the data folder, read whole and checked whole.

// readAll parses every .toml file of the folder dir, in file name order;
// none when there is no folder. One bad file is an error naming it.
func readAll[T any](w *Warehouse, dir string, parse func(name string, data []byte) (T, error)) ([]T, error) {
	entries, err := os.ReadDir(filepath.Join(w.dir, dir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && filepath.Ext(e.Name()) == ".toml" {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var out []T
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(w.dir, dir, n))
		if err != nil {
			return nil, fmt.Errorf("read %s/%s: %w", dir, n, err)
		}
		v, err := parse(n, b)
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

var idLineRe = regexp.MustCompile(`^\s*id\s*=\s*"([^"]*)"`)
