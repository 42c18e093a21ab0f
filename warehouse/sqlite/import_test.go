package sqlite_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

// testdata/release holds the files of a data folder as the JSON-file
// release wrote them (made by testdata/mkfixture with that release's
// warehouse package): four accounts, one disabled, one whose password
// changed and one unlocked, overrides replaced and withdrawn, an audit log
// with a line cut short by a crash.
const release = "testdata/release"

var legacyNames = []string{"users.json", "overrides.json", "audit.log"}

func TestImportRelease(t *testing.T) {
	dir := copyDir(t, release)
	db := open(t, dir)

	rep := db.Imported()
	if rep == nil || rep.Users != 4 || rep.Overrides != 3 || rep.Audit != 16 || len(rep.Skipped) != 1 ||
		!strings.Contains(rep.Skipped[0], "audit.log 第 16 行") {
		t.Fatalf("import report: %+v; want 4 users, 3 overrides, 16 entries, line 16 skipped", rep)
	}
	for _, name := range legacyNames {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still in place after the import: %v", name, err)
		}
		kept, err := os.ReadFile(filepath.Join(dir, name+sqlite.MigratedSuffix))
		orig, _ := os.ReadFile(filepath.Join(release, name))
		if err != nil || string(kept) != string(orig) {
			t.Errorf("%s%s is not the original, kept: %v", name, sqlite.MigratedSuffix, err)
		}
	}

	users, err := db.Users()
	wantUsers := []clusterscope.User{
		{Name: "admin", Role: clusterscope.RoleAdmin},
		{Name: "guest", Role: clusterscope.RoleViewer, Disabled: true},
		{Name: "ningxia", Role: clusterscope.RoleProvince, Scope: clusterscope.Scope{Province: "宁夏回族自治区"}},
		{Name: "zhongwei", Role: clusterscope.RoleCity, Scope: clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市"}},
	}
	if err != nil || !reflect.DeepEqual(accounts(users), wantUsers) {
		t.Errorf("users:\n got %+v %v\nwant %+v", users, err, wantUsers)
	}
	// The hashes came along: the release's passwords still sign in.
	if u, err := db.Authenticate("ningxia", "ningxia-passwort-2"); err != nil || u.Name != "ningxia" {
		t.Errorf("ningxia's changed password: %+v %v", u, err)
	}
	if _, err := db.Authenticate("ningxia", "ningxia-passwort-1"); !errors.Is(err, sqlite.ErrBadCredentials) {
		t.Errorf("ningxia's old password: %v", err)
	}
	if _, err := db.Authenticate("guest", "guest-passwort-1"); !errors.Is(err, sqlite.ErrDisabled) {
		t.Errorf("disabled guest: %v", err)
	}
	wantTimes(t, db, filepath.Join(dir, "users.json"+sqlite.MigratedSuffix))

	o22, _ := db.Overrides(2022)
	o23, _ := db.Overrides(2023)
	if len(o22) != 2 || o22[0].ClusterID != "NX-2022-01" || o22[1].ClusterID != "NX-2022-03" ||
		o22[1].Reason != "改过的理由：集群总产值已达标" || o22[1].By != "ningxia" || len(o23) != 1 || o23[0].ClusterID != "NX-2023-01" {
		t.Errorf("overrides: 2022 %+v, 2023 %+v", o22, o23)
	}

	log, _ := db.AuditLog(0)
	if len(log) != 16 || log[0].Who != "zhongwei" || log[0].Action != clusterscope.AuditExport ||
		log[15].Action != clusterscope.AuditUserAdd || log[15].Target != "admin" || log[7].Detail != "用户名或密码错误" {
		t.Errorf("audit log, newest first: %d entries: %+v", len(log), log)
	}
	if c, err := db.VerifyAudit(); err != nil || !c.OK() || c.Entries != 16 {
		t.Errorf("chain of the imported log: %+v %v", c, err)
	}

	// Opening again imports nothing again.
	db.Close()
	again := open(t, dir)
	if again.Imported() != nil {
		t.Errorf("second open imported %+v", again.Imported())
	}
	if log, _ := again.AuditLog(0); len(log) != 16 {
		t.Errorf("after the second open %d entries, want 16", len(log))
	}
}

// wantTimes checks that accounts keep when they were made, changed and
// unlocked, to the nanosecond that a session's stamp compares.
func wantTimes(t *testing.T, db *sqlite.DB, usersJSON string) {
	t.Helper()
	var f struct {
		Users []struct {
			Name     string
			Created  time.Time
			Changed  time.Time `json:"password_changed"`
			Unlocked time.Time
		}
	}
	b, _ := os.ReadFile(usersJSON)
	if err := json.Unmarshal(b, &f); err != nil || len(f.Users) == 0 {
		t.Fatalf("read %s: %v", usersJSON, err)
	}
	unlocked := 0
	for _, u := range f.Users {
		a, err := db.Account(u.Name)
		if err != nil || !a.Created.Equal(u.Created) || !a.PasswordChanged.Equal(u.Changed) || !a.Unlocked.Equal(u.Unlocked) {
			t.Errorf("%s: created %v changed %v unlocked %v (%v); want %v, %v and %v", u.Name,
				a.Created, a.PasswordChanged, a.Unlocked, err, u.Created, u.Changed, u.Unlocked)
		}
		if !u.Unlocked.IsZero() {
			unlocked++
		}
	}
	if unlocked == 0 {
		t.Errorf("%s has no unlocked account: the fixture does not test it", usersJSON)
	}
}

// A crash after the import's commit but before the renaming leaves the
// originals in place; the next open only renames them.
func TestImportFinishedAfterCrashBeforeRename(t *testing.T) {
	dir := copyDir(t, release)
	open(t, dir).Close()
	for _, name := range legacyNames {
		if err := os.Rename(filepath.Join(dir, name+sqlite.MigratedSuffix), filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	db := open(t, dir)
	if rep := db.Imported(); rep == nil || rep.Users+rep.Overrides+rep.Audit != 0 || len(rep.Kept) != 3 {
		t.Errorf("report: %+v; want nothing imported again, three files kept", rep)
	}
	if log, _ := db.AuditLog(0); len(log) != 16 {
		t.Errorf("%d audit entries, want the 16 imported once", len(log))
	}
	if _, err := os.Stat(filepath.Join(dir, "users.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("users.json not renamed: %v", err)
	}
}

// A JSON file that an earlier release wrote after the import (run again by
// mistake) is refused: importing it would duplicate or lose what it holds.
func TestImportRefusesFileWrittenAfterImport(t *testing.T) {
	tests := []struct {
		name, file, content, msg string
	}{
		{"changed_since", "users.json", `{"users": []}`, "此后又被改动过"},
		{"never_imported_into_full_table", "overrides.json", `{}`, "数据库中已有破格推荐"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDir(t, release)
			open(t, dir).Close()
			if tt.name == "never_imported_into_full_table" {
				r := raw(t, filepath.Join(dir, sqlite.FileName))
				sqlExec(t, r, `DELETE FROM imports WHERE file = 'overrides.json'`)
			}
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := sqlite.Open(dir)
			wantError(t, err, clusterscope.ECONFLICT, path, tt.msg)
			if _, err := os.Stat(path); err != nil {
				t.Errorf("the refused file was moved: %v", err)
			}
		})
	}
}

// Bad files import nothing, not even the good ones beside them, and stay.
func TestImportRefusesBadFiles(t *testing.T) {
	const user = `{"name": "zw", "role": "city", "scope": {"province": "宁夏回族自治区", "city": "中卫市"},
		"password_hash": "$2a$04$abcdefghijklmnopqrstuu5Q5bTKqF9QZ1FzPH3oXrMyJj1b7ZtBm", "created": "2026-03-01T08:00:00Z", "password_changed": "2026-03-01T08:00:00Z"}`
	tests := []struct {
		name, file, content, msg string
	}{
		{"users_not_json", "users.json", `{"users": [`, "users.json 未导入：无法读取"},
		{"users_unknown_field", "users.json", `{"users": [], "groups": []}`, "groups"},
		{"user_bad_role", "users.json", `{"users": [` + strings.Replace(user, `"city",`, `"mayor",`, 1) + `]}`, "users[0]（用户 zw）：未知的角色"},
		{"user_scope_misfit", "users.json", `{"users": [` + strings.Replace(user, `, "city": "中卫市"`, ``, 1) + `]}`, "users[0]（用户 zw）：市级用户须同时指定"},
		{"user_twice", "users.json", `{"users": [` + user + `,` + user + `]}`, "users[1]（用户 zw）：用户名重复"},
		{"user_bad_hash", "users.json", `{"users": [` + strings.Replace(user, `$2a$04$`, `plain`, 1) + `]}`, "不是 bcrypt 哈希"},
		{"overrides_bad_batch", "overrides.json", `{"二〇二二": []}`, "批次「二〇二二」无效"},
		{"override_bad_cluster", "overrides.json", `{"2022": [{"cluster_id": "NX 1", "by": "a", "reason": "r", "at": "2026-03-01T08:00:00Z"}]}`, `["2022"][0]：集群编号`},
		{"override_no_reason", "overrides.json", `{"2022": [{"cluster_id": "NX-1", "by": "a", "reason": " ", "at": "2026-03-01T08:00:00Z"}]}`, "缺少决定人（by）或理由（reason）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDir(t, release)
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := sqlite.Open(dir)
			wantError(t, err, clusterscope.EINVALID, tt.msg)
			r := raw(t, filepath.Join(dir, sqlite.FileName))
			var rows int
			if err := r.QueryRow(`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM overrides) + (SELECT count(*) FROM audit)`).Scan(&rows); err != nil || rows != 0 {
				t.Errorf("%d rows imported (%v), want none", rows, err)
			}
			for _, name := range legacyNames {
				if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
					t.Errorf("%s moved although nothing was imported: %v", name, err)
				}
			}
		})
	}
}
