// Package auth keeps the dashboard closed to anyone without an account:
// a login page, sessions (github.com/alexedwards/scs/v2), CSRF tokens on
// every state change (Echo's CSRF middleware), rate-limited failed logins,
// audit entries for logins and logouts, and an optional single sign-on
// header from a trusted reverse proxy.
package auth

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"clusterscope"
)

// Store is where accounts and the audit log live; *warehouse.Warehouse is one.
type Store interface {
	Authenticate(name, password string) (clusterscope.User, error)
	Users() ([]clusterscope.User, error)
	Audit(e clusterscope.AuditEntry) error
}

const (
	idleTimeout   = 8 * time.Hour
	lifetime      = 12 * time.Hour
	cookieName    = "clusterscope_session"
	csrfCookie    = "clusterscope_csrf"
	csrfField     = "csrf" // hidden form field
	sessionUser   = "user"
	userKey       = "auth.user"
	csrfKey       = "auth.csrf"
	reachedKey    = "auth.csrf_passed"
	maxUserFails  = 5  // per user name ...
	maxIPFails    = 20 // ... and per address (offices share one) ...
	lockout       = 15 * time.Minute
	maxNameLength = 64
)

// Auth is the dashboard's access control.
type Auth struct {
	// ProxyHeader names a header in which a trusted reverse proxy passes the
	// name of a user it has authenticated (single sign-on). Empty, the
	// default, turns single sign-on off.
	ProxyHeader string
	// TrustedProxies are the only peer addresses whose ProxyHeader is
	// believed; the header from anyone else is removed.
	TrustedProxies []netip.Prefix

	store    Store
	log      *slog.Logger
	sm       *scs.SessionManager
	users    *limiter
	ips      *limiter
	csrfHTTP echo.MiddlewareFunc
	csrfTLS  echo.MiddlewareFunc
}

// New returns access control over store, with in-memory sessions.
func New(store Store, log *slog.Logger) *Auth {
	sm := scs.New()
	sm.IdleTimeout, sm.Lifetime = idleTimeout, lifetime
	sm.Cookie.Name, sm.Cookie.Persist = cookieName, false
	sm.Codec = jsonCodec{}
	return &Auth{store: store, log: log, sm: sm,
		users: newLimiter(maxUserFails, lockout), ips: newLimiter(maxIPFails, lockout),
		csrfHTTP: csrfMiddleware(false), csrfTLS: csrfMiddleware(true)}
}

func csrfMiddleware(secure bool) echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "header:" + echo.HeaderXCSRFToken + ",form:" + csrfField,
		ContextKey:     csrfKey,
		CookieName:     csrfCookie,
		CookiePath:     "/",
		CookieHTTPOnly: true, // scripts read the token from <meta name="csrf-token">
		CookieSameSite: http.SameSiteLaxMode,
		CookieSecure:   secure,
	})
}

// Register installs the session, CSRF and single sign-on middleware for
// every route and adds GET and POST /login and POST /logout. Call it before
// adding routes; protect them with Require.
func (a *Auth) Register(e *echo.Echo) {
	e.Use(a.session, a.csrf, a.sso)
	e.GET("/login", a.loginPage)
	e.POST("/login", a.login)
	e.POST("/logout", a.logout)
}

// UserFrom returns the signed-in user of the request.
func UserFrom(c echo.Context) (clusterscope.User, bool) {
	u, ok := c.Get(userKey).(clusterscope.User)
	return u, ok
}

// CSRFToken returns the token that forms send in the hidden field "csrf"
// and scripts in the X-CSRF-Token header (read from
// <meta name="csrf-token" content="…">).
func CSRFToken(c echo.Context) string {
	s, _ := c.Get(csrfKey).(string)
	return s
}

// public are the routes open without an account.
var public = map[string]bool{"/login": true, "/logout": true, "/lang": true, "/healthz": true, "/static/*": true}

// Public reports whether a route is open without an account.
func Public(path string) bool { return public[path] }

// sessionless are the routes that neither need a session nor get cookies
// (static files are cached publicly).
func sessionless(c echo.Context) bool { return c.Path() == "/static/*" || c.Path() == "/healthz" }

// Require lets only signed-in users through. Pages redirect to the login
// page (which returns to them afterwards); /api/ answers 401 in JSON. Used
// with e.Use it guards every route except /login, /logout, /lang, /healthz and
// /static/*, so that a new route is closed by default.
func (a *Auth) Require(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := UserFrom(c); ok || public[c.Path()] {
			return next(c)
		}
		r := c.Request()
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/"):
			return c.JSON(http.StatusUnauthorized, map[string]string{"error": "请先登录"})
		case r.Method == http.MethodGet || r.Method == http.MethodHead:
			return c.Redirect(http.StatusFound, "/login?next="+url.QueryEscape(safeNext(r.URL.RequestURI())))
		}
		return c.Redirect(http.StatusSeeOther, "/login")
	}
}

// session loads the session, finds its user (an account disabled or
// removed since ends the session) and saves the session before the response
// is written, its cookie Secure when the request came over TLS.
func (a *Auth) session(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if sessionless(c) {
			return next(c)
		}
		r := c.Request()
		var token string
		if ck, err := r.Cookie(cookieName); err == nil {
			token = ck.Value
		}
		ctx, err := a.sm.Load(r.Context(), token)
		if err != nil {
			return err
		}
		c.SetRequest(r.WithContext(ctx))
		c.Response().Header().Add(echo.HeaderVary, echo.HeaderCookie)
		c.Response().Before(func() { a.saveSession(ctx, c) })
		if name := a.sm.GetString(ctx, sessionUser); name != "" {
			u, err := a.lookup(name)
			if err != nil {
				return err
			}
			if u.Name == "" || u.Disabled {
				if err := a.sm.Destroy(ctx); err != nil {
					return err
				}
			} else {
				c.Set(userKey, u)
			}
		}
		return next(c)
	}
}

// saveSession commits the session of ctx (the one session loaded, even if a
// handler has replaced the request since) and sets or clears its cookie.
func (a *Auth) saveSession(ctx context.Context, c echo.Context) {
	ck := &http.Cookie{Name: cookieName, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isTLS(c)}
	switch a.sm.Status(ctx) {
	case scs.Modified:
		token, _, err := a.sm.Commit(ctx)
		if err != nil {
			a.log.Error("save session", "err", err)
			return
		}
		ck.Value = token
	case scs.Destroyed:
		ck.Expires, ck.MaxAge = time.Unix(1, 0), -1
	default:
		return
	}
	c.Response().Header().Add("Set-Cookie", ck.String())
	c.Response().Header().Add(echo.HeaderCacheControl, `no-cache="Set-Cookie"`)
}

// isTLS reports whether the browser reached us over TLS, directly or
// through a proxy that says so (a forged claim only hides the cookie from
// the forger).
func isTLS(c echo.Context) bool { return c.IsTLS() || c.Scheme() == "https" }

// csrf checks the token of every request that is not GET, HEAD, OPTIONS or
// TRACE (or, in browsers that send Sec-Fetch-Site, that it is same-origin)
// and answers a failure with 403 and a message in Chinese.
func (a *Auth) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	passed := func(c echo.Context) error {
		c.Set(reachedKey, true)
		return next(c)
	}
	overHTTP, overTLS := a.csrfHTTP(passed), a.csrfTLS(passed)
	return func(c echo.Context) error {
		if sessionless(c) && c.Request().Method == http.MethodGet {
			return next(c)
		}
		h := overHTTP
		if isTLS(c) {
			h = overTLS
		}
		err := h(c)
		var he *echo.HTTPError
		if err != nil && c.Get(reachedKey) == nil && errors.As(err, &he) {
			a.log.Warn("csrf check failed", "path", c.Request().URL.Path, "ip", c.RealIP(), "err", err)
			return deny(c, http.StatusForbidden, "安全校验失败（CSRF 令牌缺失或无效）：请刷新页面后重试")
		}
		return err
	}
}

// lookup finds an account by name; a zero User when there is none.
func (a *Auth) lookup(name string) (clusterscope.User, error) {
	users, err := a.store.Users()
	if err != nil {
		return clusterscope.User{}, err
	}
	for _, u := range users {
		if u.Name == name {
			return u, nil
		}
	}
	return clusterscope.User{}, nil
}

// audit records e with the request's address; a failure is logged.
func (a *Auth) audit(c echo.Context, e clusterscope.AuditEntry) error {
	e.IP = c.RealIP()
	err := a.store.Audit(e)
	if err != nil {
		a.log.Error("audit", "action", e.Action, "who", e.Who, "err", err)
	}
	return err
}
