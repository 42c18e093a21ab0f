package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"clusterscope"
)

// FileName is the database's name in the data folder; SQLite keeps its
// write-ahead log beside it as FileName-wal and FileName-shm.
const FileName = "state.db"

// busyTimeout is how long a write waits for another process's write.
const busyTimeout = 10 * time.Second

// DB is the state database of one data folder. It is safe for concurrent
// use, and other processes may have the same database open.
type DB struct {
	db   *sql.DB
	path string
	// mu orders this process's writes, so that they queue here rather than
	// poll SQLite's lock; other processes are ordered by the busy timeout.
	mu       sync.Mutex
	imported *ImportReport
	// stmts are the reads every request makes (its account, the stamps of
	// the decisions and overrides), prepared once: preparing them anew was
	// an eighth of the server's CPU once its pages were cached.
	stmts sync.Map // query → *sql.Stmt
}

// prepared is query prepared on the database once, for the reads every
// request makes. A *sql.Stmt serves any connection and any goroutine.
func (d *DB) prepared(query string) (*sql.Stmt, error) {
	if st, ok := d.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := d.db.Prepare(query)
	if err != nil {
		return nil, err
	}
	if first, raced := d.stmts.LoadOrStore(query, st); raced {
		st.Close()
		return first.(*sql.Stmt), nil
	}
	return st, nil
}

// Open opens the database in dir, creating it and the folder if needed,
// brings its schema up to date, and on the first open of a folder that
// still has the JSON files of earlier releases imports them (see Import).
func Open(dir string) (*DB, error) {
	abs, err := filepath.Abs(dir)
	if err == nil {
		err = os.MkdirAll(abs, 0o755)
	}
	if err != nil {
		return nil, fmt.Errorf("open state database in %s: %w", dir, err)
	}
	d, err := openFile(filepath.Join(abs, FileName))
	if err != nil {
		return nil, err
	}
	if d.imported, err = d.importLegacy(abs); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// openFile opens and migrates the database at path.
func openFile(path string) (*DB, error) {
	// Owner-only: it holds password hashes. SQLite gives its -wal and -shm
	// files the mode of the database file.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err == nil {
		err = errors.Join(f.Chmod(0o600), f.Close())
	}
	if err != nil {
		return nil, fmt.Errorf("open state database: %w", err)
	}
	db, err := sql.Open("sqlite", dsn(path, "_journal_mode=WAL&_synchronous=FULL&_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("open state database %s: %w", path, err)
	}
	if err := migrate(context.Background(), db, path); err != nil {
		db.Close()
		return nil, fmt.Errorf("open state database %s: %w", path, busy(err))
	}
	return &DB{db: db, path: path}, nil
}

// dsn names the database file at path for the driver, with the settings
// every connection gets and extra ones.
func dsn(path, extra string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	return u.String() + "?_busy_timeout=" + fmt.Sprint(busyTimeout.Milliseconds()) + "&_foreign_keys=1&" + extra
}

// Imported returns what this Open imported from the files of an earlier
// release; nil when there was nothing to import.
func (d *DB) Imported() *ImportReport { return d.imported }

// Close closes the database.
func (d *DB) Close() error {
	d.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	return d.db.Close()
}

// Path returns the database file's path.
func (d *DB) Path() string { return d.path }

// write runs fn in a write transaction (BEGIN IMMEDIATE: the write lock is
// taken before anything is read, so that nothing read can change before
// the commit). An error from fn rolls everything back.
func (d *DB) write(fn func(tx *sql.Tx) error) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return busy(inTx(context.Background(), d.db, fn))
}

func inTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil) // BEGIN IMMEDIATE, from the DSN's _txlock
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, ignoreDone(tx.Rollback()))
	}
	return tx.Commit()
}

func ignoreDone(err error) error {
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// busy tells the user plainly when another process held the write lock
// longer than the busy timeout.
func busy(err error) error {
	var e *sqlite.Error
	if errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY {
		return &clusterscope.Error{Code: clusterscope.ECONFLICT,
			Message: "数据库正忙（另一个进程正在写入），请稍后重试", Err: err}
	}
	return err
}

// timeLayout is how times are stored: RFC 3339, UTC, whole seconds.
const timeLayout = time.RFC3339

func formatTime(t time.Time) string { return t.UTC().Truncate(time.Second).Format(timeLayout) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// formatStamp is how password_changed and unlocked are stored: to the
// nanosecond, so that two changes within a second still differ.
func formatStamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// parseStamp reads what formatStamp wrote; "" is the zero time (never).
func parseStamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return parseTime(s) // time.Parse accepts the fraction the layout lacks
}

// now is the time of a change, in whole seconds as every time is stored.
func now() time.Time { return time.Now().UTC().Truncate(time.Second) }

// list runs a query and scans each row into a T; what names the rows in
// errors.
func list[T any](db *sql.DB, what string, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.Query(query, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return out, nil
}
