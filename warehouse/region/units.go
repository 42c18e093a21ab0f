package region

import (
	"strings"
	"sync"
)

// UnitKind is the kind of unit a call's quota is set for (calls.md: "per
// province / 自治区 / 直辖市" and "per 计划单列市 and 新疆生产建设兵团").
type UnitKind uint8

const (
	ProvinceUnit UnitKind = iota + 1 // 省、自治区、直辖市, without its 计划单列市 or 兵团's 师市
	PlanCityUnit                     // 计划单列市: counts beside its province, not in it
	CorpsUnit                        // 新疆生产建设兵团
)

// String is the kind's Chinese label.
func (k UnitKind) String() string {
	switch k {
	case ProvinceUnit:
		return "省级"
	case PlanCityUnit:
		return "计划单列市"
	case CorpsUnit:
		return "新疆生产建设兵团"
	}
	return "未知"
}

// CorpsName is the name of 新疆生产建设兵团's unit.
const CorpsName = "新疆生产建设兵团"

// corpsCities is the code of 新疆's 自治区直辖县级行政区划: every city under it
// (6590xx: 石河子市 … 白杨市) is a 师市 of 兵团.
const corpsCities = "6590"

// planCities are the five 计划单列市 by city code.
var planCities = map[string]bool{"2102": true, "3702": true, "3302": true, "3502": true, "4403": true}

// Unit is a quota unit: a province, a 计划单列市 or 兵团. It is comparable,
// so it can key a map of quotas or counts.
type Unit struct {
	Kind     UnitKind
	Code     string // the province's two digits or the 计划单列市's four; "" for 兵团, which has no GB/T 2260 code
	Name     string // 宁夏回族自治区, 青岛市, 新疆生产建设兵团
	Province string // the province it lies in (兵团: 新疆维吾尔自治区)
}

// QuotaUnit returns the unit in whose quota a cluster at the place counts:
// the 计划单列市 for a place in one, 兵团 for a place in one of its 师市,
// else the province. county may be empty, and city too (a province's own
// unit). ok is false when the place is not in the table (see Lookup).
func QuotaUnit(province, city, county string) (u Unit, ok bool) {
	pl, ok := Lookup(province, city, county)
	if !ok {
		return Unit{}, false
	}
	p := FindProvince(pl.Province)
	if pl.City == "" {
		return provinceUnit(p), true
	}
	return cityUnit(p, p.City(pl.City)), true
}

func provinceUnit(p *Province) Unit {
	return Unit{Kind: ProvinceUnit, Code: p.Code, Name: p.Name, Province: p.Name}
}

func cityUnit(p *Province, c *City) Unit {
	switch {
	case planCities[c.Code]:
		return Unit{Kind: PlanCityUnit, Code: c.Code, Name: c.Name, Province: p.Name}
	case c.Direct && strings.HasPrefix(c.Code, corpsCities):
		return Unit{Kind: CorpsUnit, Name: CorpsName, Province: p.Name}
	}
	return provinceUnit(p)
}

var (
	unitsOnce sync.Once
	units     []Unit
)

// Units returns every quota unit: the 31 provinces in GB/T 2260 order, each
// followed by its 计划单列市 and, for 新疆, 兵团. The slice is shared:
// callers must not modify it.
func Units() []Unit {
	unitsOnce.Do(func() {
		for i := range Provinces() {
			p := &provinces[i]
			units = append(units, provinceUnit(p))
			seen := map[Unit]bool{}
			for j := range p.Cities {
				if u := cityUnit(p, &p.Cities[j]); u.Kind != ProvinceUnit && !seen[u] {
					seen[u] = true
					units = append(units, u)
				}
			}
		}
	})
	return units
}
