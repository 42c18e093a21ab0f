package warehouse_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clusterscope"
)

func TestAuditNewestFirstAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	w := open(t, dir)
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	entries := []clusterscope.AuditEntry{
		{At: at, Who: "admin", Action: clusterscope.AuditUserAdd, Target: "zhongwei", Detail: "市级 宁夏回族自治区中卫市"},
		{At: at.Add(time.Minute), Who: "zhongwei", Action: clusterscope.AuditLogin, IP: "10.0.0.7"},
		{At: at.Add(2 * time.Minute), Who: "zhongwei", Action: clusterscope.AuditLoad, Target: "中卫.xlsx", Detail: "第 3 次载入"},
	}
	for _, e := range entries {
		if err := w.Audit(e); err != nil {
			t.Fatal(err)
		}
	}
	w2 := open(t, dir)
	if err := w2.Audit(clusterscope.AuditEntry{Who: "<b>x</b>", Action: clusterscope.AuditLogout}); err != nil {
		t.Fatal(err)
	}
	got, err := w.AuditLog(0)
	if err != nil || len(got) != 4 {
		t.Fatalf("log: %d entries, %v", len(got), err)
	}
	if got[0].Action != clusterscope.AuditLogout || got[0].Who != "<b>x</b>" || time.Since(got[0].At) > time.Minute {
		t.Errorf("newest: %+v", got[0])
	}
	for i, e := range entries {
		g := got[len(got)-1-i]
		want := e
		want.At = e.At.UTC()
		if g != want {
			t.Errorf("entry %d: got %+v, want %+v", i, g, want)
		}
	}
	if got[3].At.Location() != time.UTC {
		t.Errorf("time not in UTC: %v", got[3].At)
	}
	var first string
	if err := stateDB(t, dir).QueryRow(`SELECT at FROM audit ORDER BY id LIMIT 1`).Scan(&first); err != nil || first != "2026-03-01T00:00:00Z" {
		t.Errorf("first entry's time as stored %q (%v), want UTC RFC 3339", first, err)
	}
	if two, _ := w.AuditLog(2); len(two) != 2 || two[0] != got[0] || two[1] != got[1] {
		t.Errorf("limit 2: %+v", two)
	}
}

func TestAuditRefusesUnknownAction(t *testing.T) {
	w := open(t, t.TempDir())
	if err := w.Audit(clusterscope.AuditEntry{Who: "x", Action: "delete_everything"}); err == nil {
		t.Error("unknown action accepted")
	}
	if got, err := w.AuditLog(10); err != nil || len(got) != 0 {
		t.Errorf("empty log: %v %v", got, err)
	}
}

// An audit.log of an earlier release that a crash cut short in the middle
// of a line is imported at open without that line, and the log goes on.
func TestAuditSurvivesTornLine(t *testing.T) {
	dir := t.TempDir()
	torn := `{"at":"2026-03-01T00:00:00Z","who":"a","action":"login"}` + "\n" +
		`{"at":"2026-03-01T00:00:00Z","who":"cut sh` // a crash mid-write
	if err := os.WriteFile(filepath.Join(dir, "audit.log"), []byte(torn), 0o600); err != nil {
		t.Fatal(err)
	}
	w := open(t, dir)
	if rep := w.Imported(); rep == nil || rep.Audit != 1 || len(rep.Skipped) != 1 {
		t.Errorf("import of the torn log: %+v", rep)
	}
	if err := w.Audit(clusterscope.AuditEntry{Who: "b", Action: clusterscope.AuditLogout}); err != nil {
		t.Fatal(err)
	}
	got, err := w.AuditLog(0)
	if err != nil || len(got) != 2 || got[0].Who != "b" || got[1].Who != "a" {
		t.Errorf("after torn line: %+v %v", got, err)
	}
}

func TestAuditLogLongerThanAChunk(t *testing.T) {
	w := open(t, t.TempDir())
	detail := strings.Repeat("长", 400) // ~1.2 kB a line: 200 lines span several 64 kB chunks
	for i := range 200 {
		if err := w.Audit(clusterscope.AuditEntry{Who: "u", Action: clusterscope.AuditExport, Target: strings.Repeat("t", i%7), Detail: detail}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := w.AuditLog(0)
	if err != nil || len(got) != 200 {
		t.Fatalf("got %d entries, %v", len(got), err)
	}
	for i, e := range got {
		if want := strings.Repeat("t", (199-i)%7); e.Target != want || e.Detail != detail {
			t.Fatalf("entry %d out of order or damaged: target %q", i, e.Target)
		}
	}
}
