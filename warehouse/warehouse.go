// Package warehouse stores validated observations as Parquet files
// (github.com/parquet-go/parquet-go) named by a manifest. A load only adds
// files and then replaces the manifest atomically, so readers never see a
// half-done load and never need a lock. What people change — accounts,
// overrides, the audit log — lives beside them in the state database
// (package sqlite), which the warehouse opens with the folder.
package warehouse

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

const (
	manifestName = "manifest.json"
	lockName     = ".lock"
	obsDir       = "observations"
	loadsDir     = "loads"
	tmpSuffix    = ".tmp"
)

// Warehouse is a folder of Parquet files and their manifest, and the
// state database beside them.
type Warehouse struct {
	dir   string
	state *sqlite.DB
	// writeLimit, when > 0, makes writes fail with ENOSPC past that many
	// bytes per file: a full disk, for tests.
	writeLimit int
}

// manifest names the live files; it is the only file ever overwritten.
type manifest struct {
	Version int64               `json:"version"`
	Loads   []clusterscope.Load `json:"loads"`
	Files   []string            `json:"files"`      // observations, one per load, relative
	LoadsAt string              `json:"loads_file"` // relative
	// OwnersAt names the owners index (relative); "" in a warehouse
	// written before it, whose owners are read from the observations.
	OwnersAt string `json:"owners_file,omitempty"`
	// Format is the layout of the folder the manifest describes (0: before
	// it was recorded). A binary refuses a format newer than its own.
	Format int `json:"format,omitempty"`
}

// manifestFormat is the folder layout this binary writes and reads. Raise
// it when an older binary would misread the folder a newer one writes.
const manifestFormat = 1

// Open opens (creating if needed) the warehouse in dir and its state
// database, which it migrates to this binary's schema. On the first open
// of a folder of an earlier release, that imports users.json,
// overrides.json and audit.log and keeps them as *.migrated (see
// Imported). It takes no lock on the Parquet files. Close it when done.
func Open(dir string) (*Warehouse, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open warehouse %s: %w", dir, err)
	}
	for _, d := range []string{abs, filepath.Join(abs, obsDir), filepath.Join(abs, loadsDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("open warehouse %s: %w", dir, err)
		}
	}
	state, err := sqlite.Open(abs)
	if err != nil {
		return nil, fmt.Errorf("open warehouse %s: %w", dir, err)
	}
	return &Warehouse{dir: abs, state: state}, nil
}

// Close closes the state database.
func (w *Warehouse) Close() error { return w.state.Close() }

// State returns the state database, for what the warehouse does not wrap
// (decisions, checks).
func (w *Warehouse) State() *sqlite.DB { return w.state }

// Imported returns what Open took in from the JSON files of an earlier
// release; nil when there was nothing.
func (w *Warehouse) Imported() *sqlite.ImportReport { return w.state.Imported() }

// Dir returns the warehouse folder.
func (w *Warehouse) Dir() string { return w.dir }

// ManifestPath returns the manifest's path; its modification marks a new snapshot.
func (w *Warehouse) ManifestPath() string { return filepath.Join(w.dir, manifestName) }

func (w *Warehouse) readManifest() (manifest, error) {
	var m manifest
	b, err := os.ReadFile(w.ManifestPath())
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	} else if err != nil {
		return m, fmt.Errorf("read manifest: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("read manifest %s: %w", w.ManifestPath(), err)
	}
	if m.Format > manifestFormat {
		return manifest{}, &clusterscope.Error{Code: clusterscope.ECONFLICT,
			Message: fmt.Sprintf("数据目录 %s 的格式版本为 %d，而本程序只支持到 %d：它已由更新版本的 clusterscope 写入，请改用那个版本（旧版本不能打开新数据，以免损坏）",
				w.dir, m.Format, manifestFormat),
			Err: fmt.Errorf("manifest format %d is newer than %d", m.Format, manifestFormat)}
	}
	return m, nil
}

// Snapshot returns the live files.
func (w *Warehouse) Snapshot() (clusterscope.Snapshot, error) {
	m, err := w.readManifest()
	if err != nil {
		return clusterscope.Snapshot{}, err
	}
	s := clusterscope.Snapshot{Version: m.Version}
	for _, f := range m.Files {
		path := filepath.Join(w.dir, f)
		if err := checkParquet(path); err != nil {
			s.Corrupt = append(s.Corrupt, f+"："+err.Error())
			continue
		}
		s.Observations = append(s.Observations, path)
	}
	if m.LoadsAt != "" {
		s.Loads = filepath.Join(w.dir, m.LoadsAt)
		if err := checkParquet(s.Loads); err != nil {
			s.Corrupt = append(s.Corrupt, m.LoadsAt+"："+err.Error())
			s.Loads = ""
		}
	}
	for _, l := range m.Loads {
		s.Demo = s.Demo || l.Synthetic
	}
	return s, nil
}

// checkParquet looks at a file's frame — the magic number at both ends and
// a footer that fits — so that a damaged file is left out of the snapshot,
// not allowed to fail every question. It reads 12 bytes, not the file.
func checkParquet(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("无法打开：%w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() < 12 {
		return fmt.Errorf("文件只有 %d 字节，不是完整的 Parquet 文件", st.Size())
	}
	head, tail := make([]byte, 4), make([]byte, 8)
	if _, err := f.ReadAt(head, 0); err != nil {
		return err
	}
	if _, err := f.ReadAt(tail, st.Size()-8); err != nil {
		return err
	}
	footer := int64(tail[0]) | int64(tail[1])<<8 | int64(tail[2])<<16 | int64(tail[3])<<24
	if string(head) != "PAR1" || string(tail[4:]) != "PAR1" || footer <= 0 || footer > st.Size()-12 {
		return fmt.Errorf("文件已损坏（Parquet 文件头或文件尾无效）")
	}
	return nil
}

// Loads returns every load, oldest first.
func (w *Warehouse) Loads() ([]clusterscope.Load, error) {
	m, err := w.readManifest()
	return m.Loads, err
}

// Empty reports whether nothing has been loaded yet.
func (w *Warehouse) Empty() (bool, error) {
	m, err := w.readManifest()
	return len(m.Loads) == 0, err
}

// Swept is what Recover removed, by why it was there.
type Swept struct {
	Interrupted []string // what a killed load left: temporary files, data files no manifest names
	Superseded  []string // earlier loads lists and owners indexes, kept while readers might use them
}

// Recover removes what a killed load left behind and the loads lists that
// later loads superseded. It does nothing while a load runs.
func (w *Warehouse) Recover() (Swept, error) {
	var swept Swept
	unlock, err := w.lock()
	if clusterscope.ErrorCode(err) == clusterscope.ECONFLICT {
		return swept, nil // a load is running: its files are not debris
	} else if err != nil {
		return swept, fmt.Errorf("recover warehouse: %w", err)
	}
	defer unlock()
	m, err := w.readManifest()
	if err != nil {
		return swept, err
	}
	live := map[string]bool{m.LoadsAt: true, m.OwnersAt: true}
	for _, f := range m.Files {
		live[f] = true
	}
	for _, sub := range []string{obsDir, loadsDir, "."} {
		entries, err := os.ReadDir(filepath.Join(w.dir, sub))
		if err != nil {
			return swept, fmt.Errorf("recover warehouse: %w", err)
		}
		for _, e := range entries {
			rel := filepath.ToSlash(filepath.Join(sub, e.Name()))
			if e.IsDir() || (sub == "." && !strings.HasSuffix(rel, tmpSuffix)) || live[rel] {
				continue
			}
			if err := os.Remove(filepath.Join(w.dir, rel)); err != nil {
				return swept, fmt.Errorf("recover warehouse: %w", err)
			}
			if sub == loadsDir && !strings.HasSuffix(rel, tmpSuffix) {
				swept.Superseded = append(swept.Superseded, rel)
			} else {
				swept.Interrupted = append(swept.Interrupted, rel)
			}
		}
	}
	return swept, nil
}
