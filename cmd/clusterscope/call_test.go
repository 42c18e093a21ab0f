package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope/warehouse"
)

// TestCallAddChangesTheRecommendation: an administrator corrects a call
// (宁夏's, to one per city) without rebuilding: checked, installed,
// audited, listed, and the next assessment keeps it; a broken file is
// refused naming its line and key, and changes nothing.
func TestCallAddChangesTheRecommendation(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if out, err := run(t, "demo", "--data", data, "--recognised", "-1"); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	before, err := run(t, "assess", "--data", data, "--batch", "2022", "--call", "ningxia-2022")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(before, "【推荐】"); n != 7 {
		t.Fatalf("宁夏's call recommends %d, want 7:\n%s", n, before)
	}
	national, _ := run(t, "assess", "--data", data, "--batch", "2022")
	if n := strings.Count(national, "【推荐】"); n != 5 || !strings.Contains(national, "宁夏回族自治区名额已满（每个省、自治区、直辖市至多 5 个）") {
		t.Errorf("the national 2022 call recommends %d in 宁夏, want 5:\n%s", n, national)
	}
	src, err := os.ReadFile("../../warehouse/calls/ningxia-2022.toml")
	if err != nil {
		t.Fatal(err)
	}
	one := strings.NewReplacer(`version = "1"`, `version = "2"`, "min = 1\nmax = 2", "max = 1").Replace(string(src))
	file := filepath.Join(dir, "ningxia-2022.toml")
	os.WriteFile(file, []byte(one), 0o644)
	if out, err := run(t, "call", "check", file); err != nil || !strings.Contains(out, "无误") {
		t.Fatalf("check: %v %s", err, out)
	}
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte(strings.Replace(one, "max = 1", "max = -1", 1)), 0o644)
	if out, err := run(t, "call", "add", "--data", data, bad); err == nil || !strings.Contains(err.Error(), "「quota[1].max」") ||
		!strings.Contains(err.Error(), "第 ") {
		t.Errorf("a bad call: %v %s", err, out)
	}
	if out, err := run(t, "call", "add", "--data", data, file); err != nil {
		t.Fatalf("add: %v %s", err, out)
	}
	after, _ := run(t, "assess", "--data", data, "--batch", "2022", "--call", "ningxia-2022")
	if n := strings.Count(after, "【推荐】"); n != 5 || !strings.Contains(after, "ningxia-2022@2") {
		t.Errorf("one per city: %d recommended, want 5 (one per city):\n%s", n, after)
	}
	list, _ := run(t, "call", "list", "--data", data)
	if !strings.Contains(list, "ningxia-2022@2") || !strings.Contains(list, "national-2025@1") || !strings.Contains(list, "工信厅企业函〔2023〕44号") {
		t.Errorf("list:\n%s", list)
	}
	wh, _ := warehouse.Open(data)
	log, _ := wh.AuditLog(10)
	if len(log) == 0 || log[0].Target != "ningxia-2022@2" || log[0].Action != "call" {
		t.Errorf("call change not audited: %+v", log)
	}
	if entries, _ := os.ReadDir(filepath.Join(data, warehouse.CallDir)); len(entries) != 1 {
		t.Errorf("calls/ holds %v", entries)
	}
}
