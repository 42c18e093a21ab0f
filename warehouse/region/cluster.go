package region

import "clusterscope"

// unitKinds are the table's kinds of quota unit in the domain's words.
var unitKinds = map[UnitKind]clusterscope.UnitKind{
	ProvinceUnit: clusterscope.UnitProvince,
	PlanCityUnit: clusterscope.UnitPlanCity,
	CorpsUnit:    clusterscope.UnitCorps,
}

// UnitOf says in whose province → ministry quota a cluster counts, from
// the table: its 计划单列市 (大连、青岛、宁波、厦门、深圳), 兵团 (a 6590xx
// city) or province. ok is false when its province and city are not a place
// of the table: a call's quota cannot be kept for it.
func UnitOf(c clusterscope.Cluster) (clusterscope.QuotaUnit, bool) {
	u, ok := QuotaUnit(c.Province, c.City, "")
	if !ok {
		return clusterscope.QuotaUnit{}, false
	}
	return clusterscope.QuotaUnit{Kind: unitKinds[u.Kind], Name: u.Name}, true
}
