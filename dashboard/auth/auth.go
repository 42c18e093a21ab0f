// Package auth keeps the dashboard closed to anyone without an account:
// a login page, sessions (github.com/alexedwards/scs/v2), CSRF tokens kept
// in the session for every state change, rate-limited failed logins,
// audit entries for logins and logouts, and an optional single sign-on
// header from a trusted reverse proxy.
package auth

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/words"
)

// Store is where accounts and the audit log live; *warehouse.Warehouse is one.
type Store interface {
	Authenticate(name, password string) (clusterscope.User, error)
	// User returns one account, ENOTFOUND when there is none. It is asked
	// on every request, so that a change made elsewhere (the CLI) counts
	// at once.
	User(name string) (clusterscope.User, error)
	Users() ([]clusterscope.User, error)
	Audit(e clusterscope.AuditEntry) error
}

const (
	idleTimeout   = 8 * time.Hour
	lifetime      = 12 * time.Hour
	cookieName    = "clusterscope_session"
	sessionUser   = "user"
	sessionStamp  = "password_changed" // the user's PasswordChanged at sign-in
	userKey       = "auth.user"
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

	store Store
	log   *slog.Logger
	sm    *scs.SessionManager
	limit *limiter
}

// New returns access control over store, with in-memory sessions.
func New(store Store, log *slog.Logger) *Auth {
	sm := scs.New()
	sm.IdleTimeout, sm.Lifetime = idleTimeout, lifetime
	sm.Cookie.Name, sm.Cookie.Persist = cookieName, false
	sm.Codec = jsonCodec{}
	return &Auth{store: store, log: log, sm: sm, limit: newLimiter()}
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

// public are the routes open without an account.
var public = map[string]bool{"/login": true, "/logout": true, "/lang": true, "/healthz": true, "/static/*": true,
	"/readyz": true, "/metrics": true}

// Public reports whether a route is open without an account.
func Public(path string) bool { return public[path] }

// sessionless are the routes that neither need a session nor get cookies
// (static files are cached publicly).
func sessionless(c echo.Context) bool {
	return c.Path() == "/static/*" || c.Path() == "/healthz" || c.Path() == "/readyz" || c.Path() == "/metrics"
}

// Require lets only signed-in users through. Pages redirect to the login
// page (which returns to them afterwards); /api/ answers 401 in JSON. Used
// with e.Use it guards every route except /login, /logout, /lang, /healthz and
// /static/*, so that a new route is closed by default.
func (a *Auth) Require(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, ok := UserFrom(c)
		if ok && u.OneTime && !public[c.Path()] && !ownPassword[c.Path()] {
			return ownPasswordFirst(c)
		}
		if ok || public[c.Path()] {
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

// ownPassword are the routes a user signed in with a one-time password
// may use: the page that sets their own, and signing out.
var ownPassword = map[string]bool{"/password": true, "/api/password": true}

// ownPasswordFirst sends a user signed in with a one-time password to set
// their own: someone else has seen the one they have.
func ownPasswordFirst(c echo.Context) error {
	r := c.Request()
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		return c.JSON(http.StatusForbidden, map[string]string{"error": words.T(LangOf(c), oneTimeSay)})
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		return c.Redirect(http.StatusFound, "/password")
	}
	return c.Redirect(http.StatusSeeOther, "/password")
}

// oneTimeSay is why a user with a one-time password is sent to set their own.
const oneTimeSay = "您的密码是管理员给出的一次性密码：请先在「修改密码」页设置您自己的密码，之后才能使用其他功能。"

// session loads the session, finds its user (an account disabled or
// removed since, or whose password was set since, ends the session) and
// saves the session before the response is written, its cookie Secure when
// the request came over TLS.
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
			if u.Name == "" || u.Disabled || a.sm.GetString(ctx, sessionStamp) != stamp(u) {
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
// through a proxy that says so. The dashboard removes the forwarding
// headers of any peer but its trusted proxies first, so c.Scheme() is
// theirs alone.
func isTLS(c echo.Context) bool { return c.IsTLS() || c.Scheme() == "https" }

// lookup finds an account by name; a zero User when there is none.
func (a *Auth) lookup(name string) (clusterscope.User, error) {
	u, err := a.store.User(name)
	if clusterscope.ErrorCode(err) == clusterscope.ENOTFOUND {
		return clusterscope.User{}, nil
	}
	return u, err
}

// signIn makes the session of ctx u's: a new session token (no session
// fixation), the password it was signed in under, and no CSRF token known
// before (the next page gets a fresh one).
func (a *Auth) signIn(ctx context.Context, u clusterscope.User) error {
	if err := a.sm.RenewToken(ctx); err != nil {
		return err
	}
	a.sm.Put(ctx, sessionUser, u.Name)
	a.sm.Put(ctx, sessionStamp, stamp(u))
	a.sm.Remove(ctx, sessionCSRF)
	return nil
}

// Renew keeps the request's session signed in as the signed-in user after
// they set their own password: a new session token and the new password's
// stamp, so that their other sessions end at their next request and this
// one does not. The CSRF token stays, for the page in hand.
func (a *Auth) Renew(c echo.Context) error {
	u, ok := UserFrom(c)
	if !ok {
		return clusterscope.Errorf(clusterscope.EFORBIDDEN, "请先登录")
	}
	now, err := a.lookup(u.Name)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := a.sm.RenewToken(ctx); err != nil {
		return err
	}
	a.sm.Put(ctx, sessionStamp, stamp(now))
	return nil
}

// stamp is u's PasswordChanged as a session keeps it.
func stamp(u clusterscope.User) string { return u.PasswordChanged.UTC().Format(time.RFC3339Nano) }

// audit records e with the request's address; a failure is logged.
func (a *Auth) audit(c echo.Context, e clusterscope.AuditEntry) error {
	e.IP = c.RealIP()
	err := a.store.Audit(e)
	if err != nil {
		a.log.Error("audit", "action", e.Action, "who", e.Who, "err", err)
	}
	return err
}
