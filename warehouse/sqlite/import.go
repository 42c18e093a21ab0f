package sqlite

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"clusterscope"
)

// MigratedSuffix is added to the name of each JSON file of an earlier
// release once it has been imported; the file is kept as a backup.
const MigratedSuffix = ".migrated"

// ImportReport says what Open took in from the files of earlier releases.
type ImportReport struct {
	Users, Overrides, Audit int      // rows imported
	Skipped                 []string // audit.log lines that could not be read, in Chinese
	Kept                    []string // the originals, renamed: users.json.migrated, …
}

// legacy is a file of earlier releases and how to import it into tx.
type legacy struct {
	name, table, label string
	load               func(tx *sql.Tx, name string, b []byte, rep *ImportReport) error
}

var legacyFiles = []legacy{
	{"users.json", "users", "用户", importUsers},
	{"overrides.json", "overrides", "破格推荐", importOverrides},
	{"audit.log", "audit", "审计记录", importAudit},
}

// importLegacy imports the users.json, overrides.json and audit.log in dir
// in one transaction, then renames each to its MigratedSuffix name. Each
// import is recorded with the file's SHA-256, so that a crash before the
// renaming is finished on the next open, and a file changed since (by an
// earlier release run again) is refused rather than imported twice or
// dropped. A file is imported only into an empty table. A nil report means
// there was nothing to import.
func (d *DB) importLegacy(dir string) (*ImportReport, error) {
	type found struct {
		legacy
		data []byte
		sum  string
	}
	var files []found
	for _, l := range legacyFiles {
		b, err := os.ReadFile(filepath.Join(dir, l.name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("import %s: %w", l.name, err)
		}
		sum := sha256.Sum256(b)
		files = append(files, found{l, b, hex.EncodeToString(sum[:])})
	}
	if len(files) == 0 {
		return nil, nil
	}
	rep := &ImportReport{}
	err := d.write(func(tx *sql.Tx) error {
		for _, f := range files {
			var sum string
			err := tx.QueryRow(`SELECT sha256 FROM imports WHERE file = ?`, f.name).Scan(&sum)
			switch {
			case err == nil && sum == f.sum:
				continue // imported by a run that stopped before renaming it
			case err == nil:
				return clusterscope.Errorf(clusterscope.ECONFLICT,
					"%s 已于之前导入数据库，但此后又被改动过（可能又运行了旧版本的 clusterscope）：请核对其中的%s，在 clusterscope 中重新录入后移走该文件",
					filepath.Join(dir, f.name), f.label)
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
			var rows int
			if err := tx.QueryRow(`SELECT count(*) FROM ` + f.table).Scan(&rows); err != nil {
				return err
			} else if rows > 0 {
				return clusterscope.Errorf(clusterscope.ECONFLICT,
					"%s 未导入：数据库中已有%s（可能是升级后又运行了旧版本的 clusterscope）：请核对后移走该文件",
					filepath.Join(dir, f.name), f.label)
			}
			if err := f.load(tx, f.name, f.data, rep); err != nil {
				return err
			}
			if err := tx.QueryRow(`SELECT count(*) FROM ` + f.table).Scan(&rows); err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO imports (file, sha256, rows, at) VALUES (?, ?, ?, ?)`,
				f.name, f.sum, rows, formatTime(time.Now())); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import into %s: %w", d.path, err)
	}
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := os.Rename(path, path+MigratedSuffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("import %s: keep as backup: %w", f.name, err)
		}
		rep.Kept = append(rep.Kept, f.name+MigratedSuffix)
	}
	if err := syncDir(dir); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return rep, nil
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
