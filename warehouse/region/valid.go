package region

import (
	"fmt"
	"strings"
)

// Valid reports whether province, city and county (a form's 所属地区, full
// names) are a real place. The four municipalities are written with the
// municipality as the city (北京市/北京市/石景山区); a county-level unit directly
// under its province as its own city (湖北省/仙桃市/仙桃市); a city without a
// county level with its town or street as the county (广东省/中山市/小榄镇)
// or itself (广东省/中山市/中山市). When ok is false,
// reason says what is wrong, in Chinese. A development zone is accepted: ok is
// true and reason is not empty, saying it is a zone, for a warning.
func Valid(province, city, county string) (ok bool, reason string) {
	province, city, county = strings.TrimSpace(province), strings.TrimSpace(city), strings.TrimSpace(county)
	p := FindProvince(province)
	if p == nil {
		if province == CorpsName {
			return false, fmt.Sprintf("%s不是省级行政区：兵团的集群按所在师市填写，如「新疆维吾尔自治区 / 石河子市 / 石河子市」", province)
		}
		return false, fmt.Sprintf("「%s」不是省级行政区%s", province, hint(provinceNames(), province))
	}
	c := p.City(city)
	if c == nil {
		if city == "市辖区" || city == "县" {
			return false, fmt.Sprintf("直辖市的「市(区)」一栏应填「%s」，不填「%s」", p.Name, city)
		}
		for i := range p.Cities {
			other := &p.Cities[i]
			if other.Direct && other.Name == county {
				return false, fmt.Sprintf("%s是%s直辖的县级行政区，「市(区)」一栏应填「%s」", county, p.Name, county)
			}
			if t := other.County(city); t != nil && t.Town {
				return false, fmt.Sprintf("「%s」是%s的镇（街道）：「市(区)」一栏应填「%s」，「县(市、区)」一栏填「%s」", city, other.Name, other.Name, city)
			}
		}
		return false, fmt.Sprintf("%s没有「%s」这个市%s", p.Name, city, hint(cityNames(p), city))
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
			return false, fmt.Sprintf("「%s」属于%s，不属于%s", county, strings.Join(owners, "、"), c.Name)
		}
		if len(c.Towns) > 0 {
			return false, fmt.Sprintf("%s%s不设县级行政区，「县(市、区)」一栏填集群所在的镇或街道，%s没有「%s」这个镇（街道）%s",
				p.Name, c.Name, c.Name, county, hint(countyNames(c), county))
		}
		return false, fmt.Sprintf("%s%s没有「%s」这个县(市、区)%s", provPrefix(p, c), c.Name, county, hint(countyNames(c), county))
	}
	if k.Zone && k.Town {
		return true, fmt.Sprintf("「%s」是类似乡级单位（开发区、农场等），不是镇或街道；数据按%s%s归属", county, p.Name, c.Name)
	}
	if k.Zone {
		return true, fmt.Sprintf("「%s」是开发区（功能区），不是行政区划；数据按%s%s归属", county, provPrefix(p, c), c.Name)
	}
	return true, ""
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
// (宁夏 → 宁夏回族自治区), or "".
func hint(names []string, name string) string {
	if name == "" {
		return "（不能为空）"
	}
	found := ""
	for _, n := range names {
		if strings.HasPrefix(n, name) {
			if found != "" {
				return ""
			}
			found = n
		}
	}
	if found == "" {
		return ""
	}
	return fmt.Sprintf("；请填写全称「%s」", found)
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
