package sqlite_test

import (
	"strings"
	"testing"

	"clusterscope"
)

func TestOverridesCurrentAndHistory(t *testing.T) {
	db := open(t, t.TempDir())
	add := func(batch int, cluster, reason string) string {
		t.Helper()
		before := db.OverridesStamp()
		if err := db.AddOverride(batch, clusterscope.Override{ClusterID: cluster, By: "ningxia", Reason: reason}); err != nil {
			t.Fatal(err)
		}
		return before
	}
	add(2022, "NX-01", "龙头企业带动明显")
	add(2022, "NX-02", "先破格")
	add(2022, "NX-01", "  改过的理由  ")
	add(2022, "NX-02", "") // withdrawn
	add(2023, "NX-01", "另一批次")
	stamp := db.OverridesStamp()
	if add(2022, "NX-09", "") != stamp || db.OverridesStamp() != stamp {
		t.Error("withdrawing what was never admitted changed the stamp")
	}

	got, err := db.Overrides(2022)
	if err != nil || len(got) != 1 || got[0].ClusterID != "NX-01" || got[0].Reason != "改过的理由" || got[0].By != "ningxia" || got[0].At.IsZero() {
		t.Fatalf("2022: %+v %v; want NX-01 alone, with the later reason, trimmed", got, err)
	}
	if got, _ := db.Overrides(2023); len(got) != 1 || got[0].Reason != "另一批次" {
		t.Errorf("2023: %+v", got)
	}
	hist, err := db.OverrideHistory(2022, "NX-02")
	if err != nil || len(hist) != 2 || hist[0].Reason != "先破格" || hist[1].Reason != "" {
		t.Errorf("history of NX-02: %+v %v; want the admission and the withdrawal", hist, err)
	}
	add(2022, "NX-02", "再次破格")
	if got, _ := db.Overrides(2022); len(got) != 2 || got[0].ClusterID != "NX-01" || got[1].ClusterID != "NX-02" {
		t.Errorf("2022 after admitting NX-02 again: %+v; want NX-01 then NX-02, oldest first", got)
	}
	if db.OverridesStamp() == stamp {
		t.Error("stamp unchanged by a new override")
	}
}

func TestAddOverrideRefuses(t *testing.T) {
	db := open(t, t.TempDir())
	tests := []struct {
		name string
		o    clusterscope.Override
		msg  string
	}{
		{"no_cluster", clusterscope.Override{By: "a", Reason: "r"}, "集群和决定人"},
		{"bad_cluster", clusterscope.Override{ClusterID: "NX 01", By: "a", Reason: "r"}, "集群和决定人"},
		{"no_by", clusterscope.Override{ClusterID: "NX-01", Reason: "r"}, "集群和决定人"},
		{"long_reason", clusterscope.Override{ClusterID: "NX-01", By: "a", Reason: strings.Repeat("理", 501)}, "501 字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, db.AddOverride(2022, tt.o), clusterscope.EINVALID, tt.msg)
		})
	}
	if hist, _ := db.OverrideHistory(2022, "NX-01"); len(hist) != 0 {
		t.Errorf("refused overrides were stored: %+v", hist)
	}
}
