package dashboard

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/dashboard/words"
)

// lang is the language of the interface (see dashboard/words, the one
// catalogue): a user's preference, kept in the cookie words.Cookie and set
// by GET /lang. Chinese is the default and the source: every interface
// string is written in Chinese and looked up in the catalogue. Data stays
// as entered (names, places, industries, the form's own labels).
type lang = words.Lang

const (
	zh = words.Chinese
	en = words.English
)

// langOf is the language of the request.
func langOf(c echo.Context) lang { return auth.LangOf(c) }

// tr is the interface string zh in the language l (zh itself when the
// catalogue has no entry: a test forbids that for literals).
func tr(l lang, zh string) string { return words.T(l, zh) }

// trf formats the translated format string zhFormat.
func trf(l lang, zhFormat string, args ...any) string { return words.T(l, zhFormat, args...) }

// say is a message of the domain in the language l.
func say(l lang, m clusterscope.Message) string { return words.Say(l, m) }

// sayAll is messages of the domain in the language l, one after another.
func sayAll(l lang, ms clusterscope.Messages) string { return words.SayAll(l, ms) }

// errorf is clusterscope.Errorf with its message in the language l.
func errorf(l lang, code, zhFormat string, args ...any) *clusterscope.Error {
	return &clusterscope.Error{Code: code, Message: trf(l, zhFormat, args...)}
}

// msg marks a Chinese literal kept in a table (a page's title, a filter's
// label) that is translated with tr where it is shown.
func msg(zh string) string { return zh }

// native marks a Chinese literal kept as is in either language: the name
// of the language itself, what the audit log records, a pattern of the
// root package's Chinese.
func native(s string) string { return s }

// fieldLabel is a field of the form as a column or axis title: the form's
// own Chinese label (there is no official English form), followed in
// English by the field's code.
func fieldLabel(l lang, label, code string) string {
	if l == en && code != "" {
		return label + " (" + code + ")"
	}
	return label
}

// withUnit is a label with its unit: 「集群总产值（亿元）」, "… [100 million yuan]".
func withUnit(l lang, label, unit string) string {
	if unit == "" {
		return label
	}
	if l == en {
		return label + " [" + tr(l, unit) + "]"
	}
	return label + "（" + unit + "）"
}

// yesNo and the other small words of the root package, in the language l.
func outcomeLabel(l lang, o clusterscope.Outcome) string { return tr(l, o.Label()) }
func milestoneLabel(l lang, s clusterscope.MilestoneStatus) string {
	return tr(l, clusterscope.MilestoneLabel(s))
}

// scopeLabel names a user's region: 全国, or the province and city as entered.
func scopeLabel(l lang, s clusterscope.Scope) string {
	if s.Province == "" {
		return tr(l, s.Label())
	}
	return s.Label()
}

// switchLang serves GET /lang?to=en&next=/compare?…: it keeps the choice in
// a cookie for a year and returns to next, a path on this site.
func (s *Server) switchLang(c echo.Context) error {
	l := langOf(c)
	if err := params(c, "to", "next"); err != nil {
		return err
	}
	to, ok := words.Parse(c.QueryParam("to"))
	if !ok {
		return errorf(l, clusterscope.EINVALID, "语言「%s」无效：应为 zh 或 en", to)
	}
	c.SetCookie(&http.Cookie{Name: words.Cookie, Value: string(to), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.IsTLS() || c.Scheme() == "https"})
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.Redirect(http.StatusFound, langNext(c.QueryParam("next")))
}

// langNext is where /lang returns to: a path on this site (the login page
// is a fine place to return to; /lang and /logout are not).
func langNext(raw string) string { return auth.LocalPath(raw, "/lang", "/logout") }

// langSwitch is the header's link to the other language, back to uri.
func langSwitch(l lang, uri string) (href, label, hreflang string) { return auth.LangSwitch(l, uri) }
