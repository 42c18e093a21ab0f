package demo

import (
	"strings"
	"sync"

	"clusterscope/warehouse/region"
)

// province is one of the 31 provinces with the cities a cluster may be in.
type province struct {
	code   string
	name   string
	short  string // 宁夏 for 宁夏回族自治区, as platform names write it
	abbr   string // two letters for cluster ids, as in GD-2023-0042
	phone  string // area code of the capital, used for every landline in the province
	weight int    // share of recognised clusters, illustrative only
	cities []city
}

// city is a prefecture-level unit with its county-level units.
type city struct {
	code     string
	name     string
	counties []string
}

// provinceInfo is keyed by GB/T 2260 province code. The weights only make the
// demo look uneven the way the real programme is; they are not real counts.
var provinceInfo = map[string]struct {
	abbr, phone string
	weight      int
}{
	"11": {"BJ", "010", 3}, "12": {"TJ", "022", 4}, "13": {"HE", "0311", 9}, "14": {"SX", "0351", 5},
	"15": {"NM", "0471", 4}, "21": {"LN", "024", 7}, "22": {"JL", "0431", 4}, "23": {"HL", "0451", 4},
	"31": {"SH", "021", 4}, "32": {"JS", "025", 16}, "33": {"ZJ", "0571", 16}, "34": {"AH", "0551", 10},
	"35": {"FJ", "0591", 9}, "36": {"JX", "0791", 8}, "37": {"SD", "0531", 16}, "41": {"HA", "0371", 11},
	"42": {"HB", "027", 10}, "43": {"HN", "0731", 10}, "44": {"GD", "020", 16}, "45": {"GX", "0771", 6},
	"46": {"HI", "0898", 2}, "50": {"CQ", "023", 6}, "51": {"SC", "028", 10}, "52": {"GZ", "0851", 5},
	"53": {"YN", "0871", 5}, "54": {"XZ", "0891", 1}, "61": {"SN", "029", 6}, "62": {"GS", "0931", 4},
	"63": {"QH", "0971", 2}, "64": {"NX", "0951", 2}, "65": {"XJ", "0991", 4},
}

var (
	regionsOnce sync.Once
	regionList  []province
	weightTotal int
)

// provinces returns the 31 provinces in GB/T 2260 order.
func provinces() []province {
	regionsOnce.Do(func() { regionList = parseRegions() })
	return regionList
}

// parseRegions builds the province list from clusterscope/warehouse/region,
// where a municipality's 市辖区 and 县 rows are already one city under the
// municipality's name, as a form writes it. The county-level units directly
// under a province (省直辖县级行政区划) and the development zones outside the
// table are left out: a generated cluster sits in a listed county.
func parseRegions() []province {
	var ps []province
	for _, rp := range region.Provinces() {
		info := provinceInfo[rp.Code]
		p := province{code: rp.Code, name: rp.Name, short: shortName(rp.Name), abbr: info.abbr, phone: info.phone, weight: info.weight}
		weightTotal += info.weight
		for _, rc := range rp.Cities {
			if rc.Direct {
				continue
			}
			c := city{code: rc.Code, name: rc.Name}
			for _, k := range rc.Counties {
				c.counties = append(c.counties, k.Name)
			}
			p.cities = append(p.cities, c)
		}
		ps = append(ps, p)
	}
	return ps
}

// shortName drops the administrative suffix of a province name.
func shortName(name string) string {
	for _, suffix := range []string{"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"} {
		if s, ok := strings.CutSuffix(name, suffix); ok {
			return s
		}
	}
	return name
}

// provinceByName returns the province with the name, or nil.
func provinceByName(name string) *province {
	ps := provinces()
	for i := range ps {
		if ps[i].name == name {
			return &ps[i]
		}
	}
	return nil
}

// cityByName returns the city of p with the name, or nil.
func (p *province) cityByName(name string) *city {
	for i := range p.cities {
		if p.cities[i].name == name {
			return &p.cities[i]
		}
	}
	return nil
}
