package auth_test

import (
	"net/http"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/warehouse"
	"clusterscope/warehouse/warehousetest"
)

var _ auth.Store = (*warehouse.Warehouse)(nil)

// TestLoginWithWarehouse goes through the real store: bcrypt hashes and
// the audit log in the state database on disk.
func TestLoginWithWarehouse(t *testing.T) {
	wh := warehousetest.New(t)
	s := newSite(t, wh, false)
	if _, body := s.get("/login"); !strings.Contains(body, "clusterscope user add admin --role admin") {
		t.Error("empty warehouse: login page does not say how to create the first administrator")
	}
	if err := wh.AddUser(zhongwei, password); err != nil {
		t.Fatal(err)
	}
	if resp, body := s.login("zhongwei", "wrong-password", "/"); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "用户名或密码错误") {
		t.Errorf("wrong password: %d", resp.StatusCode)
	}
	if resp, _ := s.login("zhongwei", password, "/compare"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("right password: %d", resp.StatusCode)
	}
	if resp, _ := s.get("/compare"); resp.StatusCode != http.StatusOK {
		t.Errorf("page: %d", resp.StatusCode)
	}
	log, err := wh.AuditLog(10)
	if err != nil || len(log) != 2 {
		t.Fatalf("audit log: %+v %v", log, err)
	}
	if log[0].Action != clusterscope.AuditLogin || log[0].Who != "zhongwei" || log[1].Action != clusterscope.AuditLoginFailed || log[1].IP != "127.0.0.1" {
		t.Errorf("audit log, newest first: %+v", log)
	}
}

// TestAccountChangesReachTheServer: `clusterscope user passwd` and `user
// unlock` run in another process and change only the state database; the
// running server acts on them at the next request.
func TestAccountChangesReachTheServer(t *testing.T) {
	wh := warehousetest.New(t)
	cli, err := warehouse.Open(wh.Dir()) // the CLI's own connections to the folder
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	if err := cli.AddUser(zhongwei, password); err != nil {
		t.Fatal(err)
	}
	s := newSite(t, wh, false)
	if resp, _ := s.login("zhongwei", password, "/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	const changed = "another-horse-battery"
	if err := cli.SetPassword("zhongwei", changed); err != nil {
		t.Fatal(err)
	}
	if resp, _ := s.get("/compare"); resp.StatusCode != http.StatusFound {
		t.Errorf("session after the password change: %d", resp.StatusCode)
	}
	office := s.browser("10.0.0.5")
	for range 5 {
		office.login("zhongwei", password, "/")
	}
	if resp, _ := office.login("zhongwei", changed, "/"); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("locked pair: %d", resp.StatusCode)
	}
	if err := cli.UnlockUser("zhongwei"); err != nil {
		t.Fatal(err)
	}
	if resp, body := office.login("zhongwei", changed, "/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after the unlock: %d\n%s", resp.StatusCode, body)
	}
}
