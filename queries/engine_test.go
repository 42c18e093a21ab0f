package queries_test

import (
	"context"
	"testing"
)

// TestEngineMemory: the metrics see the memory of the tables a snapshot
// holds, and a second ask sees it anew (nothing cached).
func TestEngineMemory(t *testing.T) {
	_, db := fixture(t)
	m, err := db.EngineMemory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if m.InUse <= 0 || m.Spilled < 0 {
		t.Errorf("memory %+v: want some in use", m)
	}
}
