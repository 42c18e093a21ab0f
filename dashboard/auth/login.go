package auth

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/words"
)

//go:embed templates/*.html
var templateFS embed.FS

var templates = template.Must(template.ParseFS(templateFS, "templates/*.html"))

type loginData struct {
	CSRF, Next, Name, Error string
	NoUsers                 bool
	pageLang
}

// pageLang is the language of the login and denied pages, and the header's
// link to the other one.
type pageLang struct {
	Lang                              words.Lang
	HTMLLang                          string // <html lang>
	LangHref, LangLabel, LangHreflang string
}

func langOf(c echo.Context, back string) pageLang {
	p := pageLang{Lang: LangOf(c)}
	p.HTMLLang = p.Lang.HTML()
	p.LangHref, p.LangLabel, p.LangHreflang = LangSwitch(p.Lang, back)
	return p
}

// T is a string of the page in its language; with args, a format.
func (p pageLang) T(s string, args ...any) string { return words.T(p.Lang, s, args...) }

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
	acct, err := a.lookup(name)
	if err != nil {
		return err
	}
	a.limit.unlocked(name, acct.Unlocked)
	if v := a.limit.admit(name, ip); v.wait > 0 {
		form.Error = refusal(langOf(c, ""), v)
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(v.wait.Seconds()))))
		return a.renderLogin(c, http.StatusTooManyRequests, form)
	}
	u, err := a.store.Authenticate(name, password)
	if clusterscope.ErrorCode(err) == clusterscope.EINTERNAL {
		return err
	}
	if err != nil {
		form.Error = clusterscope.ErrorMessage(err)
		detail := form.Error
		if a.limit.failed(name, ip) {
			form.Error = refusal(langOf(c, ""), verdict{locked: true, wait: window})
			detail += fmt.Sprintf("；失败次数过多，此账户从本地址登录锁定 %d 分钟", int(window.Minutes()))
		}
		a.audit(c, clusterscope.AuditEntry{Who: name, Action: clusterscope.AuditLoginFailed, Detail: detail})
		return a.renderLogin(c, http.StatusUnauthorized, form)
	}
	// A login that cannot be recorded in the audit log does not happen.
	if err := a.audit(c, clusterscope.AuditEntry{Who: u.Name, Action: clusterscope.AuditLogin,
		Detail: u.Role.Label() + " " + u.Scope.Label()}); err != nil {
		return err
	}
	a.limit.succeeded(name, ip)
	if err := a.signIn(c.Request().Context(), u); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, next)
}

func (a *Auth) logout(c echo.Context) error {
	if u, ok := UserFrom(c); ok {
		a.audit(c, clusterscope.AuditEntry{Who: u.Name, Action: clusterscope.AuditLogout})
	}
	if err := a.sm.Destroy(c.Request().Context()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/login")
}

func (a *Auth) renderLogin(c echo.Context, status int, d loginData) error {
	d.CSRF = CSRFToken(c)
	back := "/login"
	if d.Next != "/" {
		back += "?" + url.Values{"next": {d.Next}}.Encode()
	}
	d.pageLang = langOf(c, back)
	d.Error = d.T(d.Error) // the store's message, recorded in Chinese
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
	p := langOf(c, "/")
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, "denied.html", struct {
		Msg string
		pageLang
	}{p.T(msg), p}); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// refusal tells why an attempt was not even checked, and for how long.
func refusal(p pageLang, v verdict) string {
	if v.locked {
		return p.T("登录失败次数过多，此账户已暂时不能从本地址登录：请 %d 分钟后再试，或请管理员解除", int(math.Ceil(v.wait.Minutes())))
	}
	return p.T("登录尝试过于频繁：请 %d 秒后再试", int(math.Ceil(v.wait.Seconds())))
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
