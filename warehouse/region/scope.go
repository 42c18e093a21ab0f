package region

import (
	"cmp"

	"clusterscope"
)

// CheckScope refuses an account's region that is not in GB/T 2260 (with the
// towns of the cities without a county level and the development zones): a
// scope misspelt would see nothing and load nothing, silently.
func CheckScope(s clusterscope.Scope) error {
	if s.Province == "" {
		return nil
	}
	if _, ok := Lookup(s.Province, s.City, s.County); ok {
		return nil
	}
	_, why := Valid(s.Province, cmp.Or(s.City, s.Province), cmp.Or(s.County, s.City, s.Province))
	if why.IsZero() {
		why = clusterscope.M("region.not_a_region", s.Label())
	}
	return clusterscope.Refuse(clusterscope.EINVALID, clusterscope.M("region.scope_invalid", why))
}
