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

// cachedPages are the pages whose view depends only on the snapshot, the
// user's scope, the language and the filters in the query string — and,
// for those marked true, on what changes without a load (see pageState).
var cachedPages = map[string]bool{"/api/overview": false, "/api/compare": false, "/api/monitor": true,
	"/api/cluster": true, "/api/assess": true, // monitor and cluster: the lifecycle (lifeStamp)
	"/api/portfolio": true, "/api/recheck": true} // the lifecycle, and the 复核 form by role

// The page cache's bounds: whole views (about their bytes in memory), and
// the gzipped JSON of pages of them, each a page of every table. The views
// grow with the clusters: at 100,000 a national 目标监测 or 动态管理 is
// 42–45 MB, a batch's 目标监测 13–16 MB, so the bound for views follows the
// snapshot (viewBytesPerCluster), never below maxViewBytes.
const (
	maxViewBytes        = 32 << 20
	viewBytesPerCluster = 1 << 10
	maxPageBytes        = 8 << 20
)

// pageCache keeps, for the snapshot in use, the views of cachedPages as
// built (by filter query) and the gzipped JSON of the pages of their
// tables asked (by filter and paging query): a view is built once between
// loads however its tables are paged and sorted, and a page asked twice is
// encoded once. Refresh empties it whenever it points the queries at
// another snapshot.
type pageCache struct {
	views *queries.Cache[*kept]
	pages *queries.Cache[[]byte]
}

func newPageCache() pageCache {
	return pageCache{queries.NewCache[*kept](maxViewBytes, maxViewBytes/2), queries.NewCache[[]byte](maxPageBytes, maxPageBytes/16)}
}

// fit sizes the views' bound for a snapshot of n clusters; an entry may
// take half of it.
func (p pageCache) fit(n int) {
	max := max(maxViewBytes, n*viewBytesPerCluster)
	p.views.Resize(max, max/2)
}

// Reset forgets everything: the views first, so that no page is cut from
// a view of the old snapshot and kept.
func (p pageCache) Reset() {
	p.views.Reset()
	p.pages.Reset()
}

// built is the request's view, whole: from the page cache for the pages it
// keeps (api is the page's JSON path), else built now (key "").
func (s *Server) built(c echo.Context, api string, b builder) (k *kept, key string, err error) {
	scope := s.scope(c)
	build := func() (*kept, int, error) {
		v, err := b(c, scope)
		if err != nil {
			return nil, 0, err
		}
		k, err := keep(v)
		if err != nil {
			return nil, 0, err
		}
		s.log.Debug("view built", "page", api, "query", c.QueryString(), "bytes", k.size)
		return k, k.size, nil
	}
	withState, ok := cachedPages[api]
	if !ok {
		k, _, err := build()
		return k, "", err
	}
	// the parameters encoded, sorted by name: the page and its downloads
	// (which drop their own) share one view
	key = scope.Province + "\x00" + scope.City + "\x00" + scope.County + "\x00" + string(langOf(c)) + "\x00" + api + "?" + c.QueryParams().Encode()
	if withState {
		key += "\x00" + s.pageState(c)
	}
	k, err = s.pages.views.Get(key, build)
	return k, key, err
}

// servePaged answers a page's JSON: one page of each of the view's tables,
// as the request's paging asks, gzipped (see serveGzipped).
func (s *Server) servePaged(c echo.Context, api string, b builder) error {
	k, key, err := s.built(c, api, b)
	if err != nil {
		return err
	}
	p := pagingOf(c)
	encode := func() ([]byte, int, error) {
		v, err := k.cut(p)
		if err != nil {
			return nil, 0, err
		}
		body, err := gzipJSON(v)
		return body, len(body), err
	}
	var body []byte
	if key == "" {
		body, _, err = encode()
	} else {
		body, err = s.pages.pages.Get(key+"\x00"+p.key(), encode)
	}
	if err != nil {
		return err
	}
	return serveGzipped(c, body)
}

// gzipJSON encodes v as c.JSON does, gzipped.
func gzipJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err := json.NewEncoder(zw).Encode(v); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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
