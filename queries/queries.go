// Package queries answers the dashboard's questions with DuckDB
// (github.com/duckdb/duckdb-go/v2) over the warehouse's Parquet files. Each
// question is one embedded .sql file named after it; parameters are bound.
package queries

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"os"
	"runtime"
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

// DB is an in-process DuckDB whose tables hold one snapshot of the
// warehouse. It never writes to the warehouse, so it holds no lock on it.
type DB struct {
	opt     Options
	spill   string        // DuckDB's temporary folders, removed by Close
	gate    chan struct{} // bounds the questions DuckDB runs at once
	useMu   sync.Mutex    // one Use at a time
	mu      sync.RWMutex  // queries read; Use swaps the database
	conn    *duckdb.Connector
	db      *sql.DB
	path    string // the read-only snapshot file db is; "" in memory
	version int64
	demo    bool
	corrupt []string
	answers *Cache[any] // per snapshot, bounded in rows; see ask.go

	stmtMu sync.Mutex
	stmts  map[string]*statement // each question prepared once per database (see prepared)
}

// Options tune a DB; the zero value keeps everything in memory, as tests
// and one-off commands want.
type Options struct {
	// CacheDir, when set, keeps each snapshot's tables in a compressed
	// DuckDB file there (see snapshot.go): built once per load, shared by
	// restarts, and paged in and out by DuckDB within MemoryLimit.
	CacheDir string
	// MemoryLimit caps DuckDB's memory, as DuckDB spells it ("256MB");
	// empty leaves DuckDB's default of 80 % of the machine's memory.
	MemoryLimit string
}

// Open starts an in-memory DuckDB with empty tables.
func Open() (*DB, error) { return OpenWith(Options{}) }

// OpenWith starts a DuckDB with empty tables, tuned by opt.
func OpenWith(opt Options) (*DB, error) {
	spill, err := os.MkdirTemp("", "clusterscope-duckdb-")
	if err != nil {
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	d := &DB{opt: opt, spill: spill, gate: make(chan struct{}, n), version: -1,
		answers: NewCache[any](maxCachedRows, maxCachedRows)}
	if d.conn, d.db, err = d.connect(""); err == nil {
		err = d.exec(d.db, d.tables(clusterscope.Snapshot{}))
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// connect opens a DuckDB database — in memory for "", else a read-only
// snapshot file — with the memory limit and spill folder of d.
func (d *DB) connect(path string) (*duckdb.Connector, *sql.DB, error) {
	dsn := ""
	if path != "" {
		dsn = path + "?access_mode=READ_ONLY"
	}
	conn, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("open duckdb %s: %w", path, err)
	}
	db := sql.OpenDB(conn)
	if err := d.configure(db); err != nil {
		db.Close()
		conn.Close()
		return nil, nil, err
	}
	return conn, db, nil
}

// configure applies the memory limit and keeps DuckDB's spilled data out of
// the working directory (its default), in a folder of its own: two
// databases open at once (a build beside the one serving, or the next
// snapshot's beside the last) would otherwise share temporary file names.
func (d *DB) configure(db *sql.DB) error {
	dir, err := os.MkdirTemp(d.spill, "db-")
	if err != nil {
		return fmt.Errorf("duckdb temporary folder: %w", err)
	}
	stmts := []string{"SET temp_directory = " + quote(dir)}
	if d.opt.MemoryLimit != "" {
		stmts = append(stmts, "SET memory_limit = "+quote(d.opt.MemoryLimit))
	}
	return d.exec(db, stmts)
}

// exec runs the statements in order on one connection of db: a temporary
// table made by one is seen by the next.
func (d *DB) exec(db *sql.DB, stmts []string) error {
	conn, err := db.Conn(context.Background())
	if err != nil {
		return fmt.Errorf("duckdb: %w", err)
	}
	defer conn.Close()
	for _, q := range stmts {
		var err error
		if strings.Contains(q, figuresInsertNote) {
			err = insertFigures(context.Background(), conn, q)
		} else {
			_, err = conn.ExecContext(context.Background(), q)
		}
		if err != nil {
			return fmt.Errorf("duckdb: %.40s: %w", q, err)
		}
	}
	return nil
}

// Close releases DuckDB.
func (d *DB) Close() error {
	var err error
	d.forgetStatements()
	if d.db != nil {
		err = d.db.Close()
	}
	if d.conn != nil {
		if cerr := d.conn.Close(); err == nil {
			err = cerr
		}
	}
	os.RemoveAll(d.spill)
	return err
}

// Version returns the snapshot version the views read.
func (d *DB) Version() int64 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.version
}

// SnapshotFile is the path of the snapshot file the views read, "" when
// its tables are in memory. What a reader keeps beside it is named after
// it (the path and a suffix after a dot), and is removed with it.
func (d *DB) SnapshotFile() string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.path
}

// Demo reports whether the data in view is synthetic (演示数据).
func (d *DB) Demo() bool {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.demo
}

// Corrupt lists the damaged files the views leave out.
func (d *DB) Corrupt() []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.corrupt
}
