package etl

import (
	"cmp"

	"clusterscope"
	"clusterscope/dashboard/words"
	"clusterscope/etl/region"
)

// CheckScope refuses an account's region that is not in GB/T 2260 (with the
// towns of the cities without a county level and the development zones): a
// scope misspelt would see nothing and load nothing, silently.
func CheckScope(s clusterscope.Scope) error {
	if s.Province == "" {
		return nil
	}
	if _, ok := region.Lookup(s.Province, s.City, s.County); ok {
		return nil
	}
	_, why := region.Valid(s.Province, cmp.Or(s.City, s.Province), cmp.Or(s.County, s.City, s.Province))
	if why.IsZero() {
		why = clusterscope.M("region.not_a_region", s.Label())
	}
	return clusterscope.Errorf(clusterscope.EINVALID, "权限范围无效：%s", words.Say(words.Chinese, why))
}
