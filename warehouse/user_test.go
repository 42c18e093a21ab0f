package warehouse_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
	"clusterscope/warehouse/sqlite"
)

const goodPassword = "correct-horse-battery"

func withUsers(t *testing.T, users ...clusterscope.User) *warehouse.Warehouse {
	t.Helper()
	w := open(t, t.TempDir())
	for _, u := range users {
		if err := w.AddUser(u, goodPassword); err != nil {
			t.Fatalf("add %s: %v", u.Name, err)
		}
	}
	return w
}

var (
	admin    = clusterscope.User{Name: "admin", Role: clusterscope.RoleAdmin}
	ningxia  = clusterscope.User{Name: "ningxia", Role: clusterscope.RoleProvince, Scope: clusterscope.Scope{Province: "宁夏回族自治区"}}
	zhongwei = clusterscope.User{Name: "zhongwei", Role: clusterscope.RoleCity, Scope: clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市"}}
)

// account is u without the times the warehouse sets (see TestAccountTimes).
func account(u clusterscope.User) clusterscope.User {
	u.PasswordChanged, u.Unlocked = time.Time{}, time.Time{}
	return u
}

func TestAddUserAccepts(t *testing.T) {
	tests := []clusterscope.User{
		ningxia, zhongwei,
		{Name: "shapotou", Role: clusterscope.RoleCounty, Scope: clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市", County: "沙坡头区"}},
		{Name: "minister", Role: clusterscope.RoleMinistry},
		{Name: "viewer.nx", Role: clusterscope.RoleViewer, Scope: clusterscope.Scope{Province: "宁夏回族自治区"}},
		{Name: "viewer-all", Role: clusterscope.RoleViewer},
	}
	for _, u := range tests {
		t.Run(u.Name, func(t *testing.T) {
			w := withUsers(t, u)
			got, err := w.Authenticate(u.Name, goodPassword)
			if err != nil || account(got) != u {
				t.Errorf("got %+v, %v; want %+v", got, err, u)
			}
		})
	}
}

func TestUsersPersistAndChange(t *testing.T) {
	dir := t.TempDir()
	w := open(t, dir)
	if w.HasAdmin() {
		t.Fatal("empty warehouse has an admin")
	}
	for _, u := range []clusterscope.User{zhongwei, admin} {
		if err := w.AddUser(u, goodPassword); err != nil {
			t.Fatal(err)
		}
	}
	w2 := open(t, dir) // another process, as it were
	users, err := w2.Users()
	if err != nil || len(users) != 2 || account(users[0]) != admin || account(users[1]) != zhongwei {
		t.Fatalf("users after reopen: %+v %v", users, err)
	}
	if !w2.HasAdmin() {
		t.Error("HasAdmin false with an admin")
	}
	if err := w2.SetPassword("zhongwei", "another-long-password"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Authenticate("zhongwei", goodPassword); !errors.Is(err, warehouse.ErrBadCredentials) {
		t.Errorf("old password after change: %v", err)
	}
	if _, err := w.Authenticate("zhongwei", "another-long-password"); err != nil {
		t.Errorf("new password: %v", err)
	}
	if err := w.SetPassword("nobody", goodPassword); clusterscope.ErrorCode(err) != clusterscope.ENOTFOUND {
		t.Errorf("password of unknown user: %v", err)
	}
	if err := w.SetPassword("zhongwei", "short"); clusterscope.ErrorCode(err) != clusterscope.EINVALID {
		t.Errorf("short password accepted: %v", err)
	}
	if err := w.DisableUser("admin"); clusterscope.ErrorCode(err) != clusterscope.ECONFLICT {
		t.Errorf("last admin disabled: %v", err)
	}
	if err := w.DisableUser("zhongwei"); err != nil {
		t.Fatal(err)
	}
	if users, _ := w2.Users(); !users[1].Disabled {
		t.Errorf("disabled user not disabled after reread: %+v", users[1])
	}
	// The accounts are in the state database (its write-ahead log until
	// a checkpoint), owner-only.
	var stored []byte
	for _, name := range []string{sqlite.FileName, sqlite.FileName + "-wal"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode: %v %v", name, st.Mode(), err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, name))
		stored = append(stored, b...)
	}
	if strings.Contains(string(stored), goodPassword) || !strings.Contains(string(stored), "$2a$") {
		t.Error("the state database does not hold bcrypt hashes only")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestConcurrentAddsAllKept(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	names := []string{"u01", "u02", "u03", "u04", "u05", "u06", "u07", "u08"}
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w, err := warehouse.Open(dir) // each its own connections, as separate processes
			if err != nil {
				t.Error(err)
				return
			}
			defer w.Close()
			if err := w.AddUser(clusterscope.User{Name: n, Role: clusterscope.RoleViewer}, goodPassword); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	w := open(t, dir)
	if users, err := w.Users(); err != nil || len(users) != len(names) {
		t.Errorf("after concurrent adds: %d users, %v", len(users), err)
	}
}
