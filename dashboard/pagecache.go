package dashboard

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/queries"
)

// cachedPages are the JSON endpoints whose answer depends only on the
// snapshot, the user's scope, the language and the query string — and, for
// those marked true, on what changes without a load (see pageState).
var cachedPages = map[string]bool{"/api/overview": false, "/api/compare": false, "/api/monitor": true,
	"/api/cluster": true, "/api/assess": true} // monitor and cluster: the lifecycle (lifeStamp)

// maxPageBytes bounds the gzipped JSON the page cache holds.
const maxPageBytes = 16 << 20

// pageCache keeps the gzipped JSON of cachedPages for the snapshot in use:
// a page asked twice between loads is built once. Refresh empties it
// whenever it points the queries at another snapshot.
type pageCache struct{ *queries.Cache[[]byte] }

func newPageCache() pageCache {
	return pageCache{queries.NewCache[[]byte](maxPageBytes, maxPageBytes/16)}
}

// serveCachedJSON answers a page from the cache, or builds, encodes (as
// c.JSON does) and keeps it.
func (s *Server) serveCachedJSON(c echo.Context, b builder) error {
	scope := s.scope(c)
	key := scope.Province + "\x00" + scope.City + "\x00" + scope.County + "\x00" + string(langOf(c)) + "\x00" + c.Path() + "?" + c.QueryString()
	if cachedPages[c.Path()] {
		key += "\x00" + s.pageState(c)
	}
	body, err := s.pages.Get(key, func() ([]byte, int, error) {
		v, err := b(c, scope)
		if err != nil {
			return nil, 0, err
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		if err := json.NewEncoder(zw).Encode(v); err != nil {
			return nil, 0, err
		}
		if err := zw.Close(); err != nil {
			return nil, 0, err
		}
		return buf.Bytes(), buf.Len(), nil
	})
	if err != nil {
		return err
	}
	return serveGzipped(c, body)
}

// serveGzipped sends JSON kept gzipped (a tenth of its size in the cache)
// as it is to clients that accept gzip — every browser — and unpacked to
// the rest.
func serveGzipped(c echo.Context, body []byte) error {
	h := c.Response().Header()
	h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	if strings.Contains(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip") {
		h.Set(echo.HeaderContentEncoding, "gzip")
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c.Response().WriteHeader(http.StatusOK)
	_, err = io.Copy(c.Response(), zr)
	return err
}

// pageState names what the assessment page depends on besides the snapshot:
// the rule sets and calls in force, the recorded overrides and whether the
// user may override (a read-only user gets no override form). These change
// without a load, so they are part of the key rather than reasons to empty
// the cache.
func (s *Server) pageState(c echo.Context) string {
	s.setsMu.Lock()
	rules := s.rulesSeen.UnixNano()
	s.setsMu.Unlock()
	role := clusterscope.RoleViewer
	if u, ok := auth.UserFrom(c); ok && !u.Disabled {
		role = u.Role // what the user may act on: the review desk's forms
	}
	_, calls := s.calls()
	return fmt.Sprintf("%d|%d|%s|%s|%s", rules, calls, s.wh.OverridesStamp(), role, s.lifeStamp())
}
