package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope/cmd/clusterscope/demo"
)

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	return runIn(t, "", args...)
}

// runIn runs the command with stdin as its standard input.
func runIn(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	root := newRoot()
	root.SetArgs(args)
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(&out)
	root.SetErr(&out)
	err := root.Execute()
	return out.String(), err
}

// TestLoadRefusesBadCSV: the user sees the line and the field in Chinese,
// the command fails, and the warehouse is exactly as before.
func TestLoadRefusesBadCSV(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	good := filepath.Join(dir, "good.csv")
	bad := filepath.Join(dir, "bad.csv")
	// A complete application of one cluster, as the demo generator writes it.
	var app bytes.Buffer
	if err := demo.Write(&app, demo.Options{Candidates: 1, Recognised: -1}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(good, app.Bytes(), 0o644)
	lines := bytes.Count(app.Bytes(), []byte("\n"))
	os.WriteFile(bad, append(bytes.Clone(app.Bytes()), "NX-ZW-002,2022,rd_intensity,2021,很高\n"...), 0o644)
	if out, err := run(t, "load", "--data", data, good); err != nil {
		t.Fatalf("good file: %v\n%s", err, out)
	}
	before, _ := os.ReadFile(filepath.Join(data, "manifest.json"))
	prepared, _ := filepath.Glob(filepath.Join(data, "cache", "snapshot-*.duckdb"))
	if len(prepared) != 1 {
		t.Errorf("after a load the dashboard's tables should be ready, found %v", prepared)
	}
	out, err := run(t, "load", "--data", data, bad)
	if err == nil {
		t.Fatal("bad file accepted")
	}
	for _, want := range []string{"bad.csv", fmt.Sprintf("第 %d 行", lines+1), "集群中小企业研发投入强度", "不是数字", "未载入"} {
		if !strings.Contains(out, want) {
			t.Errorf("message lacks %q:\n%s", want, out)
		}
	}
	after, _ := os.ReadFile(filepath.Join(data, "manifest.json"))
	if !bytes.Equal(before, after) {
		t.Error("warehouse manifest changed by a refused file")
	}
	out, err = run(t, "load", "--data", data, "--json", bad, good)
	if err == nil {
		t.Fatal("bad file accepted with --json")
	}
	var reports []fileReport
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out)
	}
	if len(reports) != 2 || reports[0].Loaded || reports[0].Problems[0].Line != lines+1 || !reports[1].Repeated {
		t.Errorf("--json reports: %+v", reports)
	}
}
