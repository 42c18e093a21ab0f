package sqlite_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

func TestAuditLog(t *testing.T) {
	db := open(t, t.TempDir())
	at := time.Date(2026, 3, 1, 16, 0, 0, 900, time.FixedZone("CST", 8*3600))
	entries := []clusterscope.AuditEntry{
		{At: at, Who: "admin", Action: clusterscope.AuditUserAdd, Target: "zhongwei"},
		{At: at.Add(time.Minute), Who: "zhongwei", Action: clusterscope.AuditLogin, IP: "10.0.0.8"},
		{Who: "zhongwei", Action: clusterscope.AuditExport, Detail: strings.Repeat("长", 600)},
	}
	for _, e := range entries {
		if err := db.Audit(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Audit(clusterscope.AuditEntry{Who: "x", Action: "steal"}); err == nil {
		t.Error("an unknown action was audited")
	}
	got, err := db.AuditLog(0)
	if err != nil || len(got) != 3 {
		t.Fatalf("log: %d entries, %v", len(got), err)
	}
	if got[2].At != at.UTC().Truncate(time.Second) || got[2].Target != "zhongwei" || got[1].IP != "10.0.0.8" {
		t.Errorf("oldest entries: %+v, %+v; want UTC whole seconds, fields kept", got[2], got[1])
	}
	if time.Since(got[0].At) > time.Minute || got[0].At.Location() != time.UTC {
		t.Errorf("a zero At is now, in UTC: %v", got[0].At)
	}
	if n := len([]rune(got[0].Detail)); n != 501 || !strings.HasSuffix(got[0].Detail, "…") {
		t.Errorf("a 600-character detail kept %d characters; want 500 and …", n)
	}
	if last, _ := db.AuditLog(1); len(last) != 1 || last[0].Action != clusterscope.AuditExport {
		t.Errorf("AuditLog(1) = %+v, want the newest entry", last)
	}
}

// Nothing in the audit log, the overrides or the decisions can be changed
// or removed through SQL, by anyone who has not first dropped a trigger.
func TestAppendOnlyTables(t *testing.T) {
	db := open(t, t.TempDir())
	if err := db.Audit(clusterscope.AuditEntry{Who: "admin", Action: clusterscope.AuditLogin}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddOverride(2022, clusterscope.Override{ClusterID: "NX-01", By: "ningxia", Reason: "理由"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Decide(sqlite.Decision{Kind: "application", Subject: "NX-01", Batch: 2022, State: "受理", Who: "ningxia", Why: "材料齐全"}, 0); err != nil {
		t.Fatal(err)
	}
	r := raw(t, db.Path())
	for _, q := range []string{
		`UPDATE audit SET who = 'someone' WHERE id = 1`,
		`DELETE FROM audit WHERE id = 1`,
		`INSERT INTO audit (id, at, who, action, target, detail, ip, prev_hash, hash) VALUES (7, '', '', '', '', '', '', '', '')`,
		`INSERT INTO audit (at, who, action, target, detail, ip, prev_hash, hash) VALUES ('', '', '', '', '', '', 'forged', '')`,
		`UPDATE overrides SET reason = '改过'`,
		`DELETE FROM overrides`,
		`UPDATE decisions SET state = '推荐'`,
		`DELETE FROM decisions`,
		`INSERT INTO decisions (subject_kind, subject_id, batch, version, state, who, at, why) VALUES ('application', 'NX-01', 2022, 3, 's', 'w', '', 'y')`,
	} {
		if _, err := r.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") && !strings.Contains(err.Error(), "follow") && !strings.Contains(err.Error(), "sequence") {
			t.Errorf("%s: %v; want refused by a trigger", q, err)
		}
	}
	if c, err := db.VerifyAudit(); err != nil || !c.OK() || c.Entries != 1 {
		t.Errorf("after the refused changes: %+v %v", c, err)
	}
}

func TestVerifyAuditFindsFirstAlteredOrRemoved(t *testing.T) {
	tests := []struct {
		name   string
		tamper []string
		append bool // another entry is written after the tampering
		bad    int64
		msg    string
	}{
		{"whole", nil, true, 0, ""},
		{"detail_edited", []string{`UPDATE audit SET detail = '无' WHERE id = 3`}, false, 3, "第 3 条审计记录被改动过"},
		{"time_edited", []string{`UPDATE audit SET at = '2020-01-01T00:00:00Z' WHERE id = 4`}, false, 4, "第 4 条审计记录被改动过"},
		{"hash_edited", []string{`UPDATE audit SET hash = prev_hash WHERE id = 2`}, false, 2, "第 2 条审计记录被改动过"},
		{"middle_deleted", []string{`DELETE FROM audit WHERE id = 3`}, false, 3, "第 3 条审计记录已被删除"},
		{"two_deleted", []string{`DELETE FROM audit WHERE id IN (2, 3)`}, false, 2, "第 2–3 条审计记录已被删除"},
		{"first_deleted", []string{`DELETE FROM audit WHERE id = 1`}, false, 1, "第 1 条审计记录已被删除"},
		{"last_deleted", []string{`DELETE FROM audit WHERE id = 5`}, false, 5, "第 5 条审计记录已被删除"},
		{"last_deleted_then_more", []string{`DELETE FROM audit WHERE id = 5`}, true, 5, "第 5 条审计记录已被删除"},
		{"deleted_and_renumbered", []string{`DELETE FROM audit WHERE id = 3`, `UPDATE audit SET id = id - 1 WHERE id > 3`,
			`UPDATE sqlite_sequence SET seq = 4 WHERE name = 'audit'`}, false, 3, "第 3 条审计记录被改动过"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := open(t, t.TempDir())
			for i := range 5 {
				if err := db.Audit(clusterscope.AuditEntry{Who: "admin", Action: clusterscope.AuditLogin, Detail: fmt.Sprint(i + 1)}); err != nil {
					t.Fatal(err)
				}
			}
			whole, err := db.VerifyAudit()
			if err != nil || !whole.OK() || whole.Entries != 5 || len(whole.Head) != 64 {
				t.Fatalf("before tampering: %+v %v", whole, err)
			}
			r := raw(t, db.Path())
			sqlExec(t, r, `DROP TRIGGER audit_no_update`)
			sqlExec(t, r, `DROP TRIGGER audit_no_delete`)
			for _, q := range tt.tamper {
				sqlExec(t, r, q)
			}
			if tt.append {
				if err := db.Audit(clusterscope.AuditEntry{Who: "admin", Action: clusterscope.AuditLogout}); err != nil {
					t.Fatal(err)
				}
			}
			c, err := db.VerifyAudit()
			if err != nil {
				t.Fatal(err)
			}
			if c.BadID != tt.bad || !strings.Contains(c.Problem, tt.msg) {
				t.Errorf("VerifyAudit = %+v; want the first bad entry %d, %q", c, tt.bad, tt.msg)
			}
			if tt.bad == 0 && (c.Entries != 6 || c.Head == whole.Head) {
				t.Errorf("after one more entry: %+v", c)
			}
		})
	}
}
