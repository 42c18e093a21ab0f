package dashboard

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"clusterscope"
)

// maxQueryParams is net/url's limit: past it url.ParseQuery reads none of
// the parameters, and a page would answer with its default view.
const maxQueryParams = 10000

// checkQuery refuses a query that url.ParseQuery cannot read whole, rather
// than answer as if the parameters it drops had not been sent: too many of
// them (all are dropped), a bad %-escape or a bare ';' (that pair is).
func checkQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		raw, l := c.Request().URL.RawQuery, langOf(c)
		if n := strings.Count(raw, "&") + 1; n > maxQueryParams {
			return errorf(l, clusterscope.EINVALID, "网址的参数过多（%d 个，最多 %d 个）", n, maxQueryParams)
		}
		_, err := url.ParseQuery(raw)
		var esc url.EscapeError
		switch {
		case errors.As(err, &esc):
			return errorf(l, clusterscope.EINVALID, "网址的参数中有无效的转义「%s」：「%%」须写作 %%25", string(esc))
		case err != nil:
			return errorf(l, clusterscope.EINVALID, "网址的参数中有分号「;」：参数须以 & 分隔，分号须写作 %%3B")
		}
		return next(c)
	}
}

// params checks that a request uses only the query parameters a handler
// knows, so a typo gets a clear 400 instead of a silently ignored filter.
func params(c echo.Context, allowed ...string) error {
	for name, vals := range c.QueryParams() {
		ok := false
		for _, a := range allowed {
			ok = ok || a == name
		}
		if !ok {
			return errorf(langOf(c), clusterscope.EINVALID, "未知参数「%s」（可用：%s）", name, strings.Join(allowed, tr(langOf(c), "、")))
		}
		if len(vals) > 1 {
			return errorf(langOf(c), clusterscope.EINVALID, "参数「%s」只能给一次", name)
		}
	}
	return nil
}

// intParam returns the integer parameter, or def when it is absent; label
// (Chinese, translated here) names it in the error.
func intParam(c echo.Context, name, label string, def int) (int, error) {
	s := c.QueryParam(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		l := langOf(c)
		return 0, errorf(l, clusterscope.EINVALID, "%s「%s」不是整数", tr(l, label), s)
	}
	return n, nil
}

// option is one choice of a filter, as the page's selects show it.
type option struct {
	Value any    `json:"value"`
	Label string `json:"label"`
}

// filter is a filter's choices and its current value.
type filter struct {
	Value   any      `json:"value"`
	Options []option `json:"options"`
}
