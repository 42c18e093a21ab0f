package region

import (
	"strings"

	"clusterscope"
)

// Valid reports whether province, city and county (a form's 所属地区, full
// names) are a real place. The four municipalities are written with the
// municipality as the city (北京市/北京市/石景山区); a county-level unit directly
// under its province as its own city (湖北省/仙桃市/仙桃市); a city without a
// county level with its town or street as the county (广东省/中山市/小榄镇)
// or itself (广东省/中山市/中山市). When ok is false,
// reason says what is wrong. A development zone is accepted: ok is true and
// reason is not zero, saying it is a zone, for a warning.
func Valid(province, city, county string) (ok bool, reason clusterscope.Message) {
	province, city, county = strings.TrimSpace(province), strings.TrimSpace(city), strings.TrimSpace(county)
	p := FindProvince(province)
	if p == nil {
		if province == CorpsName {
			return false, clusterscope.M("region.corps", province, "新疆维吾尔自治区 / 石河子市 / 石河子市")
		}
		return false, clusterscope.M("region.no_province", province, hint(provinceNames(), province))
	}
	c := p.City(city)
	if c == nil {
		if city == "市辖区" || city == "县" {
			return false, clusterscope.M("region.municipality", p.Name, city)
		}
		for i := range p.Cities {
			other := &p.Cities[i]
			if other.Direct && other.Name == county {
				return false, clusterscope.M("region.direct_county", county, p.Name, county)
			}
			if t := other.County(city); t != nil && t.Town {
				return false, clusterscope.M("region.town_as_city", city, other.Name, other.Name, city)
			}
		}
		return false, clusterscope.M("region.no_city", p.Name, city, hint(cityNames(p), city))
	}
	k := c.County(county)
	if k == nil {
		var owners []string
		for i := range p.Cities {
			if other := &p.Cities[i]; other.Name != c.Name && other.County(county) != nil {
				owners = append(owners, other.Name)
			}
		}
		if len(owners) > 0 {
			return false, clusterscope.M("region.other_city", county, clusterscope.M("join.list", owners), c.Name)
		}
		if len(c.Towns) > 0 {
			return false, clusterscope.M("region.no_town", p.Name, c.Name, c.Name, county, hint(countyNames(c), county))
		}
		return false, clusterscope.M("region.no_county", provPrefix(p, c), c.Name, county, hint(countyNames(c), county))
	}
	if k.Zone && k.Town {
		return true, clusterscope.M("region.township_unit", county, p.Name, c.Name)
	}
	if k.Zone {
		return true, clusterscope.M("region.zone", county, provPrefix(p, c), c.Name)
	}
	return true, clusterscope.Message{}
}

// provPrefix is the province before a city's name, unless the city is the
// municipality itself.
func provPrefix(p *Province, c *City) string {
	if c.Name == p.Name {
		return ""
	}
	return p.Name
}

// hint suggests the full name when name is the start of exactly one of names
// (宁夏 → 宁夏回族自治区), or nothing.
func hint(names []string, name string) clusterscope.Messages {
	if name == "" {
		return clusterscope.Messages{clusterscope.M("region.empty")}
	}
	found := ""
	for _, n := range names {
		if strings.HasPrefix(n, name) {
			if found != "" {
				return nil
			}
			found = n
		}
	}
	if found == "" {
		return nil
	}
	return clusterscope.Messages{clusterscope.M("region.full_name", found)}
}

func provinceNames() []string {
	var out []string
	for _, p := range Provinces() {
		out = append(out, p.Name)
	}
	return out
}

func cityNames(p *Province) []string {
	var out []string
	for _, c := range p.Cities {
		out = append(out, c.Name)
	}
	return out
}

func countyNames(c *City) []string {
	var out []string
	for _, list := range [][]County{c.Counties, c.zones, c.Towns} {
		for _, k := range list {
			out = append(out, k.Name)
		}
	}
	return out
}
