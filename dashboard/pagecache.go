package dashboard

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
)

// cachedPages are the JSON endpoints whose answer depends only on the
// snapshot, the user's scope, the language and the query string — and, for
// those marked true, on what changes without a load (see pageState).
var cachedPages = map[string]bool{"/api/overview": false, "/api/compare": false, "/api/monitor": false,
	"/api/cluster": false, "/api/assess": true}

// maxPageBytes bounds the gzipped JSON the page cache holds.
const maxPageBytes = 16 << 20

// pageCache keeps the JSON of cachedPages for the snapshot in use: a page
// asked twice between loads is built once. Refresh empties it whenever it
// points the queries at another snapshot.
type pageCache struct {
	mu   sync.Mutex
	gen  uint64 // bumped by reset; a page built before is not kept
	m    map[string][]byte
	size int
}

// reset forgets every page.
func (p *pageCache) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gen++
	p.m, p.size = nil, 0
}

// get returns the page, or the generation to put it under once built.
func (p *pageCache) get(key string) ([]byte, uint64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b, ok := p.m[key]
	return b, p.gen, ok
}

// put keeps a page built under generation gen, dropping others past maxPageBytes.
func (p *pageCache) put(gen uint64, key string, b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if gen != p.gen || len(b) > maxPageBytes/16 {
		return
	}
	if p.m == nil {
		p.m = map[string][]byte{}
	}
	for k, old := range p.m {
		if p.size+len(b) <= maxPageBytes {
			break
		}
		delete(p.m, k)
		p.size -= len(old)
	}
	p.m[key] = b
	p.size += len(b)
}

// serveCachedJSON answers a page from the cache, or builds, encodes (as
// c.JSON does) and keeps it.
func (s *Server) serveCachedJSON(c echo.Context, b builder) error {
	scope := s.scope(c)
	key := scope.Province + "\x00" + scope.City + "\x00" + string(langOf(c)) + "\x00" + c.Path() + "?" + c.QueryString()
	if cachedPages[c.Path()] {
		key += "\x00" + s.pageState(c)
	}
	body, gen, ok := s.pages.get(key)
	if !ok {
		v, err := b(c, scope)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		if err := json.NewEncoder(zw).Encode(v); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		body = buf.Bytes()
		s.pages.put(gen, key, body)
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
	viewer := true
	if u, ok := auth.UserFrom(c); ok {
		viewer = u.Role == clusterscope.RoleViewer
	}
	_, calls := s.calls()
	return fmt.Sprintf("%d|%d|%s|%v", rules, calls, s.wh.OverridesStamp(), viewer)
}
