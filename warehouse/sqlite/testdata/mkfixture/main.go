// Command mkfixture wrote ../release: the users.json, overrides.json and
// audit.log of a data folder as the last JSON-file release (commit
// 544974d, with password_changed to the nanosecond and unlocked) writes
// them, through that release's own warehouse package, so that the import
// into SQLite is tested on files the product really made. It needs a
// warehouse package that still writes those files: run it from the module
// root of a checkout of that commit, go run ./warehouse/sqlite/testdata/mkfixture,
// and copy ../release here.
package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
)

// The fixture's passwords; the import test signs in with them.
var accounts = []struct {
	user     clusterscope.User
	password string
}{
	{clusterscope.User{Name: "admin", Role: clusterscope.RoleAdmin}, "admin-passwort-1"},
	{clusterscope.User{Name: "ningxia", Role: clusterscope.RoleProvince,
		Scope: clusterscope.Scope{Province: "宁夏回族自治区"}}, "ningxia-passwort-1"},
	{clusterscope.User{Name: "zhongwei", Role: clusterscope.RoleCity,
		Scope: clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市"}}, "zhongwei-passwort-1"},
	{clusterscope.User{Name: "guest", Role: clusterscope.RoleViewer}, "guest-passwort-1"},
}

func main() {
	tmp, err := os.MkdirTemp("", "mkfixture")
	check(err)
	defer os.RemoveAll(tmp)
	w, err := warehouse.Open(tmp)
	check(err)
	at := time.Now().UTC().Truncate(time.Minute)
	audit := func(e clusterscope.AuditEntry) {
		at = at.Add(time.Minute)
		e.At = at
		check(w.Audit(e))
	}
	for _, a := range accounts {
		check(w.AddUser(a.user, a.password))
		audit(clusterscope.AuditEntry{Who: "root", Action: clusterscope.AuditUserAdd, Target: a.user.Name})
	}
	check(w.SetPassword("ningxia", "ningxia-passwort-2"))
	audit(clusterscope.AuditEntry{Who: "root", Action: clusterscope.AuditUserPasswd, Target: "ningxia"})
	check(w.DisableUser("guest"))
	audit(clusterscope.AuditEntry{Who: "root", Action: clusterscope.AuditUserDisable, Target: "guest"})
	check(w.UnlockUser("zhongwei"))
	audit(clusterscope.AuditEntry{Who: "root", Action: clusterscope.AuditUserUnlock, Target: "zhongwei"})
	audit(clusterscope.AuditEntry{Who: "ningxia", Action: clusterscope.AuditLogin, IP: "10.0.0.7"})
	audit(clusterscope.AuditEntry{Who: "nobody", Action: clusterscope.AuditLoginFailed, Detail: "用户名或密码错误", IP: "10.0.0.9"})

	override := func(batch int, cluster, reason string) {
		check(w.AddOverride(batch, clusterscope.Override{ClusterID: cluster, By: "ningxia", Reason: reason}))
		audit(clusterscope.AuditEntry{Who: "ningxia", Action: clusterscope.AuditOverride,
			Target: fmt.Sprintf("%d/%s", batch, cluster), Detail: reason, IP: "10.0.0.7"})
	}
	override(2022, "NX-2022-01", "产业链完整，龙头企业带动明显")
	override(2022, "NX-2022-02", "先破格，后撤回")
	override(2022, "NX-2022-02", "") // withdrawn
	override(2022, "NX-2022-03", "第一次的理由")
	override(2022, "NX-2022-03", "改过的理由：集群总产值已达标")
	override(2023, "NX-2023-01", "跨批次")

	// A crash in the middle of an append leaves a line cut short; the next
	// entry starts on a line of its own.
	f, err := os.OpenFile(filepath.Join(tmp, "audit.log"), os.O_APPEND|os.O_WRONLY, 0o600)
	check(err)
	_, err = f.WriteString(`{"at":"` + at.Add(30*time.Second).Format(time.RFC3339) + `","who":"zhong`)
	check(err)
	check(f.Close())
	audit(clusterscope.AuditEntry{Who: "zhongwei", Action: clusterscope.AuditExport, Target: "compare.pdf", IP: "10.0.0.8"})

	for _, name := range []string{"users.json", "overrides.json", "audit.log"} {
		b, err := os.ReadFile(filepath.Join(tmp, name))
		check(err)
		check(os.WriteFile(filepath.Join("warehouse/sqlite/testdata/release", name), b, 0o600))
	}
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
