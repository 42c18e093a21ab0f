// Package region is the table of China's provinces, cities and counties
// (GB/T 2260 codes, see README.md) as an application form writes them, with
// the development zones that report like a county and the towns of the
// cities without a county level. It answers whether a cluster's 所属地区 is
// a real place, and in which quota unit of a call it counts (units.go; in
// the domain's words, cluster.go); and whether an account's scope is a real
// place (scope.go).
package region

import (
	"embed"
	"encoding/csv"
	"fmt"
	"strings"
	"sync"
)

// Files holds the embedded CSV files as shipped (provinces.csv, cities.csv,
// areas.csv, towns.csv, with their README.md and LICENSE), for tools that
// need the raw table.
//
//go:embed provinces.csv cities.csv areas.csv towns.csv README.md LICENSE
var Files embed.FS

// Province is a province-level division with its cities as forms write them.
type Province struct {
	Code   string // two digits
	Name   string // full name: 宁夏回族自治区
	Cities []City
}

// City is a prefecture-level unit as a form writes it. A municipality's
// 市辖区 and 县 rows are one city named after the municipality, with the
// code of the first row; a county-level unit directly under its province
// (省直辖县级行政区划) is a city of its own with itself as its one county.
type City struct {
	Code     string // four digits
	Name     string
	Direct   bool // a county-level unit directly under the province
	Counties []County
	// Towns are the 乡镇（街道） of a city without a county level (东莞市,
	// 中山市, 儋州市, 嘉峪关市: towns.csv), which a form names where it asks
	// for the county; empty for every other city.
	Towns []County
	zones []County // development zones not in GB/T 2260 (zones.go)
}

// County is a county-level unit, a development zone reporting like one, or
// a town of a city without a county level.
type County struct {
	Code string // six digits, nine for a town; empty for a zone outside GB/T 2260
	Name string
	Zone bool // a development zone (or a town-level unit like one): not an administrative division
	Town bool // a 乡镇（街道） of City.Towns
}

// Place is a province, a city or a county, named as a form writes it.
type Place struct {
	Code     string // the most specific GB/T 2260 code (nine digits for a town); empty for a zone of zones.go
	Province string
	City     string // empty for a province
	County   string // empty for a province or a city; a town's name for a city without a county level
	Zone     bool
	Town     bool
}

var (
	loadOnce  sync.Once
	provinces []Province
	byCode    map[string]Place
)

// Provinces returns the 31 provinces in GB/T 2260 order. The slice is
// shared: callers must not modify it.
func Provinces() []Province {
	loadOnce.Do(load)
	return provinces
}

// FindProvince returns the province with the full name, or nil.
func FindProvince(name string) *Province {
	ps := Provinces()
	name = strings.TrimSpace(name)
	for i := range ps {
		if ps[i].Name == name {
			return &ps[i]
		}
	}
	return nil
}

// City returns the city of p with the name as a form writes it, or nil.
func (p *Province) City(name string) *City {
	name = strings.TrimSpace(name)
	for i := range p.Cities {
		if p.Cities[i].Name == name {
			return &p.Cities[i]
		}
	}
	return nil
}

// County returns the county-level unit, development zone or town of c with
// the name, or nil.
func (c *City) County(name string) *County {
	name = strings.TrimSpace(name)
	for _, list := range [][]County{c.Counties, c.zones, c.Towns} {
		for i := range list {
			if list[i].Name == name {
				return &list[i]
			}
		}
	}
	return nil
}

// Lookup returns the place a form's three 所属地区 fields name; city and
// county may be empty to look up a province or a city.
func Lookup(province, city, county string) (Place, bool) {
	p := FindProvince(province)
	if p == nil {
		return Place{}, false
	}
	pl := Place{Code: p.Code, Province: p.Name}
	if strings.TrimSpace(city) == "" {
		return pl, strings.TrimSpace(county) == ""
	}
	c := p.City(city)
	if c == nil {
		return Place{}, false
	}
	pl.Code, pl.City = c.Code, c.Name
	if strings.TrimSpace(county) == "" {
		return pl, true
	}
	k := c.County(county)
	if k == nil {
		return Place{}, false
	}
	pl.Code, pl.County, pl.Zone, pl.Town = k.Code, k.Name, k.Zone, k.Town
	return pl, true
}

// ByCode returns the place with the GB/T 2260 code: two digits for a
// province, four for a city, six for a county, nine for a town of a city
// without a county level. The codes of the 省直辖县级
// rows (4290 …) name no city a form can write and are not found.
func ByCode(code string) (Place, bool) {
	loadOnce.Do(load)
	pl, ok := byCode[strings.TrimSpace(code)]
	return pl, ok
}

// load builds the table from the embedded files, which tests check; an
// error here is a build defect.
func load() {
	if err := parse(); err != nil {
		panic(err)
	}
}

func parse() error {
	rows := func(name string, cols int) ([][]string, error) {
		b, err := Files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("region: read %s: %w", name, err)
		}
		r := csv.NewReader(strings.NewReader(string(b)))
		r.FieldsPerRecord = cols
		recs, err := r.ReadAll()
		if err != nil || len(recs) < 2 {
			return nil, fmt.Errorf("region: parse %s: %v", name, err)
		}
		return recs[1:], nil
	}
	provRows, err := rows("provinces.csv", 2)
	if err != nil {
		return err
	}
	cityRows, err := rows("cities.csv", 3)
	if err != nil {
		return err
	}
	areaRows, err := rows("areas.csv", 4)
	if err != nil {
		return err
	}
	townRows, err := rows("towns.csv", 5)
	if err != nil {
		return err
	}
	byCode = map[string]Place{}
	pIndex := map[string]int{}
	for _, r := range provRows {
		pIndex[r[0]] = len(provinces)
		provinces = append(provinces, Province{Code: r[0], Name: r[1]})
		byCode[r[0]] = Place{Code: r[0], Province: r[1]}
	}
	type ref struct{ p, c int }
	cityOf := map[string]ref{} // city code → index
	direct := map[string]int{} // 省直辖 city code → province index
	for _, r := range cityRows {
		pi, ok := pIndex[r[2]]
		if !ok {
			return fmt.Errorf("region: city %s: unknown province %s", r[0], r[2])
		}
		p := &provinces[pi]
		name := r[1]
		switch {
		case strings.Contains(name, "直辖县级"):
			direct[r[0]] = pi
			continue
		case name == "市辖区" || name == "县":
			name = p.Name
		}
		ci := -1
		for i := range p.Cities {
			if p.Cities[i].Name == name {
				ci = i
			}
		}
		if ci < 0 {
			ci = len(p.Cities)
			p.Cities = append(p.Cities, City{Code: r[0], Name: name})
		}
		cityOf[r[0]] = ref{pi, ci}
		byCode[r[0]] = Place{Code: r[0], Province: p.Name, City: name}
	}
	for _, r := range areaRows {
		k := County{Code: r[0], Name: r[1], Zone: len(r[0]) == 6 && r[0][4] == '7'}
		if pi, ok := direct[r[2]]; ok {
			p := &provinces[pi]
			p.Cities = append(p.Cities, City{Code: r[0], Name: r[1], Direct: true, Counties: []County{k}})
			byCode[r[0]] = Place{Code: r[0], Province: p.Name, City: r[1], County: r[1], Zone: k.Zone}
			continue
		}
		c, ok := cityOf[r[2]]
		if !ok {
			return fmt.Errorf("region: county %s: unknown city %s", r[0], r[2])
		}
		ct := &provinces[c.p].Cities[c.c]
		ct.Counties = append(ct.Counties, k)
		byCode[r[0]] = Place{Code: r[0], Province: provinces[c.p].Name, City: ct.Name, County: r[1], Zone: k.Zone}
	}
	for _, r := range townRows {
		c, ok := cityOf[r[4]]
		if !ok {
			return fmt.Errorf("region: town %s: unknown city %s", r[0], r[4])
		}
		ct := &provinces[c.p].Cities[c.c]
		// Such a city's one county row is the city itself: a town elsewhere
		// would sit under a county the form names instead.
		if len(ct.Counties) != 1 || ct.Counties[0].Code != r[2] {
			return fmt.Errorf("region: town %s: city %s has a county level", r[0], ct.Name)
		}
		// Town codes from 400 up are 类似乡级单位 (开发区, 农场 …), not towns.
		k := County{Code: r[0], Name: r[1], Town: true, Zone: len(r[0]) == 9 && r[0][6] >= '4'}
		ct.Towns = append(ct.Towns, k)
		byCode[r[0]] = Place{Code: r[0], Province: provinces[c.p].Name, City: ct.Name, County: r[1], Zone: k.Zone, Town: true}
	}
	for _, z := range zones {
		p := findIn(provinces, z.Province)
		if p == nil || p.City(z.City) == nil {
			return fmt.Errorf("region: zone %s: no city %s %s", z.Name, z.Province, z.City)
		}
		c := p.City(z.City)
		c.zones = append(c.zones, County{Name: z.Name, Zone: true})
	}
	return nil
}

func findIn(ps []Province, name string) *Province {
	for i := range ps {
		if ps[i].Name == name {
			return &ps[i]
		}
	}
	return nil
}
