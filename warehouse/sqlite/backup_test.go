package sqlite_test

import (
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

// Backups taken while another connection keeps writing are each a whole,
// consistent database that opens as a data folder of its own.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	if err := db.AddUser(admin, goodPassword); err != nil {
		t.Fatal(err)
	}
	server := open(t, dir)
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := server.Audit(clusterscope.AuditEntry{Who: "admin", Action: clusterscope.AuditExport}); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	}()
	type taken struct {
		path          string
		before, after int64
	}
	var backups []taken
	for i := range 3 {
		for written.Load() < int64(20*(i+1)) {
			// wait for writes to be under way
		}
		b := taken{path: filepath.Join(t.TempDir(), "state-backup.db"), before: written.Load()}
		if err := db.Backup(b.path); err != nil {
			t.Fatal(err)
		}
		b.after = written.Load()
		backups = append(backups, b)
	}
	close(stop)
	wg.Wait()

	for _, b := range backups {
		c, err := sqlite.Check(b.path)
		if err != nil || c.Entries < b.before || c.Entries > b.after+1 {
			t.Errorf("backup: %+v %v; want a whole chain of %d to %d entries", c, err, b.before, b.after+1)
		}
		if st, err := os.Stat(b.path); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("backup mode: %v %v; want 0600", st.Mode(), err)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(b.path), "*.tmp")); len(left) > 0 {
			t.Errorf("temporary files left: %v", left)
		}
		restored := t.TempDir()
		data, _ := os.ReadFile(b.path)
		if err := os.WriteFile(filepath.Join(restored, sqlite.FileName), data, 0o600); err != nil {
			t.Fatal(err)
		}
		again := open(t, restored)
		users, err := again.Users()
		if err != nil || !reflect.DeepEqual(accounts(users), []clusterscope.User{admin}) {
			t.Errorf("restored users: %+v %v", users, err)
		}
		if _, err := again.Authenticate("admin", goodPassword); err != nil {
			t.Errorf("sign in on the restored database: %v", err)
		}
		if err := again.Audit(clusterscope.AuditEntry{Who: "admin", Action: clusterscope.AuditLogin}); err != nil {
			t.Errorf("audit on the restored database: %v", err)
		}
		if c, err := again.Check(); err != nil || c.Entries < b.before+1 {
			t.Errorf("restored database after one more entry: %+v %v", c, err)
		}
	}
	existing := backups[0].path
	wantError(t, db.Backup(existing), clusterscope.ECONFLICT, "已存在")
}

func TestCheckRefuses(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
		code   string
		msg    string
	}{
		{"not_a_database", func(t *testing.T, path string) { write(t, path, 0, []byte("用户名,角色\n")) }, clusterscope.EINVALID, "无法读取"},
		{"damaged_page", func(t *testing.T, path string) {
			r := raw(t, path)
			var page, size int64
			if err := r.QueryRow(`SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_schema WHERE name = 'audit'`).Scan(&page, &size); err != nil {
				t.Fatal(err)
			}
			r.Close()
			garbage := make([]byte, 64)
			for i := range garbage {
				garbage[i] = 0xA5
			}
			write(t, path, (page-1)*size+8, garbage) // the audit table's cells, past the page header
		}, clusterscope.EINVALID, "文件已损坏"},
		{"chain_broken", func(t *testing.T, path string) {
			r := raw(t, path)
			sqlExec(t, r, `DROP TRIGGER audit_no_update`)
			sqlExec(t, r, `UPDATE audit SET who = 'nobody' WHERE id = 2`)
			r.Close()
		}, clusterscope.EINVALID, "第 2 条审计记录被改动过"},
		{"newer_schema", func(t *testing.T, path string) {
			r := raw(t, path)
			sqlExec(t, r, `INSERT INTO schema_migrations VALUES (?, 'x.sql', 'x', 'x')`, sqlite.SchemaVersion()+1)
			r.Close()
		}, clusterscope.ECONFLICT, "结构版本"},
		{"missing", func(t *testing.T, path string) { os.Remove(path) }, clusterscope.ENOTFOUND, "找不到"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := open(t, t.TempDir())
			for range 3 {
				if err := db.Audit(clusterscope.AuditEntry{Who: "admin", Action: clusterscope.AuditLogin}); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(t.TempDir(), "backup.db")
			if err := db.Backup(path); err != nil {
				t.Fatal(err)
			}
			if c, err := sqlite.Check(path); err != nil || c.Entries != 3 {
				t.Fatalf("the backup before damage: %+v %v", c, err)
			}
			tt.damage(t, path)
			_, err := sqlite.Check(path)
			wantError(t, err, tt.code, tt.msg)
		})
	}
}

// write overwrites the file at path from offset with b.
func write(t *testing.T, path string, offset int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteAt(b, offset)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}
