package dashboard

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"
)

// The base path is where a reverse proxy publishes the dashboard
// ("/clusterscope" for https://intranet.example/clusterscope/). Routes stay
// at the root: a request under the base path is served as if at the root,
// and on the way out, in one place, the base is put before every local URL
// a page or a redirect names. So no template, handler or redirect knows the
// base path; static/app.js takes it from where it was loaded itself.

// base is the configured base path without its final slash; "" is the root.
func (s *Server) base() string { return strings.TrimSuffix(s.opts.BasePath, "/") }

// underBase strips the base path from a request and adds it to the answer.
// A request outside it is served as it is: the export renderer comes to
// the loopback address that way, and so does a proxy that strips the
// prefix itself.
func (s *Server) underBase(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		base := s.base()
		if base == "" {
			return next(c)
		}
		u := c.Request().URL
		if rest, ok := strings.CutPrefix(u.Path, base); ok && (rest == "" || rest[0] == '/') {
			u.Path = "/" + strings.TrimPrefix(rest, "/")
			if u.RawPath != "" {
				u.RawPath = "/" + strings.TrimPrefix(strings.TrimPrefix(u.RawPath, base), "/")
			}
		}
		w := &baseWriter{ResponseWriter: c.Response().Writer, base: base}
		c.Response().Writer = w
		if err := next(c); err != nil {
			c.Error(err) // now, so that the error page passes through w too
		}
		w.finish()
		return nil
	}
}

// baseWriter puts the base path before the local URL of a redirect and
// before the local URLs of an HTML page, which it holds until finish.
type baseWriter struct {
	http.ResponseWriter
	base string
	html bool
	code int
	buf  bytes.Buffer
}

func (w *baseWriter) WriteHeader(code int) {
	h := w.Header()
	if loc := h.Get(echo.HeaderLocation); local(loc) {
		h.Set(echo.HeaderLocation, w.base+loc)
	}
	if strings.HasPrefix(h.Get(echo.HeaderContentType), "text/html") {
		w.html, w.code = true, code
		h.Del(echo.HeaderContentLength)
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *baseWriter) Write(b []byte) (int, error) {
	if w.html {
		return w.buf.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *baseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *baseWriter) finish() {
	if w.html {
		w.ResponseWriter.WriteHeader(w.code)
		w.ResponseWriter.Write(localURLs.ReplaceAll(w.buf.Bytes(), []byte("${1}"+w.base+"/${2}")))
	}
}

// local reports whether a URL is a path on this site ("/compare", not
// "//host/…" nor "https://…").
func local(u string) bool { return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") }

// localURLs are the attributes of a page that name a local URL: href, src,
// action and data-*. html/template writes them in double quotes and escapes
// any quote in text, so the pattern matches markup only, never data.
var localURLs = regexp.MustCompile(`(\s(?:href|src|action|data-[a-z-]+)=")/([^/])`)
