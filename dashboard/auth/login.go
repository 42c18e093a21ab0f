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
	pageLang
}

// langCookie holds a user's choice of language, "zh" (the default) or "en":
// the dashboard sets it at GET /lang (see dashboard/i18n.go).
const langCookie = "lang"

// pageLang is the language of the login and denied pages, and the header's
// link to the other one.
type pageLang struct {
	English                           bool
	HTMLLang                          string // <html lang>
	LangHref, LangLabel, LangHreflang string
}

func langOf(c echo.Context, back string) pageLang {
	ck, err := c.Cookie(langCookie)
	en := err == nil && ck.Value == "en"
	p := pageLang{English: en, HTMLLang: "zh-CN", LangLabel: "English", LangHreflang: "en"}
	to := "en"
	if en {
		p.HTMLLang, p.LangLabel, p.LangHreflang, to = "en", "中文", "zh-CN", "zh"
	}
	p.LangHref = "/lang?" + url.Values{"to": {to}, "next": {back}}.Encode()
	return p
}

// T is a string of the page in its language; with args, a format.
func (p pageLang) T(s string, args ...any) string {
	if e, ok := loginEnglish[s]; ok && p.English {
		s = e
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// loginEnglish are the login and denied pages' strings, and the messages
// they show, in English.
var loginEnglish = map[string]string{
	"登录 · clusterscope 中小企业特色产业集群": "Sign in · clusterscope SME characteristic industrial clusters",
	"中小企业特色产业集群 · clusterscope":    "SME characteristic industrial clusters · clusterscope",
	"登录":  "Sign in",
	"用户名": "User name",
	"密码":  "Password",
	"尚无任何账户。请在服务器上创建第一个管理员：": "There are no accounts yet. Create the first administrator on the server: ",
	"账户由管理员开设；忘记密码请联系管理员。":   "Accounts are opened by an administrator; ask one if you forgot your password.",
	"无法完成请求 · clusterscope":  "Request not completed · clusterscope",
	"无法完成请求":                 "Request not completed",
	"返回首页":                   "Back to the start page",
	"用户名或密码错误":               "Wrong user name or password",
	"该账户已停用，请联系管理员":          "This account is disabled: ask an administrator",
	"登录失败次数过多，此账户已暂时不能从本地址登录：请 %d 分钟后再试，或请管理员解除": "Too many failed sign-ins: this account is locked from this address for now. Try again in %d minutes, or ask an administrator to lift it",
	"登录尝试过于频繁：请 %d 秒后再试":            "Too many sign-in attempts: try again in %d seconds",
	"安全校验失败（CSRF 令牌缺失或无效）：请刷新页面后重试": "Security check failed (CSRF token missing or invalid): reload the page and try again",
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
