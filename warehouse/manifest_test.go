package warehouse_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse/warehousetest"
)

// TestNewerFolderIsRefused: a load records the folder's format, and a
// folder of a newer format (written by a newer release) is refused with a
// clear message instead of being misread, so an older binary started on it
// after a downgrade does not run.
func TestNewerFolderIsRefused(t *testing.T) {
	w := warehousetest.New(t)
	warehousetest.Load(t, w, "a.csv", false, "NX-ZW-001,2022,cluster_name,,中卫市枸杞集群\nNX-ZW-001,2022,province,,宁夏回族自治区")
	b, err := os.ReadFile(w.ManifestPath())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["format"] != 1.0 {
		t.Fatalf("manifest format %v, want 1", m["format"])
	}
	m["format"] = 2
	b, _ = json.Marshal(m)
	if err := os.WriteFile(w.ManifestPath(), b, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func() error{
		"snapshot": func() error { _, err := w.Snapshot(); return err },
		"recover":  func() error { _, err := w.Recover(); return err },
	} {
		err := f()
		if clusterscope.ErrorCode(err) != clusterscope.ECONFLICT || !strings.Contains(clusterscope.ErrorMessage(err), "更新版本的 clusterscope") {
			t.Errorf("%s of a newer folder: %v", name, err)
		}
	}
}
