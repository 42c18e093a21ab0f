package sqlite_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

func TestAuthenticate(t *testing.T) {
	db := withUsers(t, admin, ningxia, zhongwei)
	if err := db.DisableUser("ningxia"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, user, password string
		want                 error
	}{
		{"right", "zhongwei", goodPassword, nil},
		{"right_name_case_and_space", "  ZhongWei ", goodPassword, nil},
		{"wrong_password", "zhongwei", "wrong-password-1", sqlite.ErrBadCredentials},
		{"empty_password", "zhongwei", "", sqlite.ErrBadCredentials},
		{"too_long_password", "zhongwei", goodPassword + strings.Repeat("x", 80), sqlite.ErrBadCredentials},
		{"unknown_user", "nobody", goodPassword, sqlite.ErrBadCredentials},
		{"disabled_right_password", "ningxia", goodPassword, sqlite.ErrDisabled},
		{"disabled_wrong_password", "ningxia", "wrong-password-1", sqlite.ErrBadCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := db.Authenticate(tt.user, tt.password)
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
	if err := db.EnableUser("ningxia"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Authenticate("ningxia", goodPassword); err != nil {
		t.Errorf("enabled again, ningxia cannot sign in: %v", err)
	}
}

func TestAddUserRefuses(t *testing.T) {
	db := withUsers(t, admin)
	viewer := func(name string) clusterscope.User {
		return clusterscope.User{Name: name, Role: clusterscope.RoleViewer}
	}
	tests := []struct {
		name     string
		user     clusterscope.User
		password string
		code     string
		msg      string
	}{
		{"duplicate", admin, goodPassword, clusterscope.ECONFLICT, "已存在"},
		{"duplicate_other_case", viewer("ADMIN"), goodPassword, clusterscope.ECONFLICT, "已存在"},
		{"invalid_role", clusterscope.User{Name: "x1", Role: "boss"}, goodPassword, clusterscope.EINVALID, "未知的角色"},
		{"invalid_name", viewer("a b"), goodPassword, clusterscope.EINVALID, "用户名"},
		{"province_without_province", clusterscope.User{Name: "p1", Role: clusterscope.RoleProvince}, goodPassword, clusterscope.EINVALID, "省份"},
		{"province_with_city", clusterscope.User{Name: "p2", Role: clusterscope.RoleProvince, Scope: zhongwei.Scope}, goodPassword, clusterscope.EINVALID, "不能指定城市"},
		{"city_without_city", clusterscope.User{Name: "c1", Role: clusterscope.RoleCity, Scope: ningxia.Scope}, goodPassword, clusterscope.EINVALID, "城市"},
		{"city_without_province", clusterscope.User{Name: "c2", Role: clusterscope.RoleCity, Scope: clusterscope.Scope{City: "中卫市"}}, goodPassword, clusterscope.EINVALID, "省份"},
		{"county_without_county", clusterscope.User{Name: "k1", Role: clusterscope.RoleCounty, Scope: zhongwei.Scope}, goodPassword, clusterscope.EINVALID, "县（--county）"},
		{"city_with_county", clusterscope.User{Name: "k2", Role: clusterscope.RoleCity, Scope: clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市", County: "沙坡头区"}}, goodPassword, clusterscope.EINVALID, "不能指定县"},
		{"county_without_city", clusterscope.User{Name: "k3", Role: clusterscope.RoleViewer, Scope: clusterscope.Scope{Province: "宁夏回族自治区", County: "沙坡头区"}}, goodPassword, clusterscope.EINVALID, "指定县时"},
		{"ministry_with_scope", clusterscope.User{Name: "m1", Role: clusterscope.RoleMinistry, Scope: ningxia.Scope}, goodPassword, clusterscope.EINVALID, "不能限定"},
		{"viewer_city_without_province", clusterscope.User{Name: "v1", Role: clusterscope.RoleViewer, Scope: clusterscope.Scope{City: "中卫市"}}, goodPassword, clusterscope.EINVALID, "省份"},
		{"short_password", viewer("v2"), "123456789", clusterscope.EINVALID, "至少需要 10 个字符"},
		{"password_is_name", viewer("viewer1234"), "VIEWER1234", clusterscope.EINVALID, "用户名相同"},
		{"password_over_72_bytes", viewer("v3"), strings.Repeat("密", 25), clusterscope.EINVALID, "72 字节"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, db.AddUser(tt.user, tt.password), tt.code, tt.msg)
		})
	}
	if users, _ := db.Users(); len(users) != 1 {
		t.Errorf("refused users were stored: %+v", users)
	}
}

func TestUsersChangeAndEndSessions(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir)
	if db.HasAdmin() {
		t.Fatal("a new database has an admin")
	}
	for _, u := range []clusterscope.User{zhongwei, admin} {
		if err := db.AddUser(u, goodPassword); err != nil {
			t.Fatal(err)
		}
	}
	cli := open(t, dir) // another process, as it were
	if users, err := cli.Users(); err != nil || len(users) != 2 || account(users[0]) != admin || account(users[1]) != zhongwei {
		t.Fatalf("users, sorted by name: %+v %v", users, err)
	}
	if !cli.HasAdmin() {
		t.Error("HasAdmin false with an admin")
	}
	before, err := db.Account("zhongwei")
	if err != nil {
		t.Fatal(err)
	}
	if err := cli.SetPassword("zhongwei", "another-long-password"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Authenticate("zhongwei", goodPassword); !errors.Is(err, sqlite.ErrBadCredentials) {
		t.Errorf("old password after the change: %v", err)
	}
	if _, err := db.Authenticate("zhongwei", "another-long-password"); err != nil {
		t.Errorf("new password: %v", err)
	}
	after, _ := db.Account("zhongwei")
	if after.SessionEpoch <= before.SessionEpoch {
		t.Errorf("session epoch %d → %d: a password change must end the sessions", before.SessionEpoch, after.SessionEpoch)
	}
	wantError(t, db.SetPassword("nobody", goodPassword), clusterscope.ENOTFOUND, "nobody")
	wantError(t, db.SetPassword("zhongwei", "short"), clusterscope.EINVALID, "至少")
	wantError(t, db.DisableUser("admin"), clusterscope.ECONFLICT, "最后一个管理员")
	wantError(t, db.DisableUser("nobody"), clusterscope.ENOTFOUND, "nobody")
	wantError(t, db.EnableUser("nobody"), clusterscope.ENOTFOUND, "nobody")
	if err := db.DisableUser("zhongwei"); err != nil {
		t.Fatal(err)
	}
	disabled, _ := cli.Account("zhongwei")
	if !disabled.Disabled || disabled.SessionEpoch <= after.SessionEpoch {
		t.Errorf("after disabling: %+v; want disabled with a new session epoch", disabled)
	}
	if _, err := db.Account("nobody"); clusterscope.ErrorCode(err) != clusterscope.ENOTFOUND {
		t.Errorf("account of nobody: %v", err)
	}
}

// Two administrators disabling each other at once leave one of them: the
// check and the change are one write transaction.
func TestLastAdminSurvivesConcurrentDisables(t *testing.T) {
	dir := t.TempDir()
	other := clusterscope.User{Name: "admin2", Role: clusterscope.RoleAdmin}
	db := open(t, dir)
	for _, u := range []clusterscope.User{admin, other} {
		if err := db.AddUser(u, goodPassword); err != nil {
			t.Fatal(err)
		}
	}
	errs := make(chan error, 2)
	for _, name := range []string{"admin", "admin2"} {
		go func() { errs <- open(t, dir).DisableUser(name) }()
	}
	failed := 0
	for range 2 {
		if err := <-errs; err != nil {
			wantError(t, err, clusterscope.ECONFLICT, "最后一个管理员")
			failed++
		}
	}
	if failed != 1 || !db.HasAdmin() {
		t.Errorf("%d of 2 disables failed, HasAdmin %v: want exactly one refused", failed, db.HasAdmin())
	}
}

// TestAccountTimes: every new password and every unlock gets a time of its
// own, later than the last even within one second, which a running server
// compares with what a session or a failure saw (a changed password ends
// the session; an unlock forgets the failures before it). Neither change
// moves the other's time.
func TestAccountTimes(t *testing.T) {
	db := withUsers(t, zhongwei)
	server := open(t, filepath.Dir(db.Path())) // another process, as it were
	changes := []struct {
		name         string
		change       func() error
		moved, stays func(sqlite.Account) time.Time
	}{
		{"passwd", func() error { return db.SetPassword("zhongwei", "another-long-password") },
			func(a sqlite.Account) time.Time { return a.PasswordChanged }, func(a sqlite.Account) time.Time { return a.Unlocked }},
		{"unlock", func() error { return db.UnlockUser("zhongwei") },
			func(a sqlite.Account) time.Time { return a.Unlocked }, func(a sqlite.Account) time.Time { return a.PasswordChanged }},
	}
	if a, err := server.Account("zhongwei"); err != nil || a.PasswordChanged.Before(a.Created) || !a.Unlocked.IsZero() {
		t.Fatalf("new account: %+v %v", a, err)
	}
	for _, c := range changes {
		for range 3 { // in quick succession
			before, _ := server.Account("zhongwei")
			if err := c.change(); err != nil {
				t.Fatal(err)
			}
			after, _ := server.Account("zhongwei")
			if !c.moved(after).After(c.moved(before)) || !c.stays(after).Equal(c.stays(before)) {
				t.Fatalf("%s: %+v, before %+v", c.name, after, before)
			}
		}
	}
	a, _ := server.Account("zhongwei")
	if u, err := server.Authenticate("zhongwei", "another-long-password"); err != nil || u != a.User {
		t.Errorf("signed in as %+v (%v); want %+v", u, err, a.User)
	}
	wantError(t, db.UnlockUser("nobody"), clusterscope.ENOTFOUND, "nobody")
}

// TestOneTimePassword: an account added with a one-time password, or reset
// to one, says so when read and when signing in; the user's own password
// ends it.
func TestOneTimePassword(t *testing.T) {
	db := withUsers(t, admin)
	spt := clusterscope.User{Name: "spt", Role: clusterscope.RoleViewer, OneTime: true}
	if err := db.AddUser(spt, goodPassword); err != nil {
		t.Fatal(err)
	}
	oneTime := func(when string) bool {
		t.Helper()
		a, err := db.Account("spt")
		if err != nil {
			t.Fatal(err)
		}
		u, err := db.Authenticate("spt", goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		if u.OneTime != a.OneTime {
			t.Errorf("%s: signed in one-time %v, read %v", when, u.OneTime, a.OneTime)
		}
		return a.OneTime
	}
	if !oneTime("added") {
		t.Error("an account added with a one-time password is not one-time")
	}
	if err := db.SetPassword("spt", goodPassword); err != nil {
		t.Fatal(err)
	}
	if oneTime("own password") {
		t.Error("the user's own password is still one-time")
	}
	if err := db.ResetPassword("spt", goodPassword); err != nil {
		t.Fatal(err)
	}
	if !oneTime("reset") {
		t.Error("a reset password is not one-time")
	}
	if a, _ := db.Account("admin"); a.OneTime {
		t.Error("an account added with its own password is one-time")
	}
}
