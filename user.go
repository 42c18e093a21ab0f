package clusterscope

import "time"

// Role is what a user may do; Scope says over which region.
type Role string

// Roles of the programme's administration.
const (
	RoleMinistry Role = "ministry" // 部级: all data
	RoleProvince Role = "province" // 省级: one province
	RoleCity     Role = "city"     // 市级: one city
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
// City means the whole province.
type Scope struct {
	Province string `json:"province,omitempty"`
	City     string `json:"city,omitempty"`
}

// All is the scope that sees everything.
var All = Scope{}

// Allows reports whether a cluster in province and city is within the scope.
func (s Scope) Allows(province, city string) bool {
	return (s.Province == "" || s.Province == province) && (s.City == "" || s.City == city)
}

// Label names the scope in Chinese.
func (s Scope) Label() string {
	switch {
	case s.Province == "":
		return "全国"
	case s.City == "":
		return s.Province
	}
	return s.Province + s.City
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
}

// CanLoad reports whether the user may load data (within their scope).
func (u User) CanLoad() bool { return u.Role != RoleViewer && !u.Disabled }

// IsAdmin reports whether the user manages users, rule sets and loads.
func (u User) IsAdmin() bool { return u.Role == RoleAdmin && !u.Disabled }
