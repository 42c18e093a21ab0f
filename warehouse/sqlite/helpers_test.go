package sqlite_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

const goodPassword = "correct-horse-battery"

var (
	admin    = clusterscope.User{Name: "admin", Role: clusterscope.RoleAdmin}
	ningxia  = clusterscope.User{Name: "ningxia", Role: clusterscope.RoleProvince, Scope: clusterscope.Scope{Province: "宁夏回族自治区"}}
	zhongwei = clusterscope.User{Name: "zhongwei", Role: clusterscope.RoleCity, Scope: clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市"}}
)

// account is u without the times the store sets (see TestAccountTimes).
func account(u clusterscope.User) clusterscope.User {
	u.PasswordChanged, u.Unlocked = time.Time{}, time.Time{}
	return u
}

// accounts is users without the times the store sets.
func accounts(users []clusterscope.User) []clusterscope.User {
	out := make([]clusterscope.User, len(users))
	for i, u := range users {
		out[i] = account(u)
	}
	return out
}

// open opens the database of dir, closed when the test ends.
func open(t testing.TB, dir string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// withUsers opens a new database holding users, all with goodPassword.
func withUsers(t testing.TB, users ...clusterscope.User) *sqlite.DB {
	t.Helper()
	db := open(t, t.TempDir())
	for _, u := range users {
		if err := db.AddUser(u, goodPassword); err != nil {
			t.Fatalf("add %s: %v", u.Name, err)
		}
	}
	return db
}

// raw opens the database file at path as any SQLite client would, past
// the package's API: a tamperer's view.
func raw(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func sqlExec(t testing.TB, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// wantError fails unless err has the code and its message contains every
// one of parts.
func wantError(t testing.TB, err error, code string, parts ...string) {
	t.Helper()
	if clusterscope.ErrorCode(err) != code {
		t.Fatalf("err = %v (code %q), want code %q", err, clusterscope.ErrorCode(err), code)
	}
	for _, p := range parts {
		if msg := clusterscope.ErrorMessage(err); !strings.Contains(msg, p) {
			t.Errorf("message %q does not contain %q", msg, p)
		}
	}
}

// copyDir copies the files of from into a new temporary folder.
func copyDir(t testing.TB, from string) string {
	t.Helper()
	to := t.TempDir()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err == nil {
			err = os.WriteFile(filepath.Join(to, e.Name()), b, 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return to
}
