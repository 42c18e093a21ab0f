package queries

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"clusterscope"
)

// Use points the questions at a snapshot. With a cache folder, it opens
// the snapshot's DuckDB file, building it first when no process has yet:
// the build runs while questions are still answered from the snapshot
// before. Without one, or when the file cannot be made (a warehouse the
// server may only read), it builds the tables in memory, in place.
func (d *DB) Use(s clusterscope.Snapshot) error {
	d.useMu.Lock()
	defer d.useMu.Unlock()
	if d.opt.CacheDir != "" {
		conn, db, path, err := d.openSnapshot(s)
		if err == nil {
			d.swap(conn, db, path, s)
			return nil
		}
		slog.Warn("snapshot file unavailable: tables built in memory instead", "err", err)
	}
	if d.path != "" { // a read-only snapshot file: the tables go into a new in-memory database
		conn, db, err := d.connect("")
		if err != nil {
			return fmt.Errorf("use snapshot %d: %w", s.Version, err)
		}
		d.swap(conn, db, "", clusterscope.Snapshot{Version: -1})
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.answers.Reset() // even if this fails: the tables may have changed
	d.forgetStatements()
	if err := d.exec(d.db, d.tables(s)); err != nil {
		return fmt.Errorf("use snapshot %d: %w", s.Version, err)
	}
	d.version, d.demo, d.corrupt = s.Version, s.Demo, s.Corrupt
	return nil
}

// swap makes db the database questions read (the snapshot file at path,
// or "" in memory), and closes the one before once the questions on it
// are answered.
func (d *DB) swap(conn *duckdb.Connector, db *sql.DB, path string, s clusterscope.Snapshot) {
	d.mu.Lock()
	oldConn, oldDB := d.conn, d.db
	d.forgetStatements()
	d.conn, d.db, d.path = conn, db, path
	d.answers.Reset()
	d.version, d.demo, d.corrupt = s.Version, s.Demo, s.Corrupt
	d.mu.Unlock()
	oldDB.Close()
	oldConn.Close()
}

// tables are the statements that make a snapshot's tables: views of its
// Parquet files; from the live observations (a temporary table, see
// view.Live) the tables the questions read — clusters, the wide figures,
// targets and texts, the texts the consistency check compares, the
// reports' receipts — and the long observations,
// for lineage and history;
// and the selected() macro every question goes through. They run on one
// connection (exec), which the temporary table belongs to.
func (d *DB) tables(s clusterscope.Snapshot) []string {
	stmts := []string{
		"CREATE OR REPLACE VIEW raw_observations AS " + parquetOrEmpty(s.Observations, emptyObservations),
		"CREATE OR REPLACE VIEW loads AS " + parquetOrEmpty(nonEmpty(s.Loads), emptyLoads),
		SQL("view.Live"),
		SQL("view.Clusters"),
	}
	return append(append(stmts, figuresTable(clusterscope.DefaultCatalog())...),
		SQL("view.Targets"),
		SQL("view.Texts"),
		SQL("view.Copies"),
		SQL("view.Contacts"),
		SQL("view.Receipts"),
		SQL("view.Observations"),
		"DROP TABLE live",
		SQL("view.Selected"),
	)
}

// snapshotFile names a snapshot's DuckDB file after everything its
// contents follow from: the files it reads (absolute, so the name is the
// same from any working directory) and the statements that build it, so a
// new load or a new version of the SQL gets a new file.
func (d *DB) snapshotFile(s clusterscope.Snapshot) (clusterscope.Snapshot, string, error) {
	abs := func(p string) (string, error) {
		if p == "" {
			return "", nil
		}
		return filepath.Abs(p)
	}
	var err error
	s.Observations = append([]string(nil), s.Observations...)
	for i, p := range s.Observations {
		if s.Observations[i], err = abs(p); err != nil {
			return s, "", err
		}
	}
	if s.Loads, err = abs(s.Loads); err != nil {
		return s, "", err
	}
	h := sha256.New()
	for _, q := range d.tables(s) {
		fmt.Fprintf(h, "%s\x00", q)
	}
	name := "snapshot-" + hex.EncodeToString(h.Sum(nil))[:24] + ".duckdb"
	return s, filepath.Join(d.opt.CacheDir, name), nil
}

// openSnapshot opens the snapshot's file read-only, building it if needed.
// A file that will not open (cut short by a crash, say) is built again.
func (d *DB) openSnapshot(s clusterscope.Snapshot) (*duckdb.Connector, *sql.DB, string, error) {
	s, path, err := d.snapshotFile(s)
	if err != nil {
		return nil, nil, "", err
	}
	if err := os.MkdirAll(d.opt.CacheDir, 0o755); err != nil {
		return nil, nil, "", fmt.Errorf("cache folder: %w", err)
	}
	for attempt := 0; ; attempt++ {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			if err := d.build(path, s); err != nil {
				return nil, nil, "", err
			}
		}
		conn, db, err := d.connect(path)
		if err == nil {
			err = db.QueryRow("SELECT count(*) FROM clusters").Scan(new(int64))
			if err != nil {
				db.Close()
				conn.Close()
			}
		}
		if err == nil {
			d.prune(path)
			return conn, db, path, nil
		}
		if attempt > 0 {
			return nil, nil, "", err
		}
		os.Remove(path)
	}
}

// build writes the snapshot's tables to a private file and renames it into
// place, so another process never opens a half-built one.
func (d *DB) build(path string, s clusterscope.Snapshot) error {
	tmp := fmt.Sprintf("%s.%d.%d.tmp", path, os.Getpid(), time.Now().UnixNano())
	defer os.Remove(tmp)
	defer os.Remove(tmp + ".wal")
	conn, err := duckdb.NewConnector(tmp, nil)
	if err != nil {
		return fmt.Errorf("build %s: %w", filepath.Base(path), err)
	}
	db := sql.OpenDB(conn)
	err = d.configure(db)
	if err == nil {
		err = d.exec(db, append(d.tables(s), "CHECKPOINT"))
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if cerr := conn.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return fmt.Errorf("build %s: %w", filepath.Base(path), err)
	}
	return nil
}

// prune removes the files of other snapshots, what was kept beside them
// (named after them, see SnapshotFile), and builds abandoned an hour ago.
// A process still reading an old file keeps it until it closes it.
func (d *DB) prune(keep string) {
	entries, _ := os.ReadDir(d.opt.CacheDir)
	for _, e := range entries {
		p := filepath.Join(d.opt.CacheDir, e.Name())
		switch {
		case !strings.HasPrefix(e.Name(), "snapshot-") || p == keep:
		case strings.HasSuffix(e.Name(), ".tmp") || strings.HasSuffix(e.Name(), ".wal"):
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
				os.Remove(p)
			}
		case strings.HasSuffix(e.Name(), ".duckdb") || !strings.HasPrefix(e.Name(), filepath.Base(keep)+"."):
			os.Remove(p)
		}
	}
}

const (
	emptyObservations = `SELECT NULL::BIGINT AS load_id, NULL::VARCHAR AS cluster_id, NULL::INTEGER AS batch,
	NULL::INTEGER AS report, NULL::VARCHAR AS field, NULL::INTEGER AS year, NULL::INTEGER AS as_of,
	NULL::VARCHAR AS value, NULL::DOUBLE AS num, NULL::INTEGER AS line WHERE false`
	emptyLoads = `SELECT NULL::BIGINT AS load_id, NULL::VARCHAR AS file, NULL::VARCHAR AS sha256,
	NULL::VARCHAR AS loaded_at, NULL::VARCHAR AS loaded_by, NULL::BIGINT AS rows, NULL::BIGINT AS clusters,
	NULL::BOOLEAN AS synthetic WHERE false`
)

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// parquetOrEmpty reads the files, or yields the empty relation. The paths
// come from our own manifest, never from a user; quoting is still applied.
func parquetOrEmpty(paths []string, empty string) string {
	if len(paths) == 0 {
		return empty
	}
	quoted := make([]string, len(paths))
	for i, p := range paths {
		quoted[i] = quote(p)
	}
	return "SELECT * FROM read_parquet([" + strings.Join(quoted, ", ") + "])"
}

// quote makes a DuckDB string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
