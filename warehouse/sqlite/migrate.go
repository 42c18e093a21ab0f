package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"clusterscope"
)

// The schema is numbered SQL files, applied in order at open and recorded
// in schema_migrations. A runner of this size does what goose or
// golang-migrate would do here, without their dozen packages, and does the
// two things this product needs that they leave to the caller: it takes
// the write lock before reading the version (BEGIN IMMEDIATE: a server and
// a CLI starting together do not both migrate) and it refuses a database
// that a newer binary has migrated, or whose applied steps differ from the
// files embedded here.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version   int
	name, sql string
	sum       string // hex SHA-256 of the file
}

// migrations returns the embedded files in order; they must be numbered
// 1, 2, … without a gap (a build-time fact, checked by the tests).
func migrations() ([]migration, error) {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries { // ReadDir sorts by name
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != len(out)+1 {
			return nil, fmt.Errorf("migration %s: want number %04d", e.Name(), len(out)+1)
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		out = append(out, migration{version: v, name: e.Name(), sql: string(b), sum: hex.EncodeToString(sum[:])})
	}
	return out, nil
}

// migrate brings the database at file to the newest embedded schema.
func migrate(ctx context.Context, db *sql.DB, file string) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return inTx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied TEXT NOT NULL) STRICT`); err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT version, name, sha256 FROM schema_migrations ORDER BY version`)
		if err != nil {
			return err
		}
		var applied []migration
		for rows.Next() {
			var m migration
			if err := rows.Scan(&m.version, &m.name, &m.sum); err != nil {
				rows.Close()
				return err
			}
			applied = append(applied, m)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := compatible(file, applied, ms); err != nil {
			return err
		}
		for _, m := range ms[len(applied):] {
			if _, err := tx.Exec(m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.Exec(`INSERT INTO schema_migrations (version, name, sha256, applied) VALUES (?, ?, ?, ?)`,
				m.version, m.name, m.sum, formatTime(time.Now())); err != nil {
				return err
			}
		}
		return nil
	})
}

// compatible refuses a database whose recorded steps are not a prefix of
// the embedded ones: made by a newer binary, or by a different build.
func compatible(file string, applied, ms []migration) error {
	if n := len(applied); n > 0 && applied[n-1].version > len(ms) {
		return &clusterscope.Error{Code: clusterscope.ECONFLICT,
			Message: fmt.Sprintf("数据库 %s 的结构版本为 %d，而本程序只支持到 %d：它已由更新版本的 clusterscope 升级，请改用那个版本（旧版本不能打开新数据，以免损坏）",
				file, applied[n-1].version, len(ms)),
			Err: fmt.Errorf("schema version %d is newer than %d", applied[n-1].version, len(ms))}
	}
	for i, a := range applied {
		if a.version != i+1 || a.sum != ms[i].sum {
			return &clusterscope.Error{Code: clusterscope.ECONFLICT,
				Message: fmt.Sprintf("数据库 %s 的结构第 %d 步（%s）与本程序内置的不一致：它由另一个版本的 clusterscope 建立，请改用那个版本",
					file, a.version, a.name),
				Err: fmt.Errorf("applied migration %d %s (sha256 %s) differs from the embedded one", a.version, a.name, a.sum)}
		}
	}
	return nil
}

// SchemaVersion is the number of the newest migration this binary knows.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}
