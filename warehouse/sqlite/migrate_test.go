package sqlite_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

func TestOpenEmptyFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data") // not there yet
	db := open(t, dir)
	if db.Imported() != nil {
		t.Errorf("an empty folder imported %+v", db.Imported())
	}
	st, err := os.Stat(filepath.Join(dir, sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v: the database holds password hashes, want 0600", st.Mode().Perm())
	}
	r := raw(t, db.Path())
	var mode string
	var version int
	if err := r.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	if err := r.QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&version); err != nil || version != sqlite.SchemaVersion() {
		t.Errorf("schema version = %d (%v), want %d", version, err, sqlite.SchemaVersion())
	}
	// A second open, as the CLI beside the server, migrates nothing again.
	again := open(t, dir)
	if got, err := again.Users(); err != nil || len(got) != 0 {
		t.Errorf("users of a new database: %v, %v", got, err)
	}
	var runs int
	if err := r.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&runs); err != nil || runs != sqlite.SchemaVersion() {
		t.Errorf("%d migrations recorded (%v), want %d", runs, err, sqlite.SchemaVersion())
	}
}

func TestMigrationsNumberedWithoutGap(t *testing.T) {
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations: %v", err)
	}
	// SchemaVersion is 0 when the embedded files are misnumbered.
	if sqlite.SchemaVersion() != len(files) {
		t.Errorf("SchemaVersion() = %d, want %d: the files must be numbered 0001, 0002, … without a gap",
			sqlite.SchemaVersion(), len(files))
	}
}

// A database that a newer binary migrated is refused, and left as it is.
func TestNewerSchemaRefused(t *testing.T) {
	tests := []struct {
		name, change string
		parts        []string
	}{
		{"newer", `INSERT INTO schema_migrations VALUES (?, '9999_future.sql', 'x', '2030-01-01T00:00:00Z')`,
			[]string{"结构版本为", "更新版本的 clusterscope"}},
		{"different_step", `UPDATE schema_migrations SET sha256 = 'other' WHERE version = 1`,
			[]string{"第 1 步", "不一致"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			db := open(t, dir)
			if err := db.AddUser(admin, goodPassword); err != nil {
				t.Fatal(err)
			}
			db.Close()
			r := raw(t, filepath.Join(dir, sqlite.FileName))
			args := []any{}
			if tt.name == "newer" {
				args = append(args, sqlite.SchemaVersion()+1)
			}
			sqlExec(t, r, tt.change, args...)

			_, err := sqlite.Open(dir)
			wantError(t, err, clusterscope.ECONFLICT, append(tt.parts, filepath.Join(dir, sqlite.FileName))...)
			var users int
			if err := r.QueryRow(`SELECT count(*) FROM users`).Scan(&users); err != nil || users != 1 {
				t.Errorf("after the refusal %d users (%v), want the 1 there was", users, err)
			}
		})
	}
}

// A database of schema 1 (made before unlocks were stored) is brought to
// the newest schema at open, its accounts kept: they have never been
// unlocked, and can be.
func TestMigrateFromSchema1(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, sqlite.FileName)
	step1, err := os.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(step1)
	r := raw(t, path)
	sqlExec(t, r, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied TEXT NOT NULL) STRICT`)
	sqlExec(t, r, string(step1))
	sqlExec(t, r, `INSERT INTO schema_migrations VALUES (1, '0001_init.sql', ?, '2026-11-30T08:00:00Z')`, hex.EncodeToString(sum[:]))
	sqlExec(t, r, `INSERT INTO users (name, role, password_hash, created, password_changed)
		VALUES ('admin', 'admin', '$2a$04$abcdefghijklmnopqrstuu5Q5bTKqF9QZ1FzPH3oXrMyJj1b7ZtBm', '2026-11-30T08:00:00Z', '2026-11-30T08:00:00Z')`)

	db := open(t, dir)
	var version int
	if err := r.QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&version); err != nil || version != sqlite.SchemaVersion() || version < 2 {
		t.Fatalf("schema version after open = %d (%v), want %d", version, err, sqlite.SchemaVersion())
	}
	a, err := db.Account("admin")
	if err != nil || !a.Unlocked.IsZero() || !a.PasswordChanged.Equal(time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)) {
		t.Fatalf("account of schema 1: %+v %v", a, err)
	}
	if err := db.UnlockUser("admin"); err != nil {
		t.Fatal(err)
	}
	if a, _ := db.Account("admin"); a.Unlocked.IsZero() {
		t.Errorf("unlock not stored: %+v", a)
	}
}
