package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"clusterscope"
)

// Backup writes a consistent copy of the database to path, which must not
// exist, while this and other processes go on writing.
//
// It uses VACUUM INTO rather than the online backup API: it is plain SQL,
// so no driver-specific connection is needed; it reads in one transaction,
// which in WAL mode is one snapshot that writers do not wait for, whereas
// the backup API copying step by step starts again whenever another
// process writes; and it writes a compacted file that is complete on its
// own (no -wal beside it). The copy is written under a temporary name,
// synced, and then given its name, so a file at path is always whole.
func (d *DB) Backup(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return clusterscope.Errorf(clusterscope.ECONFLICT, "备份文件 %s 已存在：请换一个文件名", abs)
	}
	tmp := abs + ".tmp"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := d.db.Exec(`VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup %s: %w", d.path, busy(err))
	}
	err = syncFile(tmp)
	if err == nil {
		err = os.Link(tmp, abs) // unlike rename, never replaces a file made meanwhile
	}
	err = errors.Join(err, os.Remove(tmp))
	if err == nil {
		err = syncDir(filepath.Dir(abs))
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Chmod(0o600), f.Sync(), f.Close())
}

// Check opens the database file at path read-only — a backup before it is
// restored — and checks it: SQLite's integrity check, a schema this binary
// can open, and the audit chain. It returns the chain's state, and an
// EINVALID error saying what is wrong when anything is.
func Check(path string) (AuditCheck, error) {
	if _, err := os.Stat(path); err != nil {
		return AuditCheck{}, &clusterscope.Error{Code: clusterscope.ENOTFOUND,
			Message: fmt.Sprintf("找不到数据库文件 %s", path), Err: err}
	}
	db, err := sql.Open("sqlite", dsn(path, "mode=ro&_query_only=1"))
	if err != nil {
		return AuditCheck{}, fmt.Errorf("check %s: %w", path, err)
	}
	defer db.Close()
	return check(db, path)
}

// Check checks the open database as the package's Check does a file.
func (d *DB) Check() (AuditCheck, error) { return check(d.db, d.path) }

func check(db *sql.DB, path string) (AuditCheck, error) {
	bad := func(format string, args ...any) (AuditCheck, error) {
		return AuditCheck{}, clusterscope.Errorf(clusterscope.EINVALID, "数据库 %s 未通过检查："+format, append([]any{path}, args...)...)
	}
	problems, err := list(db, "integrity check", func(r *sql.Rows) (s string, err error) {
		return s, r.Scan(&s)
	}, `PRAGMA integrity_check`)
	if err != nil {
		return bad("无法读取（%v）", err) // not a database, or damaged beyond reading
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return bad("文件已损坏（%v）", problems)
	}
	applied, err := list(db, "schema", func(r *sql.Rows) (m migration, err error) {
		return m, r.Scan(&m.version, &m.name, &m.sum)
	}, `SELECT version, name, sha256 FROM schema_migrations ORDER BY version`)
	if err != nil {
		return bad("不是 clusterscope 的数据库（%v）", err)
	}
	ms, err := migrations()
	if err != nil {
		return AuditCheck{}, err
	}
	if err := compatible(path, applied, ms); err != nil {
		return AuditCheck{}, err
	}
	c, err := verifyAudit(db)
	if err != nil {
		return c, err
	}
	if !c.OK() {
		return c, clusterscope.Errorf(clusterscope.EINVALID, "数据库 %s 未通过检查：%s", path, c.Problem)
	}
	return c, nil
}
