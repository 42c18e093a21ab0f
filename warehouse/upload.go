package warehouse

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	"clusterscope"
)

// Files sent through the browser: the originals of stored files by SHA-256
// under uploads/, one record per upload under uploads/records/, and the
// bytes of uploads being checked under uploads/tmp/ until they are stored
// or given up.
const (
	uploadsDir        = "uploads"
	uploadRecordsDir  = "uploads/records"
	uploadTempDir     = "uploads/tmp"
	maxRecordProblems = 1000 // per file: a record is for reading back, the page showed them all
)

var (
	uploadID = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{16}$`)
	sha256Re = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// NewUpload makes the folder that keeps the bytes of a new upload until it
// is stored, and the upload's id (sortable by time).
func (w *Warehouse) NewUpload() (id, dir string, err error) {
	b := make([]byte, 8)
	rand.Read(b) // never fails (crypto/rand)
	id = time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
	dir = filepath.Join(w.dir, uploadTempDir, id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", fmt.Errorf("new upload: %w", err)
	}
	return id, dir, nil
}

// SweepUploads removes the folders of uploads begun more than age ago and
// never stored nor given up (a server stopped between check and store).
func (w *Warehouse) SweepUploads(age time.Duration) error {
	entries, err := os.ReadDir(filepath.Join(w.dir, uploadTempDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("sweep uploads: %w", err)
	}
	cutoff := time.Now().Add(-age)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.ModTime().Before(cutoff) {
			if err := os.RemoveAll(filepath.Join(w.dir, uploadTempDir, e.Name())); err != nil {
				return fmt.Errorf("sweep uploads: %w", err)
			}
		}
	}
	return nil
}

// KeepUpload moves the stored file at path to the originals, named by its
// SHA-256; an original already kept stays as it is.
func (w *Warehouse) KeepUpload(sha, path string) error {
	if !sha256Re.MatchString(sha) {
		return fmt.Errorf("keep upload: bad SHA-256 %q", sha)
	}
	dst := filepath.Join(w.dir, uploadsDir, sha)
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return fmt.Errorf("keep upload: %w", err)
	}
	if err := os.Rename(path, dst); err != nil {
		return fmt.Errorf("keep upload: %w", err)
	}
	return syncDir(filepath.Dir(dst))
}

// OpenUpload opens the kept original with the SHA-256.
func (w *Warehouse) OpenUpload(sha string) (*os.File, error) {
	if !sha256Re.MatchString(sha) {
		return nil, clusterscope.Errorf(clusterscope.ENOTFOUND, "没有这个文件")
	}
	f, err := os.Open(filepath.Join(w.dir, uploadsDir, sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, clusterscope.Errorf(clusterscope.ENOTFOUND, "没有这个文件")
	}
	return f, err
}

// SaveUpload writes (or replaces, as the upload goes from checked to
// stored) the record of an upload, atomically. Each file keeps at most
// maxRecordProblems problems.
func (w *Warehouse) SaveUpload(rec clusterscope.UploadRecord) error {
	if !uploadID.MatchString(rec.ID) {
		return fmt.Errorf("save upload: bad id %q", rec.ID)
	}
	if err := os.MkdirAll(filepath.Join(w.dir, uploadRecordsDir), 0o700); err != nil {
		return fmt.Errorf("save upload: %w", err)
	}
	rec.Files = append([]clusterscope.FileResult(nil), rec.Files...)
	for i := range rec.Files {
		if ps := rec.Files[i].Problems; len(ps) > maxRecordProblems {
			rec.Files[i].Problems = ps[:maxRecordProblems]
		}
	}
	rel := filepath.Join(uploadRecordsDir, rec.ID+".json")
	if err := w.writeAtomic(rel, func(f io.Writer) error { return json.NewEncoder(f).Encode(rec) }); err != nil {
		return fmt.Errorf("save upload: %w", err)
	}
	return nil
}

// Upload returns the record with the id.
func (w *Warehouse) Upload(id string) (clusterscope.UploadRecord, error) {
	var rec clusterscope.UploadRecord
	if !uploadID.MatchString(id) {
		return rec, clusterscope.Errorf(clusterscope.ENOTFOUND, "没有编号为「%s」的上传记录", id)
	}
	b, err := os.ReadFile(filepath.Join(w.dir, uploadRecordsDir, id+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return rec, clusterscope.Errorf(clusterscope.ENOTFOUND, "没有编号为「%s」的上传记录", id)
	} else if err != nil {
		return rec, fmt.Errorf("read upload %s: %w", id, err)
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return rec, fmt.Errorf("read upload %s: %w", id, err)
	}
	return rec, nil
}

// Uploads returns the newest records first, at most n (n ≤ 0: all), of
// who's uploads, or everyone's when who is "".
func (w *Warehouse) Uploads(who string, n int) ([]clusterscope.UploadRecord, error) {
	entries, err := os.ReadDir(filepath.Join(w.dir, uploadRecordsDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read uploads: %w", err)
	}
	var ids []string
	for _, e := range entries {
		if id, ok := cutJSON(e.Name()); ok && uploadID.MatchString(id) {
			ids = append(ids, id)
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(ids)))
	var out []clusterscope.UploadRecord
	for _, id := range ids {
		rec, err := w.Upload(id)
		if err != nil {
			return nil, err
		}
		if who == "" || rec.Who == who {
			out = append(out, rec)
		}
		if n > 0 && len(out) == n {
			break
		}
	}
	return out, nil
}

func cutJSON(name string) (string, bool) {
	if filepath.Ext(name) != ".json" {
		return "", false
	}
	return name[:len(name)-len(".json")], true
}
