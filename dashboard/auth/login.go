package auth

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"clusterscope"
)

//go:embed templates/*.html
var templateFS embed.FS

var templates = template.Must(template.ParseFS(templateFS, "templates/*.html"))

type loginData struct {
	CSRF, Next, Name, Error string
	NoUsers                 bool
}

func (a *Auth) loginPage(c echo.Context) error {
	next := safeNext(c.QueryParam("next"))
	if _, ok := UserFrom(c); ok {
		return c.Redirect(http.StatusFound, next)
	}
	return a.renderLogin(c, http.StatusOK, loginData{Next: next})
}

func (a *Auth) login(c echo.Context) error {
	name := normalizeName(c.FormValue("username"))
	password := c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	ip := c.RealIP()
	form := loginData{Next: next, Name: name}
	if wait := max(a.users.lockedFor(name), a.ips.lockedFor(ip)); wait > 0 {
		form.Error = lockedMessage(wait)
		return a.renderLogin(c, http.StatusTooManyRequests, form)
	}
	u, err := a.store.Authenticate(name, password)
	if clusterscope.ErrorCode(err) == clusterscope.EINTERNAL {
		return err
	}
	if err != nil {
		form.Error = clusterscope.ErrorMessage(err)
		detail := form.Error
		userLocked, ipLocked := a.users.fail(name), a.ips.fail(ip)
		if userLocked || ipLocked {
			form.Error = lockedMessage(lockout)
			detail += fmt.Sprintf("；失败次数过多，锁定 %d 分钟", int(lockout.Minutes()))
		}
		a.audit(c, clusterscope.AuditEntry{Who: name, Action: clusterscope.AuditLoginFailed, Detail: detail})
		return a.renderLogin(c, http.StatusUnauthorized, form)
	}
	// A login that cannot be recorded in the audit log does not happen.
	if err := a.audit(c, clusterscope.AuditEntry{Who: u.Name, Action: clusterscope.AuditLogin,
		Detail: u.Role.Label() + " " + u.Scope.Label()}); err != nil {
		return err
	}
	a.users.reset(name)
	ctx := c.Request().Context()
	if err := a.sm.RenewToken(ctx); err != nil { // no session fixation
		return err
	}
	a.sm.Put(ctx, sessionUser, u.Name)
	expireCSRF(c)
	return c.Redirect(http.StatusSeeOther, next)
}

// expireCSRF drops the CSRF cookie so that the next page gets a fresh
// token: a token known before a login is not valid after it.
func expireCSRF(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: csrfCookie, Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: isTLS(c)})
}

func (a *Auth) logout(c echo.Context) error {
	if u, ok := UserFrom(c); ok {
		a.audit(c, clusterscope.AuditEntry{Who: u.Name, Action: clusterscope.AuditLogout})
	}
	if err := a.sm.Destroy(c.Request().Context()); err != nil {
		return err
	}
	expireCSRF(c)
	return c.Redirect(http.StatusSeeOther, "/login")
}

func (a *Auth) renderLogin(c echo.Context, status int, d loginData) error {
	d.CSRF = CSRFToken(c)
	if users, err := a.store.Users(); err == nil && len(users) == 0 {
		d.NoUsers = true
	}
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, "login.html", d); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

// deny answers with status and a user-safe message: JSON under /api/, a
// page elsewhere.
func deny(c echo.Context, status int, msg string) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		return c.JSON(status, map[string]string{"error": msg})
	}
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, "denied.html", msg); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

func lockedMessage(wait time.Duration) string {
	return fmt.Sprintf("登录失败次数过多，已暂时锁定：请 %d 分钟后再试，或联系管理员", int(math.Ceil(wait.Minutes())))
}

// normalizeName is how the store compares names (trimmed, lower case),
// clipped so that a huge name cannot bloat the failure counters.
func normalizeName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) > maxNameLength {
		s = s[:maxNameLength]
	}
	return s
}

// safeNext returns raw if it is a path on this site, otherwise "/": no
// scheme, no host, no "//" or "/\" (which browsers read as another host),
// no control characters (which browsers drop), not the login page itself.
func safeNext(raw string) string {
	if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") || len(raw) > 2048 ||
		strings.ContainsRune(raw, '\\') || strings.ContainsFunc(raw, unicode.IsControl) {
		return "/"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Path == "/login" || u.Path == "/logout" {
		return "/"
	}
	return raw
}
