package warehouse

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

// A backup is a .tar.gz of what a data folder cannot do without: the state
// database (a consistent copy through SQLite), manifest.json, every Parquet
// file it names, and the rule sets. Not in it: cache/ (rebuilt), demo/
// (rewritten by `clusterscope demo`), the lock and the *.migrated files.

// BackupReport says what a backup holds, or what a restore brought back.
type BackupReport struct {
	Version  int64             // the manifest's snapshot version; 0 without loads
	Loads    int               // loads the manifest records
	Parquet  int               // Parquet files
	RuleSets int               // rule set files
	Kept     int               // the calls administrators added, the uploaded originals and the uploads' records
	Audit    sqlite.AuditCheck // the copied database's audit chain: entries and head hash
	Bytes    int64             // size of the archive
}

// backupRetries bounds how often a backup starts over because a load
// replaced the manifest, and a recovery removed a file it named, between
// reading the manifest and opening the files.
const backupRetries = 10

// Backup writes a backup of the warehouse to path (.tar.gz or .tgz), which
// must not exist, while the server and loads go on. It takes no lock: it
// reads the manifest once and copies exactly the files it names, which
// loads never change (each load writes new files and then a new manifest).
// It opens all of them before copying any, so that a recovery removing
// them once a later manifest no longer names them cannot take them away
// mid-copy; should one be gone already, it starts over with the new
// manifest. The archive is written under a temporary name, synced, and
// only then given its name, owner-only: it holds password hashes.
func (w *Warehouse) Backup(path string) (BackupReport, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return BackupReport{}, fmt.Errorf("backup: %w", err)
	}
	if !isArchiveName(abs) {
		return BackupReport{}, clusterscope.Errorf(clusterscope.EINVALID, "备份文件名 %s 须以 .tar.gz 或 .tgz 结尾", path)
	}
	if _, err := os.Lstat(abs); err == nil {
		return BackupReport{}, clusterscope.Errorf(clusterscope.ECONFLICT, "备份文件 %s 已存在：请换一个文件名", abs)
	}
	snap, err := w.openSnapshot()
	if err != nil {
		return BackupReport{}, err
	}
	defer snap.close()
	work, err := os.MkdirTemp(filepath.Dir(abs), ".clusterscope-backup-")
	if err != nil {
		return BackupReport{}, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(work)
	db := filepath.Join(work, sqlite.FileName)
	if err := w.state.Backup(db); err != nil {
		return BackupReport{}, err
	}
	rep := BackupReport{Version: snap.m.Version, Loads: len(snap.m.Loads), Parquet: len(snap.files)}
	if rep.Audit, err = sqlite.Check(db); err != nil {
		return BackupReport{}, fmt.Errorf("backup: the copy of the database: %w", err)
	}
	sets, err := w.ruleSetFiles()
	if err != nil {
		return BackupReport{}, err
	}
	rep.RuleSets = len(sets)
	// What administrators and uploaders keep beside the data: the calls
	// they added, the originals of the files sent through the browser and
	// the record of each upload (written once; the temporary ones are not).
	var kept []string
	for _, d := range []struct{ dir, ext string }{{CallDir, ".toml"}, {uploadsDir, ""}, {uploadRecordsDir, ".json"}} {
		fs, err := w.filesIn(d.dir, d.ext)
		if err != nil {
			return BackupReport{}, err
		}
		kept = append(kept, fs...)
	}
	rep.Kept = len(kept)
	err = writeArchive(abs, func(tw *tar.Writer) error {
		if snap.raw != nil {
			if err := addBytes(tw, manifestName, snap.raw); err != nil {
				return err
			}
		}
		for _, f := range snap.files {
			if err := addFile(tw, f.rel, f.f); err != nil {
				return err
			}
		}
		if err := addPath(tw, sqlite.FileName, db); err != nil {
			return err
		}
		for _, rel := range append(sets, kept...) {
			if err := addPath(tw, rel, filepath.Join(w.dir, rel)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return BackupReport{}, err
	}
	if st, err := os.Stat(abs); err == nil {
		rep.Bytes = st.Size()
	}
	return rep, nil
}

func isArchiveName(path string) bool {
	return strings.HasSuffix(path, ".tar.gz") || strings.HasSuffix(path, ".tgz")
}

// snapshotFiles is one manifest as read, and every file it names, open.
type snapshotFiles struct {
	raw   []byte // manifest.json as read; nil when there is none yet
	m     manifest
	files []openFile
}

type openFile struct {
	rel string
	f   *os.File
}

func (s *snapshotFiles) close() {
	for _, f := range s.files {
		f.f.Close()
	}
	s.files = nil
}

// openSnapshot reads the manifest and opens the files it names; it starts
// over while one of them has been removed since (the manifest changed).
func (w *Warehouse) openSnapshot() (*snapshotFiles, error) {
	for range backupRetries {
		s, err := w.tryOpenSnapshot()
		if !errors.Is(err, fs.ErrNotExist) {
			return s, err
		}
	}
	return nil, clusterscope.Errorf(clusterscope.ECONFLICT, "数据仓库在备份期间不断变化（载入频繁），请稍后重试")
}

func (w *Warehouse) tryOpenSnapshot() (*snapshotFiles, error) {
	s := &snapshotFiles{}
	b, err := os.ReadFile(w.ManifestPath())
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil // nothing loaded yet
	} else if err != nil {
		return nil, fmt.Errorf("backup: read manifest: %w", err)
	}
	if err := json.Unmarshal(b, &s.m); err != nil {
		return nil, fmt.Errorf("backup: read manifest %s: %w", w.ManifestPath(), err)
	}
	s.raw = b
	for _, rel := range s.m.named() {
		f, err := os.Open(filepath.Join(w.dir, rel))
		if err != nil {
			s.close()
			return nil, fmt.Errorf("backup: %w", err) // fs.ErrNotExist: start over
		}
		s.files = append(s.files, openFile{rel, f})
	}
	return s, nil
}

// named returns every file the manifest names, relative.
func (m manifest) named() []string {
	out := append([]string(nil), m.Files...)
	for _, rel := range []string{m.LoadsAt, m.OwnersAt} {
		if rel != "" {
			out = append(out, rel)
		}
	}
	return out
}

// writeArchive writes a .tar.gz to path through a temporary file, synced,
// then linked to its name (never replacing a file made meanwhile).
func writeArchive(path string, fill func(*tar.Writer) error) error {
	tmp := path + tmpSuffix
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp)
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed) // Parquet is compressed already
	tw := tar.NewWriter(zw)
	err = fill(tw)
	if err == nil {
		err = errors.Join(tw.Close(), zw.Close(), f.Sync())
	}
	err = errors.Join(err, f.Close())
	if err == nil {
		err = os.Link(tmp, path)
	}
	if errors.Is(err, fs.ErrExist) {
		return clusterscope.Errorf(clusterscope.ECONFLICT, "备份文件 %s 已存在：请换一个文件名", path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	return nil
}

func addBytes(tw *tar.Writer, name string, b []byte) error {
	if err := tw.WriteHeader(header(name, int64(len(b)))); err != nil {
		return err
	}
	_, err := tw.Write(b)
	return err
}

func addPath(tw *tar.Writer, name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return addFile(tw, name, f)
}

// addFile copies an open file whole, from its start.
func addFile(tw *tar.Writer, name string, f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(header(name, st.Size())); err != nil {
		return err
	}
	if _, err := io.Copy(tw, io.NewSectionReader(f, 0, st.Size())); err != nil {
		return fmt.Errorf("copy %s: %w", name, err)
	}
	return nil
}

func header(name string, size int64) *tar.Header {
	return &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600,
		ModTime: time.Now().UTC().Truncate(time.Second), Format: tar.FormatPAX}
}
