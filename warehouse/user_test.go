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

func TestAuthenticate(t *testing.T) {
	w := withUsers(t, admin, ningxia, zhongwei)
	if err := w.DisableUser("ningxia"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, user, password string
		want                 error
	}{
		{"right", "zhongwei", goodPassword, nil},
		{"right_name_case_and_space", "  ZhongWei ", goodPassword, nil},
		{"wrong_password", "zhongwei", "wrong-password-1", warehouse.ErrBadCredentials},
		{"empty_password", "zhongwei", "", warehouse.ErrBadCredentials},
		{"too_long_password", "zhongwei", goodPassword + strings.Repeat("x", 80), warehouse.ErrBadCredentials},
		{"unknown_user", "nobody", goodPassword, warehouse.ErrBadCredentials},
		{"disabled_right_password", "ningxia", goodPassword, warehouse.ErrDisabled},
		{"disabled_wrong_password", "ningxia", "wrong-password-1", warehouse.ErrBadCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := w.Authenticate(tt.user, tt.password)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want == nil && account(u) != zhongwei {
				t.Errorf("user = %+v, want %+v", u, zhongwei)
			}
			if tt.want != nil && clusterscope.ErrorCode(err) != clusterscope.EINVALID {
				t.Errorf("code = %q, want invalid", clusterscope.ErrorCode(err))
			}
		})
	}
	if err := w.EnableUser("ningxia"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Authenticate("ningxia", goodPassword); err != nil {
		t.Errorf("enabled again, ningxia cannot sign in: %v", err)
	}
}

func TestAddUserRefuses(t *testing.T) {
	w := withUsers(t, admin)
	tests := []struct {
		name     string
		user     clusterscope.User
		password string
		code     string
		msg      string
	}{
		{"duplicate", admin, goodPassword, clusterscope.ECONFLICT, "已存在"},
		{"duplicate_other_case", clusterscope.User{Name: "ADMIN", Role: clusterscope.RoleViewer}, goodPassword, clusterscope.ECONFLICT, "已存在"},
		{"invalid_role", clusterscope.User{Name: "x1", Role: "boss"}, goodPassword, clusterscope.EINVALID, "未知的角色"},
		{"invalid_name", clusterscope.User{Name: "a b", Role: clusterscope.RoleViewer}, goodPassword, clusterscope.EINVALID, "用户名"},
		{"province_without_province", clusterscope.User{Name: "p1", Role: clusterscope.RoleProvince}, goodPassword, clusterscope.EINVALID, "省份"},
		{"province_with_city", clusterscope.User{Name: "p2", Role: clusterscope.RoleProvince, Scope: zhongwei.Scope}, goodPassword, clusterscope.EINVALID, "不能指定城市"},
		{"city_without_city", clusterscope.User{Name: "c1", Role: clusterscope.RoleCity, Scope: ningxia.Scope}, goodPassword, clusterscope.EINVALID, "城市"},
		{"city_without_province", clusterscope.User{Name: "c2", Role: clusterscope.RoleCity, Scope: clusterscope.Scope{City: "中卫市"}}, goodPassword, clusterscope.EINVALID, "省份"},
		{"county_without_county", clusterscope.User{Name: "k1", Role: clusterscope.RoleCounty, Scope: zhongwei.Scope}, goodPassword, clusterscope.EINVALID, "县（--county）"},
		{"city_with_county", clusterscope.User{Name: "k2", Role: clusterscope.RoleCity, Scope: clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市", County: "沙坡头区"}}, goodPassword, clusterscope.EINVALID, "不能指定县"},
		{"county_without_city", clusterscope.User{Name: "k3", Role: clusterscope.RoleViewer, Scope: clusterscope.Scope{Province: "宁夏回族自治区", County: "沙坡头区"}}, goodPassword, clusterscope.EINVALID, "指定县时"},
		{"ministry_with_scope", clusterscope.User{Name: "m1", Role: clusterscope.RoleMinistry, Scope: ningxia.Scope}, goodPassword, clusterscope.EINVALID, "不能限定"},
		{"viewer_city_without_province", clusterscope.User{Name: "v1", Role: clusterscope.RoleViewer, Scope: clusterscope.Scope{City: "中卫市"}}, goodPassword, clusterscope.EINVALID, "省份"},
		{"short_password", clusterscope.User{Name: "v2", Role: clusterscope.RoleViewer}, "123456789", clusterscope.EINVALID, "至少需要 10 个字符"},
		{"password_is_name", clusterscope.User{Name: "viewer1234", Role: clusterscope.RoleViewer}, "viewer1234", clusterscope.EINVALID, "用户名相同"},
		{"password_over_72_bytes", clusterscope.User{Name: "v3", Role: clusterscope.RoleViewer}, strings.Repeat("密", 25), clusterscope.EINVALID, "72 字节"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := w.AddUser(tt.user, tt.password)
			if clusterscope.ErrorCode(err) != tt.code || !strings.Contains(clusterscope.ErrorMessage(err), tt.msg) {
				t.Fatalf("err = %v (code %q), want code %q and message containing %q", err, clusterscope.ErrorCode(err), tt.code, tt.msg)
			}
		})
	}
	if users, _ := w.Users(); len(users) != 1 {
		t.Errorf("refused users were stored: %+v", users)
	}
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

// TestAccountTimes: every new password and every unlock gets a time of its
// own, later than the last, which the running server compares with what a
// session or a failure saw (a changed password ends the session; an unlock
// forgets the failures before it).
func TestAccountTimes(t *testing.T) {
	dir := t.TempDir()
	w := open(t, dir)
	if err := w.AddUser(zhongwei, goodPassword); err != nil {
		t.Fatal(err)
	}
	get := func() clusterscope.User {
		t.Helper()
		w2 := open(t, dir) // as the server, another process, reads it
		u, err := w2.Authenticate("zhongwei", "another-long-password")
		if err != nil {
			u, err = w2.Authenticate("zhongwei", goodPassword)
		}
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	added := get()
	if added.PasswordChanged.IsZero() || !added.Unlocked.IsZero() {
		t.Fatalf("new account: %+v", added)
	}
	last := added.PasswordChanged
	for range 3 { // in quick succession: no two the same
		if err := w.SetPassword("zhongwei", "another-long-password"); err != nil {
			t.Fatal(err)
		}
		if u := get(); !u.PasswordChanged.After(last) {
			t.Fatalf("password changed %v, not after %v", u.PasswordChanged, last)
		} else {
			last = u.PasswordChanged
		}
	}
	var unlocked time.Time
	for range 2 {
		if err := w.UnlockUser("zhongwei"); err != nil {
			t.Fatal(err)
		}
		u := get()
		if !u.Unlocked.After(unlocked) || !u.PasswordChanged.Equal(last) {
			t.Fatalf("unlock: %+v, previous unlock %v", u, unlocked)
		}
		unlocked = u.Unlocked
	}
	if err := w.UnlockUser("nobody"); clusterscope.ErrorCode(err) != clusterscope.ENOTFOUND {
		t.Errorf("unlock of an unknown user: %v", err)
	}
}
