package clusterscope

// reportFields are the yearly report's own fields, which the application
// has no place for: the day it is sent, and whether the cluster's
// operator, area or leading industry changed in the year and since when
// (a major change not reported is a cause to withdraw recognition). They
// are not in fields.csv, the spec's, which stays identical, but in the
// catalog beside it (Catalog.Report), and Observe takes them only in a
// follow-up report.
var reportFields = []Field{
	{Code: "reported_on", Label: "报送日期", Kind: KindDate, ReportOnly: true},
	{Code: "change_declared", Label: "本年度集群运营管理机构、空间范围（占地面积）或主导产业是否发生变化", Kind: KindYesNo, ReportOnly: true},
	{Code: "change_date", Label: "变化发生日期（未发生变化的留空）", Kind: KindDate, ReportOnly: true},
}

// addReportFields puts the report's own fields in the catalog.
func (c *Catalog) addReportFields() {
	c.Report = append([]Field(nil), reportFields...)
	for i := range c.Report {
		c.fields[c.Report[i].Code] = &c.Report[i]
	}
}
