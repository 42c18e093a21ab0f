package dashboard

import (
	"fmt"
	"time"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
)

// buildAdmin is the administrator's record: who did what (the audit log),
// every load with its file and SHA-256, the accounts, and the rule sets.
func (s *Server) buildAdmin(c echo.Context, scope clusterscope.Scope) (*view, error) {
	if err := params(c); err != nil {
		return nil, err
	}
	l := langOf(c)
	if u, ok := auth.UserFrom(c); !ok || !u.IsAdmin() {
		return nil, errorf(l, clusterscope.EFORBIDDEN, "只有管理员可以查看审计日志和载入记录")
	}
	v := s.newView(l, "管理")
	entries, err := s.wh.AuditLog(500)
	if err != nil {
		return nil, err
	}
	audit := &table{ID: "audit", Caption: trf(l, "审计日志（最近 %d 条，新的在前）", len(entries)), Columns: []column{
		{Key: "at", Label: tr(l, "时间（UTC）")}, {Key: "who", Label: tr(l, "用户")}, {Key: "action", Label: tr(l, "操作")},
		{Key: "target", Label: tr(l, "对象")}, {Key: "detail", Label: tr(l, "详情")}, {Key: "ip", Label: tr(l, "来源地址")}}}
	for _, e := range entries {
		audit.Rows = append(audit.Rows, map[string]any{"at": e.At.UTC().Format("2006-01-02 15:04:05"), "who": e.Who,
			"action": tr(l, e.Action.Label()), "target": e.Target, "detail": e.Detail, "ip": e.IP})
	}
	loads, err := s.db.LoadHistory(c.Request().Context())
	if err != nil {
		return nil, err
	}
	lt := &table{ID: "loads", Caption: tr(l, "载入记录（每一行数据都可追溯到它的载入）"), Columns: []column{
		{Key: "id", Label: tr(l, "载入序号"), Numeric: true}, {Key: "file", Label: tr(l, "文件")}, {Key: "sha256", Label: "SHA-256"},
		{Key: "at", Label: tr(l, "时间（UTC）")}, {Key: "by", Label: tr(l, "载入人")}, {Key: "rows", Label: tr(l, "行数"), Numeric: true},
		{Key: "clusters", Label: tr(l, "集群数"), Numeric: true}, {Key: "synthetic", Label: tr(l, "演示数据")}}}
	for _, ld := range loads {
		lt.Rows = append(lt.Rows, map[string]any{"id": ld.ID, "file": ld.File, "sha256": ld.SHA256, "at": ld.At.UTC().Format(time.RFC3339),
			"by": ld.By, "rows": ld.Rows, "clusters": ld.Clusters, "synthetic": map[bool]string{true: tr(l, "是")}[ld.Synthetic]})
	}
	users, err := s.wh.Users()
	if err != nil {
		return nil, err
	}
	ut := &table{ID: "users", Caption: tr(l, "账户"), Columns: []column{{Key: "name", Label: tr(l, "用户名")}, {Key: "role", Label: tr(l, "角色")},
		{Key: "scope", Label: tr(l, "范围")}, {Key: "state", Label: tr(l, "状态")}}}
	for _, u := range users {
		state := tr(l, "启用")
		if u.Disabled {
			state = tr(l, "已停用")
		}
		ut.Rows = append(ut.Rows, map[string]any{"name": u.Name, "role": tr(l, u.Role.Label()), "scope": scopeLabel(l, u.Scope), "state": state})
	}
	rt := &table{ID: "rulesets", Caption: tr(l, "认定标准版本（数据目录 rulesets/ 下的文件优先于国家默认标准）"), Columns: []column{
		{Key: "ref", Label: tr(l, "版本")}, {Key: "name", Label: tr(l, "名称")}, {Key: "scope", Label: tr(l, "适用范围")},
		{Key: "criteria", Label: tr(l, "标准条数"), Numeric: true}}}
	for _, rs := range s.allRuleSets() {
		where := tr(l, "全部")
		if len(rs.Scope.Regions) > 0 || len(rs.Scope.Batches) > 0 {
			where = fmt.Sprint(rs.Scope.Regions, " ", rs.Scope.Batches)
		}
		rt.Rows = append(rt.Rows, map[string]any{"ref": rs.Ref(), "name": rs.Name, "scope": where, "criteria": len(rs.Criteria)})
	}
	v.Summary = trf(l, "数据版本 %d · %d 次载入 · %d 个账户", s.db.Version(), len(loads), len(users))
	ct := callsTable(l, s)
	if c := s.db.Corrupt(); len(c) > 0 {
		dt := &table{ID: "corrupt", Caption: tr(l, "已损坏、未纳入查询的数据文件"), Columns: []column{{Key: "file", Label: tr(l, "文件与原因")}}}
		for _, f := range c {
			dt.Rows = append(dt.Rows, map[string]any{"file": f})
		}
		v.Tables = append(v.Tables, dt)
	}
	v.Tables = append(v.Tables, audit, lt, ut, rt, ct)
	if st := s.settingsTable(l); st != nil {
		v.Tables = append(v.Tables, st)
	}
	return v, nil
}
