package dashboard

import (
	"fmt"

	"clusterscope"
)

// changeTable lists the changes of 运营管理机构, 占地面积 and 主导产业 that
// the yearly reports show, and whether each report declared its change.
func changeTable(l lang, id, caption string, rows []changeRow) *table {
	t := &table{ID: id, Caption: caption, Columns: []column{
		{Key: "name", Label: tr(l, "集群名称"), Link: "link"}, {Key: "province", Label: tr(l, "省份")},
		{Key: "year", Label: tr(l, "报告年度")}, {Key: "field", Label: tr(l, "项目")},
		{Key: "from", Label: tr(l, "此前")}, {Key: "to", Label: tr(l, "现为")}, {Key: "since", Label: tr(l, "此前见")},
		{Key: "declared", Label: tr(l, "是否申报变化")}, {Key: "date", Label: tr(l, "变化日期")},
	}}
	for _, r := range rows {
		since := tr(l, "申报表")
		if r.Since > 0 {
			since = trf(l, "%d 年度报告", r.Since)
		}
		declared := tr(l, "未申报（可按重大变化未报告撤销）")
		if r.Declared {
			declared = tr(l, "已申报")
		}
		t.Rows = append(t.Rows, map[string]any{"name": r.Name, "link": profileLink(r.Batch, r.ID), "province": r.Province,
			"year": fmt.Sprint(r.Year), "field": tr(l, r.Label), "from": r.From, "to": r.To, "since": since,
			"declared": declared, "date": r.Date})
	}
	return t
}

// changeRow is a change with the cluster it is of.
type changeRow struct {
	clusterscope.Cluster
	clusterscope.Change
}

// changeRows are a cluster's changes as the tables list them.
func changeRows(c clusterscope.Cluster, changes []clusterscope.Change) []changeRow {
	var out []changeRow
	for _, ch := range changes {
		out = append(out, changeRow{c, ch})
	}
	return out
}
