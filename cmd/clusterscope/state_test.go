package main

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	_ "modernc.org/sqlite"

	"clusterscope"
	"clusterscope/warehouse"
	"clusterscope/warehouse/sqlite"
	"clusterscope/warehouse/warehousetest"
)

// TestMain lets the test binary be the CLI in another process, as an
// operator runs it beside the server: `clusterscope ARGS…`.
func TestMain(m *testing.M) {
	if os.Getenv("CLUSTERSCOPE_TEST_CLI") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// cli runs the CLI in a process of its own and returns what it printed and
// its exit status.
func cli(t *testing.T, stdin string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "CLUSTERSCOPE_TEST_CLI=1")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		status = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), status
}

// stateFolder is a data folder with a 2022 cluster of 中卫 and a ministry
// account "official", audited.
func stateFolder(t *testing.T) string {
	t.Helper()
	w := warehousetest.New(t)
	warehousetest.Load(t, w, "zw.csv", false, `
NX-ZW-001,2022,cluster_name,,中卫市沙坡头区枸杞中小企业特色产业集群（枸杞产业）
NX-ZW-001,2022,province,,宁夏回族自治区
NX-ZW-001,2022,city,,中卫市
NX-ZW-001,2022,output_total,2021,52.1`)
	if err := w.AddUser(clusterscope.User{Name: "official", Role: clusterscope.RoleAdmin}, e2ePassword); err != nil {
		t.Fatal(err)
	}
	if err := w.Audit(clusterscope.AuditEntry{Who: "root", Action: clusterscope.AuditUserAdd, Target: "official"}); err != nil {
		t.Fatal(err)
	}
	return w.Dir()
}

// csrfToken is a page's CSRF token for scripts.
var csrfToken = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// signedIn signs in at the server as a browser does and returns the
// client and the CSRF token of page.
func signedIn(t *testing.T, base, name, password, page string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if err := signInVia(c, base, name, password); err != nil {
		t.Fatalf("sign in as %s: %v", name, err)
	}
	res, err := c.Get(base + page)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfToken.FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s (%d) has no CSRF token", page, res.StatusCode)
	}
	return c, string(m[1])
}

// TestServerAndCLIWriteAtOnce: an administrator adds accounts in the
// dashboard while an operator adds accounts with the CLI, each command a
// process of its own. Nothing is lost: every account of both, every audit
// entry, in one whole chain.
func TestServerAndCLIWriteAtOnce(t *testing.T) {
	dir := stateFolder(t)
	base := serveDir(t, dir)
	c, token := signedIn(t, base, "official", e2ePassword, "/accounts")
	const byServer, byCLI = 30, 6
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range byCLI {
			name := fmt.Sprintf("cli%02d", i)
			if _, stderr, status := cli(t, e2ePassword+"\n", "user", "add", name, "--role", "viewer", "--password-stdin", "--data", dir); status != 0 {
				t.Errorf("user add %s: status %d\n%s", name, status, stderr)
			}
		}
	}()
	for i := range byServer {
		form := url.Values{"name": {fmt.Sprintf("web%02d", i)}, "role": {"viewer"}}
		req, _ := http.NewRequest(http.MethodPost, base+"/api/accounts/add", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-CSRF-Token", token)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("account %d: %d %s", i, res.StatusCode, b)
		}
	}
	wg.Wait()

	w, err := warehouse.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	users, _ := w.Users()
	if len(users) != 1+byServer+byCLI {
		t.Errorf("%d accounts, want %d", len(users), 1+byServer+byCLI)
	}
	log, _ := w.AuditLog(0)
	count := map[clusterscope.AuditAction]int{}
	for _, e := range log {
		count[e.Action]++
	}
	if count[clusterscope.AuditUserAdd] != 1+byServer+byCLI {
		t.Errorf("audit log: %v; want %d accounts added", count, 1+byServer+byCLI)
	}
	if c, err := w.VerifyAudit(); err != nil || !c.OK() {
		t.Errorf("audit chain: %+v %v", c, err)
	}
}

// TestAuditVerify: `clusterscope audit verify` says how many entries and
// the last one's hash, and with a non-zero exit status names the first
// entry that someone with an SQLite client edited or deleted.
func TestAuditVerify(t *testing.T) {
	tests := []struct {
		name   string
		tamper []string // SQL, past the triggers that refuse it
		want   string
	}{
		{"whole", nil, ""},
		{"edited", []string{`DROP TRIGGER audit_no_update`, `UPDATE audit SET target = 'someone' WHERE id = 2`}, "第 2 条审计记录被改动过"},
		{"deleted", []string{`DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE id = 2`}, "第 2 条审计记录已被删除"},
		{"last_deleted", []string{`DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE id = 3`}, "第 3 条审计记录已被删除"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range []string{"admin", "ningxia", "zhongwei"} {
				if _, err := runUser(t, dir, e2ePassword+"\n", "add", name, "--role", "ministry", "--password-stdin"); err != nil {
					t.Fatal(err)
				}
			}
			db, err := sql.Open("sqlite", filepath.Join(dir, sqlite.FileName))
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range tt.tamper {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			db.Close()
			stdout, stderr, status := cli(t, "", "audit", "verify", "--data", dir)
			if tt.want == "" {
				if status != 0 || !regexp.MustCompile(`审计日志完好：共 3 条记录，末条哈希 [0-9a-f]{64}`).MatchString(stdout) {
					t.Errorf("status %d\n%s%s", status, stdout, stderr)
				}
				return
			}
			if status == 0 || !strings.Contains(stderr, tt.want) {
				t.Errorf("status %d, want non-zero and %q\n%s%s", status, tt.want, stdout, stderr)
			}
		})
	}
}

// TestBackupAndRestoreCommands: a backup and a restore are audited; the
// restored folder serves, with the chain whole and the restore its last
// entry, naming the backup's head; a second restore into it is refused.
func TestBackupAndRestoreCommands(t *testing.T) {
	dir := stateFolder(t)
	archive := filepath.Join(t.TempDir(), "backup.tar.gz")
	stdout, stderr, status := cli(t, "", "backup", "-o", archive, "--data", dir)
	if status != 0 || !strings.Contains(stdout, "已备份到 "+archive) || !strings.Contains(stdout, "数据版本 1（1 次载入，3 个 Parquet 文件）") {
		t.Fatalf("backup: status %d\n%s%s", status, stdout, stderr)
	}
	head := regexp.MustCompile(`末条哈希 ([0-9a-f]{64})`).FindStringSubmatch(stdout)
	restored := filepath.Join(t.TempDir(), "data")
	stdout, stderr, status = cli(t, "", "restore", archive, "--data", restored)
	if status != 0 || !strings.Contains(stdout, "已从 "+archive+" 恢复到 "+restored) || head == nil || !strings.Contains(stdout, head[1]) {
		t.Fatalf("restore: status %d\n%s%s", status, stdout, stderr)
	}
	if _, stderr, status := cli(t, "", "restore", archive, "--data", restored); status == 0 || !strings.Contains(stderr, "不是空的") {
		t.Errorf("restore into a full folder: status %d\n%s", status, stderr)
	}
	for _, c := range []struct {
		dir  string
		last clusterscope.AuditAction
	}{{dir, clusterscope.AuditBackup}, {restored, clusterscope.AuditRestore}} {
		w, err := warehouse.Open(c.dir)
		if err != nil {
			t.Fatal(err)
		}
		log, _ := w.AuditLog(1)
		if len(log) != 1 || log[0].Action != c.last || log[0].Target != archive || !strings.Contains(log[0].Detail, head[1]) {
			t.Errorf("%s: last audit entry %+v, want %s of %s naming head %s", c.dir, log, c.last, archive, head[1])
		}
		if chk, err := w.VerifyAudit(); err != nil || !chk.OK() {
			t.Errorf("%s: chain %+v %v", c.dir, chk, err)
		}
		w.Close()
	}
	base := serveDir(t, restored)
	c, _ := signedIn(t, base, "official", e2ePassword, "/assess")
	res, err := c.Get(base + "/api/assess?batch=2022&status=")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "NX-ZW-001") {
		t.Errorf("the restored folder's assessment: %d %.300s", res.StatusCode, b)
	}
}

// TestReleaseFolderIsImported: the data folder of the JSON-file release is
// imported on the first start of the server (and of any command): its
// accounts sign in with their passwords, the originals are kept.
func TestReleaseFolderIsImported(t *testing.T) {
	release := func(t *testing.T) string {
		dir := t.TempDir()
		for _, name := range []string{"users.json", "overrides.json", "audit.log"} {
			b, err := os.ReadFile(filepath.Join("../../warehouse/sqlite/testdata/release", name))
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, name), b, 0o600)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	t.Run("cli", func(t *testing.T) {
		dir := release(t)
		stdout, stderr, status := cli(t, "", "user", "list", "--data", dir)
		if status != 0 || !strings.Contains(stderr, "4 个账户、3 条破格推荐、16 条审计记录") ||
			!strings.Contains(stderr, "users.json"+sqlite.MigratedSuffix) || !strings.Contains(stdout, "zhongwei") {
			t.Errorf("status %d\n%s%s", status, stdout, stderr)
		}
		if _, stderr, _ := cli(t, "", "user", "list", "--data", dir); strings.Contains(stderr, "导入") {
			t.Errorf("imported again:\n%s", stderr)
		}
	})
	t.Run("serve", func(t *testing.T) {
		dir := release(t)
		base := serveDir(t, dir)
		signedIn(t, base, "ningxia", "ningxia-passwort-2", "/assess")
		for _, name := range []string{"users.json", "overrides.json", "audit.log"} {
			if _, err := os.Stat(filepath.Join(dir, name+sqlite.MigratedSuffix)); err != nil {
				t.Errorf("%s not kept: %v", name, err)
			}
		}
	})
}
