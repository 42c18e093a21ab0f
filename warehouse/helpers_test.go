package warehouse_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"

	"clusterscope/warehouse"
	"clusterscope/warehouse/sqlite"
)

// open opens the warehouse in dir, closed when the test ends.
func open(t testing.TB, dir string) *warehouse.Warehouse {
	t.Helper()
	w, err := warehouse.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// stateDB opens the state database of dir as any SQLite client would.
func stateDB(t testing.TB, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, sqlite.FileName)+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
