// Package queries answers the dashboard's questions with DuckDB
// (github.com/duckdb/duckdb-go/v2) over the warehouse's Parquet files. Each
// question is one embedded .sql file named after it; parameters are bound.
package queries

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"
	"sync"

	"github.com/duckdb/duckdb-go/v2"

	"clusterscope"
)

//go:embed *.sql
var files embed.FS

// SQL returns the text of the named question ("compare.Headline").
func SQL(name string) string {
	b, err := files.ReadFile(name + ".sql")
	if err != nil {
		panic("queries: no file " + name + ".sql") // a typo in our code, caught by tests
	}
	return string(b)
}

// Names lists every embedded question, for tests and tools.
func Names() []string {
	entries, _ := files.ReadDir(".")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".sql"))
	}
	return out
}

// DB is an in-process, in-memory DuckDB whose views read one snapshot of
// the warehouse. It never writes to the warehouse, so it holds no lock on it.
type DB struct {
	conn    *duckdb.Connector
	db      *sql.DB
	mu      sync.RWMutex // queries read; Use swaps the views
	version int64
	demo    bool
	corrupt []string
	answers answers // per snapshot; see cache.go
}

// Open starts an in-memory DuckDB with empty views.
func Open() (*DB, error) {
	conn, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	d := &DB{conn: conn, db: sql.OpenDB(conn), version: -1}
	if err := d.Use(clusterscope.Snapshot{}); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// Close releases DuckDB.
func (d *DB) Close() error {
	err := d.db.Close()
	if cerr := d.conn.Close(); err == nil {
		err = cerr
	}
	return err
}

// Version returns the snapshot version the views read.
func (d *DB) Version() int64 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.version
}

// Demo reports whether the data in view is synthetic (演示数据).
func (d *DB) Demo() bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.demo
}

// Use points the views at a snapshot's files.
func (d *DB) Use(s clusterscope.Snapshot) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.answers.reset() // even if this fails: the views may have changed
	stmts := []string{
		"CREATE OR REPLACE VIEW raw_observations AS " + parquetOrEmpty(s.Observations, emptyObservations),
		"CREATE OR REPLACE VIEW loads AS " + parquetOrEmpty(nonEmpty(s.Loads), emptyLoads),
		SQL("view.Observations"),
		SQL("view.Clusters"),
		SQL("view.Selected"),
	}
	for _, q := range stmts {
		if _, err := d.db.Exec(q); err != nil {
			return fmt.Errorf("use snapshot %d: %w", s.Version, err)
		}
	}
	d.version, d.demo, d.corrupt = s.Version, s.Demo, s.Corrupt
	return nil
}

// Corrupt lists the damaged files the views leave out.
func (d *DB) Corrupt() []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.corrupt
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
		quoted[i] = "'" + strings.ReplaceAll(p, "'", "''") + "'"
	}
	return "SELECT * FROM read_parquet([" + strings.Join(quoted, ", ") + "])"
}

// Filter selects clusters; zero values select everything (within scope).
type Filter struct {
	Batch           int
	Province        string
	City            string
	IndustryType    string
	LeadingIndustry string
	Status          string // "", "recognised" or "candidate"
	Q               string // part of a name, or a cluster id
}

func (f Filter) args() []any {
	return []any{sql.Named("batch", f.Batch), sql.Named("province", f.Province), sql.Named("city", f.City),
		sql.Named("industry_type", f.IndustryType), sql.Named("leading_industry", f.LeadingIndustry),
		sql.Named("status", f.Status), sql.Named("q", f.Q)}
}

// query runs a named question under the read lock. The user's scope is
// bound to every question; the selected() macro applies it.
func (d *DB) query(ctx context.Context, name string, scope clusterscope.Scope, scan func(*sql.Rows) error, args ...any) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	args = append(args, sql.Named("scope_province", scope.Province), sql.Named("scope_city", scope.City))
	rows, err := d.db.QueryContext(ctx, SQL(name), args...)
	if err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("query %s: %w", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	return nil
}

// Exec runs a named question and discards its rows (tests and warm-up).
func (d *DB) Exec(ctx context.Context, name string, scope clusterscope.Scope, args ...any) error {
	return d.query(ctx, name, scope, func(*sql.Rows) error { return nil }, args...)
}
