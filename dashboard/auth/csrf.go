package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// A state change must carry the CSRF token of its own session, kept on the
// server: a token matched only against a cookie can be forged by any page
// of the same site (another port, a sibling sub-domain), which may set that
// cookie itself. Browsers must also not say the request came from another
// origin (Sec-Fetch-Site, else Origin).
const (
	csrfField   = "csrf"      // hidden form field; scripts send X-CSRF-Token
	sessionCSRF = "csrf"      // the session's token
	csrfKey     = "auth.csrf" // func() string in the echo context
	anonymous   = time.Hour   // lifetime of a session made for the login form
)

// originCheck refuses a request whose Origin is not this host, for
// browsers that send no Sec-Fetch-Site.
var originCheck = http.NewCrossOriginProtection()

// CSRFToken returns the token that forms send in the hidden field "csrf"
// and scripts in the X-CSRF-Token header (read from
// <meta name="csrf-token" content="…">). It is the session's, made on first
// use: the login page makes a short session for it.
func CSRFToken(c echo.Context) string {
	if f, ok := c.Get(csrfKey).(func() string); ok {
		return f()
	}
	return ""
}

// csrfToken returns the token of the session of ctx, making one if needed.
func (a *Auth) csrfToken(ctx context.Context) string {
	if t := a.sm.GetString(ctx, sessionCSRF); t != "" {
		return t
	}
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	t := base64.RawURLEncoding.EncodeToString(b)
	a.sm.Put(ctx, sessionCSRF, t)
	if a.sm.GetString(ctx, sessionUser) == "" {
		a.sm.SetDeadline(ctx, time.Now().Add(anonymous)) // bounds what anonymous visitors leave in memory
	}
	return t
}

// csrf checks every request that is not GET, HEAD, OPTIONS or TRACE and
// answers a failure with 403 and a message in Chinese.
func (a *Auth) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		safe := r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions || r.Method == http.MethodTrace
		var err error
		switch {
		case sessionless(c): // no session, hence no token
			if safe {
				return next(c)
			}
			err = fmt.Errorf("no session on %s", c.Path())
		default:
			ctx := r.Context()
			c.Set(csrfKey, func() string { return a.csrfToken(ctx) })
			if safe {
				return next(c)
			}
			err = checkCSRF(r, a.sm.GetString(ctx, sessionCSRF))
		}
		if err != nil {
			a.log.Warn("csrf check failed", "path", r.URL.Path, "ip", c.RealIP(), "err", err)
			return deny(c, http.StatusForbidden, "安全校验失败（CSRF 令牌缺失或无效）：请刷新页面后重试")
		}
		return next(c)
	}
}

// checkCSRF returns why state-changing r is refused: it says it came from
// another origin, or its token (header or form field) is not want.
func checkCSRF(r *http.Request, want string) error {
	// "none" is a navigation the user typed, never a form post: refused too.
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return fmt.Errorf("sec-fetch-site %s", site)
	}
	if err := originCheck.Check(r); err != nil {
		return err
	}
	got := r.Header.Get(echo.HeaderXCSRFToken)
	if got == "" && !strings.HasPrefix(r.Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm) {
		// The body only, never the URL; an upload's body is not read for
		// it (its script sends the header), so a forged one costs nothing.
		got = r.PostFormValue(csrfField)
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return fmt.Errorf("token missing or not the session's")
	}
	return nil
}
