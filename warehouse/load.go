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
	// Scope is the loader's region: a file may write only into clusters
	// that are, and stay, within it (clusterscope.CheckOwners). All, the
	// zero value, is an administrator's.
	Scope clusterscope.Scope
}

// Stored is what became of one Input.
type Stored struct {
	Load  clusterscope.Load
	Fresh bool // false: this exact file was stored before (Load is that load), or it was refused
	// Refused says why the file may not be stored by its loader; nothing
	// of it was.
	Refused []clusterscope.Problem
	Moves   []clusterscope.Move // clusters the load put in another region, each audited
}

// Load stores one file's observations as a new load. All or nothing: until
// the manifest is replaced, readers see the old snapshot; a crash before
// that leaves only files that Recover removes. Loading a file whose SHA-256
// is already stored changes nothing and returns the earlier load. A file
// its loader may not store is a *clusterscope.ValidationError.
func (w *Warehouse) Load(in Input) (l clusterscope.Load, fresh bool, err error) {
	out, err := w.LoadAll([]Input{in})
	if err != nil {
		return l, false, err
	}
	if out[0].Refused != nil {
		return l, false, &clusterscope.ValidationError{File: in.File, Problems: out[0].Refused}
	}
	return out[0].Load, out[0].Fresh, nil
}

// LoadAll stores several files as one load each, in their order, with one
// Parquet file, one loads list and one manifest replace for all of them:
// a folder of a thousand workbooks costs three synced writes, not three
// thousand. All or nothing, as Load. A file whose SHA-256 is already
// stored, or comes earlier in ins, is not stored again: its load is the
// earlier one, and fresh is false. Under the same lock, each file is
// checked against the clusters already stored, and those of the files
// before it (clusterscope.CheckOwners): a file that would write into
// another region's cluster is refused alone. A move of a cluster to
// another region is audited before the manifest names it, so none is
// stored unaudited.
func (w *Warehouse) LoadAll(ins []Input) (out []Stored, err error) {
	if len(ins) == 0 {
		return nil, nil
	}
	unlock, err := w.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	m, own, err := w.current()
	if err != nil {
		return nil, err
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
	var moves []clusterscope.AuditEntry
	for _, in := range ins {
		if old, ok := known[in.SHA256]; ok {
			out = append(out, Stored{Load: old})
			continue
		}
		name := filepath.Base(in.File)
		refused, moved := clusterscope.CheckOwners(name, in.Observations, own, in.Scope)
		if len(refused) > 0 {
			out = append(out, Stored{Refused: refused})
			continue
		}
		keys, _ := clusterscope.Claims(in.Observations)
		own.add(in.Observations)
		l := clusterscope.Load{ID: id, File: name, SHA256: in.SHA256, At: at, By: in.By,
			Rows: len(in.Observations), Clusters: len(keys), Synthetic: in.Synthetic}
		id++
		known[in.SHA256] = l
		parts = append(parts, loadPart{l.ID, in.Observations})
		added = append(added, l)
		for _, mv := range moved {
			moves = append(moves, moveEntry(l, mv))
		}
		out = append(out, Stored{Load: l, Fresh: true, Moves: moved})
	}
	if len(added) == 0 {
		return out, nil
	}
	// Named after its first load; a file holds the loads of one call.
	first := added[0]
	obsRel := filepath.ToSlash(filepath.Join(obsDir, fmt.Sprintf("%06d-%.12s.parquet", first.ID, first.SHA256)))
	if err := w.writeAtomic(obsRel, func(f io.Writer) error { return writeObservations(f, parts) }); err != nil {
		return nil, storeError(ins, err)
	}
	next := manifest{Version: m.Version + 1, Loads: append(m.Loads[:len(m.Loads):len(m.Loads)], added...),
		Files: append(m.Files[:len(m.Files):len(m.Files)], obsRel)}
	next.LoadsAt = filepath.ToSlash(filepath.Join(loadsDir, fmt.Sprintf("v%06d.parquet", next.Version)))
	next.OwnersAt = filepath.ToSlash(filepath.Join(loadsDir, fmt.Sprintf("owners-v%06d.parquet", next.Version)))
	written := []string{obsRel}
	undo := func(err error) ([]Stored, error) {
		for _, rel := range written {
			os.Remove(filepath.Join(w.dir, rel))
		}
		return nil, storeError(ins, err)
	}
	if err := w.writeAtomic(next.LoadsAt, func(f io.Writer) error { return writeLoads(f, next.Loads) }); err != nil {
		return undo(err)
	}
	written = append(written, next.LoadsAt)
	if err := w.writeAtomic(next.OwnersAt, func(f io.Writer) error { return writeOwners(f, own) }); err != nil {
		return undo(err)
	}
	written = append(written, next.OwnersAt)
	for _, e := range moves {
		if err := w.Audit(e); err != nil {
			return undo(err)
		}
	}
	if err := w.writeManifest(next); err != nil {
		return undo(err)
	}
	return out, nil
}

// moveEntry is the audit entry of a load that moves a cluster: who, which
// cluster, from where to where, by which file and load.
func moveEntry(l clusterscope.Load, mv clusterscope.Move) clusterscope.AuditEntry {
	return clusterscope.AuditEntry{At: l.At, Who: l.By, Action: clusterscope.AuditMove,
		Target: fmt.Sprintf("集群 %s（批次 %d）", mv.Cluster.ID, mv.Cluster.Batch),
		Detail: fmt.Sprintf("所属地区由「%s」改为「%s」：%s，第 %d 次载入", mv.From.Label(), mv.To.Label(), l.File, l.ID)}
}

// loadPart is the observations of one load, as written.
type loadPart struct {
	id  int64
	obs []clusterscope.Observation
}

func (w *Warehouse) writeManifest(m manifest) error {
	m.Format = manifestFormat
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
