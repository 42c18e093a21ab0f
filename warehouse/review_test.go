package warehouse_test

import (
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse"
)

// TestOverridesBecomeReviewSteps: the overrides an earlier release recorded
// are, once migrated (serve does at its start), the 初审 decisions they stand for — who, why, and
// each withdrawal — with an audit entry each; opening again migrates
// nothing twice, and the overrides keep their history.
func TestOverridesBecomeReviewSteps(t *testing.T) {
	dir := t.TempDir()
	w, err := warehouse.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []clusterscope.Override{
		{ClusterID: "NX-ZW-002", By: "ningxia", Reason: "经实地审查，口径调整后达标"},
		{ClusterID: "NX-ZW-002", By: "ningxia"}, // withdrawn
		{ClusterID: "NX-ZW-002", By: "zhongwei", Reason: "补充材料后达标"},
		{ClusterID: "NX-GY-001", By: "ningxia", Reason: "统计年鉴另有口径"},
	} {
		if err := w.AddOverride(2022, o); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	for round := 1; round <= 2; round++ {
		w := open(t, dir)
		if n, err := w.MigrateOverrides(); err != nil || n != map[int]int{1: 4, 2: 0}[round] {
			t.Fatalf("round %d: migrated %d rows (%v)", round, n, err)
		}
		h, err := w.DecisionHistory(clusterscope.KindApplication, "NX-ZW-002", 2022)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range h {
			got = append(got, d.Who+" "+d.State+" "+d.Why)
		}
		want := "ningxia precheck_passed 经实地审查，口径调整后达标|ningxia precheck_failed 撤销破格推荐|zhongwei precheck_passed 补充材料后达标"
		if strings.Join(got, "|") != want {
			t.Errorf("round %d: history %q, want %q", round, strings.Join(got, "|"), want)
		}
		if prefill, over := clusterscope.Overridden(h[2]); !over || prefill != clusterscope.Fail || clusterscope.StepOf(h[2]) != clusterscope.StepPrecheck {
			t.Errorf("round %d: the migrated step is no override of the criteria: %+v", round, h[2])
		}
		if cur, _ := w.Decision(clusterscope.KindApplication, "NX-GY-001", 2022); cur.Version != 1 || cur.Who != "ningxia" {
			t.Errorf("round %d: NX-GY-001 %+v", round, cur)
		}
		log, _ := w.AuditLog(0)
		n := 0
		for _, e := range log {
			if e.Action == clusterscope.AuditReview && strings.Contains(e.Detail, "破格推荐迁移") {
				n++
			}
		}
		if n != 4 {
			t.Errorf("round %d: %d migration entries in the audit log, want 4", round, n)
		}
		if hist, _ := w.OverrideHistory(2022, "NX-ZW-002"); len(hist) != 3 {
			t.Errorf("round %d: the overrides' history has %d rows, want 3", round, len(hist))
		}
		w.Close()
	}
}
