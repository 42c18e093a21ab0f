package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse"
)

// TestNoticeAdd: an administrator corrects a list notice (the 2024
// batch's due day) without rebuilding: checked, installed, audited and
// listed; a broken file is refused naming its line and key.
func TestNoticeAdd(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src, err := os.ReadFile("../../warehouse/lists/list-2024.toml")
	if err != nil {
		t.Fatal(err)
	}
	fixed := strings.NewReplacer(`version = "1"`, `version = "2"`, "\nreport_due = \"03-31\"", "\nreport_due = \"04-15\"").Replace(string(src))
	file, bad := filepath.Join(dir, "list-2024.toml"), filepath.Join(dir, "bad.toml")
	os.WriteFile(file, []byte(fixed), 0o644)
	os.WriteFile(bad, []byte(strings.Replace(fixed, "\nterm_years = 3", "\nterm_years = 30", 1)), 0o644)
	if out, err := run(t, "notice", "check", file); err != nil || !strings.Contains(out, "无误") || !strings.Contains(out, "2025–2027") {
		t.Fatalf("check: %v %s", err, out)
	}
	if out, err := run(t, "notice", "add", "--data", data, bad); err == nil || !strings.Contains(err.Error(), "「term_years」") || !strings.Contains(err.Error(), "第 ") {
		t.Errorf("a bad notice: %v %s", err, out)
	}
	if out, err := run(t, "notice", "add", "--data", data, file); err != nil {
		t.Fatalf("add: %v %s", err, out)
	}
	list, _ := run(t, "notice", "list", "--data", data)
	if !strings.Contains(list, "list-2024@2") || !strings.Contains(list, "每年 04-15") || !strings.Contains(list, "工信部企业函〔2023〕3号") {
		t.Errorf("list:\n%s", list)
	}
	wh, err := warehouse.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	log, _ := wh.AuditLog(0)
	if len(log) != 1 || log[0].Action != clusterscope.AuditListNotice || log[0].Target != "list-2024@2" {
		t.Errorf("audit log: %+v", log)
	}
}
