package sqlite

import (
	"strings"
	"testing"

	"clusterscope"
)

// An entry altered and given a fresh hash of its own is still caught: the
// next entry records the old hash.
func TestBrokenSeesRewrittenHash(t *testing.T) {
	var chain []auditRow
	prev := ""
	for i := int64(1); i <= 3; i++ {
		r := auditRow{id: i, at: "2026-03-01T08:00:00Z", e: clusterscope.AuditEntry{Who: "admin", Action: clusterscope.AuditLogin}, prev: prev}
		r.hash = r.sum()
		chain, prev = append(chain, r), r.hash
	}
	forged := chain[1]
	forged.e.Who = "nobody"
	forged.hash = forged.sum()
	if id, _ := broken(chain[0], forged); id != 0 {
		t.Fatalf("the forged entry on its own looks broken (%d): the case is not the one meant", id)
	}
	id, why := broken(forged, chain[2])
	if id != 2 || !strings.Contains(why, "第 2 条审计记录被改动过") {
		t.Errorf("broken = %d %q; want entry 2 altered", id, why)
	}
	first := chain[0]
	first.prev = "feed"
	first.hash = first.sum()
	if id, _ := broken(auditRow{}, first); id != 1 {
		t.Errorf("a first entry pointing before itself: broken = %d, want 1", id)
	}
}
