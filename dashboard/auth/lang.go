package auth

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"clusterscope/dashboard/words"
)

// LangOf is the language of the request: words.Negotiate over the cookie
// that GET /lang sets.
func LangOf(c echo.Context) words.Lang {
	ck, err := c.Cookie(words.Cookie)
	if err != nil {
		return words.Chinese
	}
	return words.Negotiate(ck.Value)
}

// LangSwitch is a page header's link to the other language, returning to
// back (a path on this site).
func LangSwitch(l words.Lang, back string) (href, label, hreflang string) {
	to, label, hreflang := words.English, "English", "en"
	if l == words.English {
		to, label, hreflang = words.Chinese, "中文", "zh-CN"
	}
	return "/lang?" + url.Values{"to": {string(to)}, "next": {LocalPath(back, "/lang", "/logout")}}.Encode(), label, hreflang
}

// LocalPath is the one guard against open redirects: raw when it is a path
// on this site, otherwise "/". No scheme, no host, no "//" or "/\" (which
// browsers read as another host), no control characters (which browsers
// drop), and none of the paths not (a login must not return to the login
// page, the language switch not to itself).
func LocalPath(raw string, not ...string) string {
	if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") || len(raw) > 2048 ||
		strings.ContainsRune(raw, '\\') || strings.ContainsFunc(raw, unicode.IsControl) {
		return "/"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	for _, p := range not {
		if u.Path == p {
			return "/"
		}
	}
	return raw
}

// safeNext is where a sign-in returns to.
func safeNext(raw string) string { return LocalPath(raw, "/login", "/logout") }
