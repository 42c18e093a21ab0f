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
	"path"
	"path/filepath"
	"strings"

	"github.com/parquet-go/parquet-go"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

// Restore brings the backup at archive back into dir, which must be empty
// or not exist yet. Everything is unpacked into a folder beside dir and
// checked there — the database by sqlite.Check (integrity, schema, audit
// chain), every Parquet file against the manifest (each it names is there
// and readable, none else, and their rows are those of its loads), every
// rule set — and only then renamed to dir: a refused or interrupted
// restore leaves dir as it was. A refusal is EINVALID and says why.
func Restore(archive, dir string) (BackupReport, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return BackupReport{}, fmt.Errorf("restore: %w", err)
	}
	if err := emptyOrMissing(abs); err != nil {
		return BackupReport{}, err
	}
	f, err := os.Open(archive)
	if err != nil {
		return BackupReport{}, &clusterscope.Error{Code: clusterscope.ENOTFOUND,
			Message: fmt.Sprintf("无法打开备份文件 %s", archive), Err: err}
	}
	defer f.Close()
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return BackupReport{}, fmt.Errorf("restore: %w", err)
	}
	staging, err := os.MkdirTemp(filepath.Dir(abs), ".clusterscope-restore-")
	if err != nil {
		return BackupReport{}, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(staging) // gone by the rename when all went well
	refuse := func(format string, args ...any) error {
		return clusterscope.Errorf(clusterscope.EINVALID, "备份 %s 未恢复：%s", archive, fmt.Sprintf(format, args...))
	}
	names, err := unpack(f, staging, refuse)
	if err != nil {
		return BackupReport{}, err
	}
	rep, err := checkRestored(staging, names, refuse)
	if err != nil {
		return BackupReport{}, err
	}
	if st, err := f.Stat(); err == nil {
		rep.Bytes = st.Size()
	}
	for _, d := range []string{obsDir, loadsDir} {
		if err := os.MkdirAll(filepath.Join(staging, d), 0o755); err != nil {
			return BackupReport{}, fmt.Errorf("restore: %w", err)
		}
	}
	err = errors.Join(os.Chmod(staging, 0o755), syncDir(staging))
	if err == nil {
		err = os.Rename(staging, abs) // replaces an empty folder, never a full one
	}
	if err == nil {
		err = syncDir(filepath.Dir(abs))
	}
	if err != nil {
		return BackupReport{}, fmt.Errorf("restore into %s: %w", abs, err)
	}
	return rep, nil
}

// emptyOrMissing refuses a dir that holds anything: a restore never mixes
// with, or replaces, data that is there.
func emptyOrMissing(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return &clusterscope.Error{Code: clusterscope.EINVALID,
			Message: fmt.Sprintf("无法恢复到 %s：它不是可读的目录", dir), Err: err}
	case len(entries) > 0:
		return clusterscope.Errorf(clusterscope.ECONFLICT,
			"无法恢复到 %s：该目录不是空的（恢复只写入空目录或新目录，以免覆盖现有数据）", dir)
	}
	return nil
}

// unpack writes the archive's files into dir and returns their names. It
// refuses anything a backup does not hold: another kind of entry, a name
// outside the data folder's layout, a name twice, a damaged archive.
func unpack(r io.Reader, dir string, refuse func(string, ...any) error) (map[string]bool, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, refuse("不是 clusterscope backup 写的 .tar.gz 文件（%v）", err)
	}
	names := map[string]bool{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, refuse("备份文件已损坏或不完整（%v）", err)
		}
		if h.Typeflag != tar.TypeReg || !backupName(h.Name) {
			return nil, refuse("其中有不属于备份的条目「%s」", h.Name)
		}
		if names[h.Name] {
			return nil, refuse("条目「%s」出现了两次", h.Name)
		}
		names[h.Name] = true
		if err := unpackFile(tr, filepath.Join(dir, filepath.FromSlash(h.Name))); err != nil {
			if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, refuse("备份文件已损坏或不完整（%v）", err)
			}
			return nil, fmt.Errorf("restore %s: %w", h.Name, err)
		}
	}
	// The gzip trailer's checksum is read only at the end of the stream.
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return nil, refuse("备份文件已损坏或不完整（%v）", err)
	}
	return names, nil
}

// backupName reports whether name is a path that a backup holds.
func backupName(name string) bool {
	if name == manifestName || name == sqlite.FileName {
		return true
	}
	sub, base := path.Split(name)
	ext, ok := map[string]string{obsDir + "/": ".parquet", loadsDir + "/": ".parquet", RuleSetDir + "/": ".toml",
		CallDir + "/": ".toml", uploadsDir + "/": "", uploadRecordsDir + "/": ".json"}[sub]
	return ok && base != "" && strings.HasSuffix(base, ext) && !strings.HasPrefix(base, ".") && path.Clean(name) == name
}

func unpackFile(r io.Reader, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if filepath.Base(path) == sqlite.FileName {
		mode = 0o600 // password hashes
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, mode)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return errors.Join(err, f.Sync(), f.Close())
}

// checkRestored checks the unpacked files in dir, names being all of them.
func checkRestored(dir string, names map[string]bool, refuse func(string, ...any) error) (BackupReport, error) {
	var rep BackupReport
	if !names[sqlite.FileName] {
		return rep, refuse("其中没有数据库 %s", sqlite.FileName)
	}
	c, err := sqlite.Check(filepath.Join(dir, sqlite.FileName))
	if err != nil {
		return rep, refuse("%s", clusterscope.ErrorMessage(err))
	}
	rep.Audit = c
	var m manifest
	if names[manifestName] {
		b, err := os.ReadFile(filepath.Join(dir, manifestName))
		if err == nil {
			err = json.Unmarshal(b, &m)
		}
		if err != nil {
			return rep, refuse("其中的 %s 无法读取（%v）", manifestName, err)
		}
	}
	rep.Version, rep.Loads = m.Version, len(m.Loads)
	named := map[string]bool{}
	for _, rel := range m.named() {
		if !names[rel] {
			return rep, refuse("清单 %s 所列的数据文件 %s 不在备份中", manifestName, rel)
		}
		named[rel] = true
	}
	for name := range names {
		if strings.HasSuffix(name, ".parquet") && !named[name] {
			return rep, refuse("数据文件 %s 不在清单 %s 中", name, manifestName)
		}
	}
	if err := checkRows(dir, m, refuse); err != nil {
		return rep, err
	}
	rep.Parquet = len(named)
	for name := range names {
		if strings.HasPrefix(name, uploadsDir+"/") {
			rep.Kept++ // an original as it was sent, or the record of its upload
		}
		if !strings.HasPrefix(name, CallDir+"/") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err == nil {
			_, err = ParseCall(path.Base(name), b)
		}
		if err != nil {
			return rep, refuse("推荐通知文件 %s 无效：%s", name, clusterscope.ErrorMessage(err))
		}
		rep.Kept++
	}
	for name := range names {
		if !strings.HasPrefix(name, RuleSetDir+"/") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err == nil {
			_, err = ParseRuleSet(path.Base(name), b)
		}
		if err != nil {
			return rep, refuse("认定标准文件 %s 无效：%s", name, clusterscope.ErrorMessage(err))
		}
		rep.RuleSets++
	}
	return rep, nil
}

// checkRows opens every Parquet file the manifest names and compares its
// rows with the loads it records: the observation files hold the rows of
// all loads together, the loads list one row per load.
func checkRows(dir string, m manifest, refuse func(string, ...any) error) error {
	want := int64(0)
	for _, l := range m.Loads {
		want += int64(l.Rows)
	}
	got := int64(0)
	for _, rel := range m.named() {
		n, err := parquetRows(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return refuse("数据文件 %s 已损坏（%v）", rel, err)
		}
		switch rel {
		case m.LoadsAt:
			if n != int64(len(m.Loads)) {
				return refuse("载入记录 %s 有 %d 行，清单记有 %d 次载入", rel, n, len(m.Loads))
			}
		case m.OwnersAt:
		default:
			got += n
		}
	}
	if got != want {
		return refuse("数据文件共有 %d 行观测值，而清单所记的载入共有 %d 行", got, want)
	}
	return nil
}

func parquetRows(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return 0, err
	}
	return pf.NumRows(), nil
}
