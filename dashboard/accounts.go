package dashboard

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/warehouse"
	"clusterscope/warehouse/region"
)

// Accounts in the browser: an administrator adds accounts, disables and
// enables them and resets passwords (a one-time password, shown once);
// everyone sets their own password. Each change goes through the
// warehouse's account methods, as `clusterscope user` does, and is audited;
// a disabled account's or a new password's sessions end at their next
// request (dashboard/auth).

func (s *Server) accountRoutes(e *echo.Echo) {
	e.GET("/api/accounts", s.serveAccounts)
	e.POST("/api/accounts/add", s.postAccountAdd)
	e.POST("/api/accounts/disable", s.postAccountChange(clusterscope.AuditUserDisable))
	e.POST("/api/accounts/enable", s.postAccountChange(clusterscope.AuditUserEnable))
	e.POST("/api/accounts/reset", s.postAccountReset)
	e.POST("/api/password", s.postPassword)
}

// passwordRule is the rule of every password, as the warehouse checks it.
const passwordRule = "密码至少 10 个字符，不超过 72 字节（约 24 个汉字），不能与用户名相同。"

// roles an administrator may give, in the order offered.
var roles = []clusterscope.Role{clusterscope.RoleCounty, clusterscope.RoleCity, clusterscope.RoleProvince,
	clusterscope.RoleMinistry, clusterscope.RoleViewer, clusterscope.RoleAdmin}

// admin is the signed-in administrator, or a 403.
func admin(c echo.Context) (clusterscope.User, error) {
	u, ok := auth.UserFrom(c)
	if !ok || !u.IsAdmin() {
		return u, errorf(langOf(c), clusterscope.EFORBIDDEN, "只有管理员可以管理账户")
	}
	return u, nil
}

// accountsView is the accounts page's data.
type accountsView struct {
	Rule    string     `json:"rule"`
	Roles   []option   `json:"roles"`
	Columns []column   `json:"columns"`
	Users   []userView `json:"users"`
	// the buttons of each account
	Enable  string `json:"enable"`
	Disable string `json:"disable"`
	Reset   string `json:"reset"`
}

type userView struct {
	Name     string `json:"name"`
	Role     string `json:"role"`
	Scope    string `json:"scope"`
	State    string `json:"state"`
	Disabled bool   `json:"disabled"`
}

func (s *Server) serveAccounts(c echo.Context) error {
	if err := params(c); err != nil {
		return err
	}
	if _, err := admin(c); err != nil {
		return err
	}
	l := langOf(c)
	users, err := s.wh.Users()
	if err != nil {
		return err
	}
	v := accountsView{Rule: tr(l, passwordRule), Users: []userView{},
		Enable: tr(l, "重新启用"), Disable: tr(l, "停用"), Reset: tr(l, "重置密码"), Columns: []column{{Key: "name", Label: tr(l, "用户名")},
			{Key: "role", Label: tr(l, "角色")}, {Key: "scope", Label: tr(l, "范围")}, {Key: "state", Label: tr(l, "状态")}}}
	for _, r := range roles {
		v.Roles = append(v.Roles, option{Value: string(r), Label: tr(l, r.Label())})
	}
	for _, u := range users {
		state := tr(l, "启用")
		if u.Disabled {
			state = tr(l, "已停用")
		}
		v.Users = append(v.Users, userView{Name: u.Name, Role: tr(l, u.Role.Label()), Scope: scopeLabel(l, u.Scope),
			State: state, Disabled: u.Disabled})
	}
	return c.JSON(http.StatusOK, v)
}

// done is what a change's answer says, and the one-time password when the
// change made one.
type done struct {
	OK       string `json:"ok"`
	Password string `json:"password,omitempty"`
}

// postAccountAdd adds an account with a one-time password (form: name,
// role, province, city, county).
func (s *Server) postAccountAdd(c echo.Context) error {
	by, err := admin(c)
	if err != nil {
		return err
	}
	l := langOf(c)
	role := clusterscope.Role(c.FormValue("role"))
	if !role.Valid() {
		return errorf(l, clusterscope.EINVALID, "请选择角色")
	}
	u := clusterscope.User{Name: warehouse.NormalizeName(c.FormValue("name")), Role: role,
		Scope: clusterscope.Scope{Province: strings.TrimSpace(c.FormValue("province")),
			City: strings.TrimSpace(c.FormValue("city")), County: strings.TrimSpace(c.FormValue("county"))},
		OneTime: true}
	if err := role.CheckScope(u.Scope); err != nil {
		return err
	}
	if err := region.CheckScope(u.Scope); err != nil { // a real place, as in `user add`
		return err
	}
	pw := rand.Text() // 26 characters of A–Z and 2–7: 128 bits
	if err := s.wh.AddUser(u, pw); err != nil {
		return err
	}
	if err := s.auditAccount(c, by, clusterscope.AuditUserAdd, u.Name,
		native("网页 ")+u.Role.Label()+" "+u.Scope.Label()); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, done{Password: pw,
		OK: trf(l, "已新增账户 %s（%s，%s）。一次性密码只显示这一次：请告知本人，并请其登录后在「修改密码」页设置自己的密码。",
			u.Name, tr(l, u.Role.Label()), scopeLabel(l, u.Scope))})
}

// postAccountChange disables or enables the account of the form's name.
func (s *Server) postAccountChange(action clusterscope.AuditAction) echo.HandlerFunc {
	return func(c echo.Context) error {
		by, err := admin(c)
		if err != nil {
			return err
		}
		l := langOf(c)
		name := warehouse.NormalizeName(c.FormValue("name"))
		change, said := s.wh.EnableUser, msg("已启用账户 %s")
		if action == clusterscope.AuditUserDisable {
			change, said = s.wh.DisableUser, msg("已停用账户 %s：其会话在下一次请求时结束")
		}
		if err := change(name); err != nil {
			return err
		}
		if err := s.auditAccount(c, by, action, name, native("网页")); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, done{OK: trf(l, said, name)})
	}
}

// postAccountReset gives the form's name a new one-time password; the
// account's sessions end at their next request.
func (s *Server) postAccountReset(c echo.Context) error {
	by, err := admin(c)
	if err != nil {
		return err
	}
	l := langOf(c)
	name := warehouse.NormalizeName(c.FormValue("name"))
	pw := rand.Text()
	if err := s.wh.ResetPassword(name, pw); err != nil {
		return err
	}
	if err := s.auditAccount(c, by, clusterscope.AuditUserPasswd, name, native("网页 管理员重置密码")); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, done{Password: pw,
		OK: trf(l, "已为账户 %s 重置密码，其会话已结束。一次性密码只显示这一次：请告知本人，并请其登录后设置自己的密码。", name)})
}

// postPassword sets the signed-in user's own password (form: current, new,
// repeat). Their other sessions end; this one goes on.
func (s *Server) postPassword(c echo.Context) error {
	u, ok := auth.UserFrom(c)
	l := langOf(c)
	if !ok {
		return errorf(l, clusterscope.EFORBIDDEN, "请先登录")
	}
	pw, again := c.FormValue("new"), c.FormValue("repeat")
	if pw != again {
		return errorf(l, clusterscope.EINVALID, "两次输入的新密码不一致")
	}
	if pw == c.FormValue("current") {
		return errorf(l, clusterscope.EINVALID, "新密码不能与当前密码相同")
	}
	if _, err := s.wh.Authenticate(u.Name, c.FormValue("current")); err != nil {
		if clusterscope.ErrorCode(err) == clusterscope.EINTERNAL {
			return err
		}
		s.auditAccount(c, u, clusterscope.AuditLoginFailed, u.Name, native("修改密码时当前密码错误"))
		return errorf(l, clusterscope.EINVALID, "当前密码不正确")
	}
	if err := s.wh.SetPassword(u.Name, pw); err != nil {
		return err
	}
	if err := s.auth.Renew(c); err != nil {
		return err
	}
	if err := s.auditAccount(c, u, clusterscope.AuditUserPasswd, u.Name, native("网页 本人修改密码")); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, done{OK: tr(l, "密码已修改：您在其他地方的登录已结束，本页的登录继续有效。")})
}

// auditAccount records a change to an account, by whom and from where.
func (s *Server) auditAccount(c echo.Context, by clusterscope.User, action clusterscope.AuditAction, target, detail string) error {
	err := s.wh.Audit(clusterscope.AuditEntry{Who: by.Name, Action: action, Target: target, Detail: detail, IP: c.RealIP()})
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", action, target, err)
	}
	return nil
}
