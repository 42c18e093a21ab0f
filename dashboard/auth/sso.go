package auth

import (
	"net/http"
	"net/netip"

	"github.com/labstack/echo/v4"

	"clusterscope"
)

// sso signs in the user named in ProxyHeader when the request comes
// straight from a trusted proxy. The account must exist here and be
// enabled: it, not the proxy, gives the role and the scope.
func (a *Auth) sso(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if a.ProxyHeader == "" {
			return next(c)
		}
		r := c.Request()
		raw := r.Header.Get(a.ProxyHeader)
		if raw == "" {
			return next(c)
		}
		if !a.fromTrustedProxy(r) {
			r.Header.Del(a.ProxyHeader) // nobody downstream may believe it
			return next(c)
		}
		name := normalizeName(raw)
		if u, ok := UserFrom(c); ok && u.Name == name {
			return next(c)
		}
		u, err := a.lookup(name)
		if err != nil {
			return err
		}
		if u.Name == "" || u.Disabled {
			a.audit(c, clusterscope.AuditEntry{Who: name, Action: clusterscope.AuditLoginFailed, Detail: "单点登录：账户不存在或已停用"})
			return deny(c, http.StatusForbidden, "单点登录的用户 "+name+" 在 clusterscope 中没有可用账户，请联系管理员")
		}
		if err := a.audit(c, clusterscope.AuditEntry{Who: u.Name, Action: clusterscope.AuditLogin,
			Detail: "单点登录 " + u.Role.Label() + " " + u.Scope.Label()}); err != nil {
			return err
		}
		if err := a.signIn(r.Context(), u); err != nil {
			return err
		}
		c.Set(userKey, u)
		return next(c)
	}
}

// fromTrustedProxy reports whether the TCP peer (not a forwarded-for
// header) is one of TrustedProxies.
func (a *Auth) fromTrustedProxy(r *http.Request) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	for _, p := range a.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
