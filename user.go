package clusterscope

import "time"

// Role is what a user may do; Scope says over which region.
type Role string

// Roles of the programme's administration.
const (
	RoleMinistry Role = "ministry" // 部级: all data
	RoleProvince Role = "province" // 省级: one province
	RoleCity     Role = "city"     // 市级: one city
	RoleCounty   Role = "county"   // 县级: one county (or a town of a city without counties), the applicant
	RoleViewer   Role = "viewer"   // 只读: reads within its scope, loads nothing
	RoleAdmin    Role = "admin"    // 管理员: users, rule sets, loads; all data
)

// Label is the role in Chinese.
func (r Role) Label() string {
	switch r {
	case RoleMinistry:
		return "部级"
	case RoleProvince:
		return "省级"
	case RoleCity:
		return "市级"
	case RoleCounty:
		return "县级"
	case RoleViewer:
		return "只读"
	case RoleAdmin:
		return "管理员"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.Label() != string(r) }

// Scope is the region a user sees: empty Province means everywhere; empty
// City means the whole province; empty County the whole city. A county is
// as a form's 所属地区 names it: a 县(市、区), or the town (镇、街道) of a city
// without a county level (广东省 / 中山市 / 小榄镇).
type Scope struct {
	Province string `json:"province,omitempty"`
	City     string `json:"city,omitempty"`
	County   string `json:"county,omitempty"`
}

// All is the scope that sees everything.
var All = Scope{}

// Allows reports whether a cluster at the place is within the scope.
func (s Scope) Allows(p Place) bool {
	return (s.Province == "" || s.Province == p.Province) && (s.City == "" || s.City == p.City) &&
		(s.County == "" || s.County == p.County)
}

// Label names the scope in Chinese.
func (s Scope) Label() string {
	switch {
	case s.Province == "":
		return "全国"
	case s.City == "":
		return s.Province
	}
	return s.Province + s.City + s.County
}

// User is an account of the dashboard.
type User struct {
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Scope    Scope  `json:"scope"`
	Disabled bool   `json:"disabled,omitempty"`
	// PasswordChanged is when the password was last set: a session signed
	// in under an earlier password ends at its next request.
	PasswordChanged time.Time `json:"password_changed,omitzero"`
	// Unlocked is when an administrator last lifted the sign-in limits on
	// the account: failures before it no longer count.
	Unlocked time.Time `json:"unlocked,omitzero"`
	// OneTime says the password was given by an administrator (a new
	// account, a reset): the user must set their own before anything else.
	OneTime bool `json:"one_time,omitempty"`
}

// CanLoad reports whether the user may load data (within their scope).
func (u User) CanLoad() bool { return u.Role != RoleViewer && !u.Disabled }

// IsAdmin reports whether the user manages users, rule sets and loads.
func (u User) IsAdmin() bool { return u.Role == RoleAdmin && !u.Disabled }

// CheckScope refuses a scope that does not fit the role: 部级 and 管理员 see
// everything; 省级 one province; 市级 one city; 县级 one county of a city;
// 只读 any of these.
func (r Role) CheckScope(s Scope) error {
	p, c, k := s.Province != "", s.City != "", s.County != ""
	switch {
	case (r == RoleMinistry || r == RoleAdmin) && (p || c || k):
		return Errorf(EINVALID, "%s用户可查看全部数据，不能限定省份、城市或县", r.Label())
	case r == RoleProvince && (!p || c || k):
		return Errorf(EINVALID, "省级用户须指定省份（--province），且不能指定城市或县")
	case r == RoleCity && (!p || !c || k):
		return Errorf(EINVALID, "市级用户须同时指定省份（--province）和城市（--city），且不能指定县")
	case r == RoleCounty && (!p || !c || !k):
		return Errorf(EINVALID, "县级用户须同时指定省份（--province）、城市（--city）和县（--county）")
	case c && !p:
		return Errorf(EINVALID, "指定城市时须同时指定省份")
	case k && !c:
		return Errorf(EINVALID, "指定县时须同时指定省份和城市")
	}
	return nil
}
