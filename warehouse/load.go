package warehouse

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"clusterscope"
)

// Input is one validated file to store.
type Input struct {
	File         string // the user's file name, for the record
	SHA256       string // of the file's bytes: the same file twice is loaded once
	By           string // who loaded it
	Synthetic    bool   // 演示数据
	Observations []clusterscope.Observation
}

// Load stores one file's observations as a new load. All or nothing: until
// the manifest is replaced, readers see the old snapshot; a crash before
// that leaves only files that Recover removes. Loading a file whose SHA-256
// is already stored changes nothing and returns the earlier load.
func (w *Warehouse) Load(in Input) (l clusterscope.Load, fresh bool, err error) {
	loads, fr, err := w.LoadAll([]Input{in})
	if err != nil {
		return l, false, err
	}
	return loads[0], fr[0], nil
}

// LoadAll stores several files as one load each, in their order, with one
// Parquet file, one loads list and one manifest replace for all of them:
// a folder of a thousand workbooks costs three synced writes, not three
// thousand. All or nothing, as Load. A file whose SHA-256 is already
// stored, or comes earlier in ins, is not stored again: its load is the
// earlier one, and fresh is false.
func (w *Warehouse) LoadAll(ins []Input) (loads []clusterscope.Load, fresh []bool, err error) {
	if len(ins) == 0 {
		return nil, nil, nil
	}
	unlock, err := w.lock()
	if err != nil {
		return nil, nil, err
	}
	defer unlock()
	m, err := w.readManifest()
	if err != nil {
		return nil, nil, err
	}
	known := map[string]clusterscope.Load{}
	for _, old := range m.Loads {
		known[old.SHA256] = old
	}
	id := int64(1)
	if n := len(m.Loads); n > 0 {
		id = m.Loads[n-1].ID + 1
	}
	at := time.Now().UTC().Truncate(time.Second)
	var parts []loadPart
	var added []clusterscope.Load
	for _, in := range ins {
		if old, ok := known[in.SHA256]; ok {
			loads, fresh = append(loads, old), append(fresh, false)
			continue
		}
		clusters := map[string]bool{}
		for _, o := range in.Observations {
			clusters[o.ClusterID+"\x00"+fmt.Sprint(o.Batch)] = true
		}
		l := clusterscope.Load{ID: id, File: filepath.Base(in.File), SHA256: in.SHA256, At: at, By: in.By,
			Rows: len(in.Observations), Clusters: len(clusters), Synthetic: in.Synthetic}
		id++
		known[in.SHA256] = l
		parts = append(parts, loadPart{l.ID, in.Observations})
		added = append(added, l)
		loads, fresh = append(loads, l), append(fresh, true)
	}
	if len(added) == 0 {
		return loads, fresh, nil
	}
	// Named after its first load; a file holds the loads of one call.
	first := added[0]
	obsRel := filepath.ToSlash(filepath.Join(obsDir, fmt.Sprintf("%06d-%.12s.parquet", first.ID, first.SHA256)))
	if err := w.writeAtomic(obsRel, func(f io.Writer) error { return writeObservations(f, parts) }); err != nil {
		return nil, nil, storeError(ins, err)
	}
	next := manifest{Version: m.Version + 1, Loads: append(m.Loads[:len(m.Loads):len(m.Loads)], added...),
		Files: append(m.Files[:len(m.Files):len(m.Files)], obsRel)}
	next.LoadsAt = filepath.ToSlash(filepath.Join(loadsDir, fmt.Sprintf("v%06d.parquet", next.Version)))
	if err := w.writeAtomic(next.LoadsAt, func(f io.Writer) error { return writeLoads(f, next.Loads) }); err != nil {
		os.Remove(filepath.Join(w.dir, obsRel))
		return nil, nil, storeError(ins, err)
	}
	if err := w.writeManifest(next); err != nil {
		os.Remove(filepath.Join(w.dir, obsRel))
		os.Remove(filepath.Join(w.dir, next.LoadsAt))
		return nil, nil, storeError(ins, err)
	}
	return loads, fresh, nil
}

// loadPart is the observations of one load, as written.
type loadPart struct {
	id  int64
	obs []clusterscope.Observation
}

func (w *Warehouse) writeManifest(m manifest) error {
	return w.writeAtomic(manifestName, func(f io.Writer) error {
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
}

// writeAtomic writes rel through a temporary file, synced, then renamed, so
// the name only ever refers to a complete file.
func (w *Warehouse) writeAtomic(rel string, write func(io.Writer) error) (err error) {
	path := filepath.Join(w.dir, rel)
	tmp := path + tmpSuffix
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	var dst io.Writer = f
	if w.writeLimit > 0 {
		dst = &fullDisk{w: f, left: w.writeLimit}
	}
	bw := bufio.NewWriterSize(dst, 1<<20)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// sortRows orders rows so that Parquet row-group statistics let DuckDB
// skip what a question about one batch or cluster does not need.
func sortRows(rows []observationRow) {
	slices.SortStableFunc(rows, func(a, b observationRow) int {
		return cmp.Or(cmp.Compare(a.Batch, b.Batch), strings.Compare(a.ClusterID, b.ClusterID),
			strings.Compare(a.Field, b.Field), cmp.Compare(a.AsOf, b.AsOf))
	})
}

// storeError says plainly when the disk is full — the one storage failure a
// user can do something about — and that nothing was changed.
func storeError(ins []Input, err error) error {
	names := filepath.Base(ins[0].File)
	if len(ins) > 1 {
		names = fmt.Sprintf("%s 等 %d 个文件", names, len(ins))
	}
	if errors.Is(err, syscall.ENOSPC) {
		return &clusterscope.Error{Code: clusterscope.ECONFLICT, Err: err,
			Message: fmt.Sprintf("磁盘空间不足：%s 未载入，数据仓库保持原样。请清理磁盘后重试", names)}
	}
	return fmt.Errorf("store %s: %w", names, err)
}

// fullDisk fails like a full disk once its bytes are spent.
type fullDisk struct {
	w    io.Writer
	left int
}

func (d *fullDisk) Write(p []byte) (int, error) {
	if len(p) > d.left {
		n, _ := d.w.Write(p[:d.left])
		d.left = 0
		return n, &os.PathError{Op: "write", Path: "warehouse", Err: syscall.ENOSPC}
	}
	d.left -= len(p)
	return d.w.Write(p)
}
