package dashboard_test

import "testing"

// TestProfileFlagsChanges: the 集群档案 of a cluster whose yearly report
// names another operator, without declaring a change, says so with both
// names; one with nothing changed has an empty table.
func TestProfileFlagsChanges(t *testing.T) {
	ts := newServer(t, lifeRows+`
NX-ZW-001,2022,operator,,沙坡头区枸杞产业园管委会
NX-ZW-001,2022,operator,2023,中卫市枸杞产业发展有限公司
NX-ZW-001,2022,change_declared,2023,否
GD-2022-0001,2022,operator,,顺德区家电产业园管委会
GD-2022-0001,2022,operator,2024,顺德区家电产业园管委会`)
	got := pageAs(t, ts, "ministry", "/api/cluster?batch=2022&id=NX-ZW-001").rows(t, "changes")
	if len(got) != 1 || got[0]["year"] != "2023" || got[0]["from"] != "沙坡头区枸杞产业园管委会" || got[0]["to"] != "中卫市枸杞产业发展有限公司" ||
		got[0]["declared"] != "未申报（可按重大变化未报告撤销）" {
		t.Errorf("changes of NX-ZW-001: %v", got)
	}
	if rows := pageAs(t, ts, "ministry", "/api/cluster?batch=2022&id=GD-2022-0001").rows(t, "changes"); len(rows) != 0 {
		t.Errorf("GD-2022-0001 restated its operator unchanged: %v", rows)
	}
}
