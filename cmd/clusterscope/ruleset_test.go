package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope/warehouse"
	"clusterscope/warehouse/warehousetest"
)

func TestRuleSetAddChangesTheVerdict(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if out, err := run(t, "demo", "--data", data, "--recognised", "-1"); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	before, err := run(t, "assess", "--data", data, "--batch", "2022")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(before, "低于 40") {
		t.Fatalf("the demo should have a candidate below 40 亿元:\n%s", before)
	}
	file := filepath.Join(dir, "west.toml")
	os.WriteFile(file, []byte(warehousetest.WestRuleSet), 0o644)
	if out, err := run(t, "ruleset", "check", file); err != nil || !strings.Contains(out, "无误") {
		t.Fatalf("check: %v %s", err, out)
	}
	if out, err := run(t, "ruleset", "add", "--data", data, file); err != nil {
		t.Fatalf("add: %v %s", err, out)
	}
	after, _ := run(t, "assess", "--data", data, "--batch", "2022")
	if !strings.Contains(after, "west-2022@1") || strings.Contains(after, "低于 40") {
		t.Errorf("the 宁夏 rule set did not judge:\n%s", after)
	}
	wh, _ := warehouse.Open(data)
	log, _ := wh.AuditLog(10)
	if len(log) == 0 || log[0].Target != "west-2022@1" {
		t.Errorf("rule set change not audited: %+v", log)
	}
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte(strings.Replace(warehousetest.WestRuleSet, `comparison = ">="`, `comparison = "about"`, 1)), 0o644)
	if out, err := run(t, "ruleset", "check", bad); err == nil {
		t.Errorf("a bad comparison was accepted: %s", out)
	}
}

// TestRuleSetAddInstallsWhatItChecked: `ruleset add` installs and audits
// the very bytes it checked. The file here is a pipe (as `ruleset add
// <(…)` gives), which reads empty a second time: reading the file again
// to copy it would install an empty rule set under an audited name.
func TestRuleSetAddInstallsWhatItChecked(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w.WriteString(warehousetest.WestRuleSet)
	w.Close()
	file := filepath.Join(dir, "west.toml")
	if err := os.Symlink(fmt.Sprintf("/proc/self/fd/%d", r.Fd()), file); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "ruleset", "add", "--data", data, file); err != nil {
		t.Fatalf("add: %v %s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(data, warehouse.RuleSetDir, "west.toml"))
	if err != nil || string(got) != warehousetest.WestRuleSet {
		t.Errorf("installed %d bytes (%v), want the %d checked", len(got), err, len(warehousetest.WestRuleSet))
	}
	if out, err := run(t, "ruleset", "list", "--data", data); err != nil || !strings.Contains(out, "west-2022@1") {
		t.Errorf("the added rule set is not in force: %v\n%s", err, out)
	}
}
