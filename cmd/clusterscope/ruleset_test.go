package main

import (
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
