package auth_test

import (
	"crypto/tls"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
)

const password = "correct-horse-battery"

var (
	zhongwei = clusterscope.User{Name: "zhongwei", Role: clusterscope.RoleCity, Scope: clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市"}}
	admin    = clusterscope.User{Name: "admin", Role: clusterscope.RoleAdmin}
)

// fakeStore is a Store in memory: every user has the same password.
type fakeStore struct {
	mu    sync.Mutex
	users []clusterscope.User
	log   []clusterscope.AuditEntry
}

func newStore(users ...clusterscope.User) *fakeStore { return &fakeStore{users: users} }

func (s *fakeStore) Authenticate(name, pw string) (clusterscope.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if u.Name == name && pw == password {
			if u.Disabled {
				return clusterscope.User{}, clusterscope.Errorf(clusterscope.EINVALID, "该账户已停用，请联系管理员")
			}
			return u, nil
		}
	}
	return clusterscope.User{}, clusterscope.Errorf(clusterscope.EINVALID, "用户名或密码错误")
}

func (s *fakeStore) User(name string) (clusterscope.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if u.Name == name {
			return u, nil
		}
	}
	return clusterscope.User{}, clusterscope.Errorf(clusterscope.ENOTFOUND, "用户 %s 不存在", name)
}

func (s *fakeStore) Users() ([]clusterscope.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]clusterscope.User(nil), s.users...), nil
}

func (s *fakeStore) Audit(e clusterscope.AuditEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, e)
	return nil
}

func (s *fakeStore) disable(name string) {
	s.change(name, func(u *clusterscope.User) { u.Disabled = true })
}

// change changes the account name as the warehouse would (e.g. from the CLI).
func (s *fakeStore) change(name string, f func(*clusterscope.User)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.users {
		if s.users[i].Name == name {
			f(&s.users[i])
		}
	}
}

// entries returns the audit entries of action, oldest first.
func (s *fakeStore) entries(action clusterscope.AuditAction) []clusterscope.AuditEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []clusterscope.AuditEntry
	for _, e := range s.log {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// site is a dashboard with a page, an API and the auth routes, and a
// browser-like client (cookie jar) that does not follow redirects, at addr
// (passed as X-Forwarded-For from the loopback proxy; empty: 127.0.0.1).
type site struct {
	t    *testing.T
	srv  *httptest.Server
	c    *http.Client
	addr string
}

// browser is another browser on the same site, at addr.
func (s *site) browser(addr string) *site {
	jar, _ := cookiejar.New(nil)
	c := *s.c
	c.Jar = jar
	return &site{t: s.t, srv: s.srv, c: &c, addr: addr}
}

// clock is a fake clock for the sign-in limits.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// withClock gives the site's limits a fake clock.
func withClock(c *clock) func(*auth.Auth) {
	return func(a *auth.Auth) { auth.SetClock(a, c.Now) }
}

func newSite(t *testing.T, store auth.Store, overTLS bool, configure ...func(*auth.Auth)) *site {
	t.Helper()
	e := echo.New()
	e.IPExtractor = echo.ExtractIPFromXFFHeader() // trusts the loopback: tests pose as other addresses
	a := auth.New(store, slog.New(slog.DiscardHandler))
	for _, f := range configure {
		f(a)
	}
	a.Register(e)
	e.Use(a.Require)
	e.GET("/", func(c echo.Context) error { return c.String(http.StatusOK, "home") })
	e.GET("/compare", func(c echo.Context) error {
		u, _ := auth.UserFrom(c)
		return c.HTML(http.StatusOK, `<meta name="csrf-token" content="`+auth.CSRFToken(c)+`">compare for `+u.Name)
	})
	e.GET("/static/*", func(c echo.Context) error { return c.String(http.StatusOK, "body{}") })
	e.GET("/api/x", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"ok": "yes"}) })
	e.POST("/api/x", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"ok": "changed"}) })
	srv := httptest.NewUnstartedServer(e)
	if overTLS {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	c := srv.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if overTLS {
		c.Transport.(*http.Transport).TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	}
	return &site{t: t, srv: srv, c: c}
}

func (s *site) do(req *http.Request) (*http.Response, string) {
	s.t.Helper()
	if s.addr != "" {
		req.Header.Set("X-Forwarded-For", s.addr)
	}
	resp, err := s.c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return resp, string(b)
}

func (s *site) get(path string) (*http.Response, string) {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
	return s.do(req)
}

func (s *site) post(path string, form url.Values, header ...string) (*http.Response, string) {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.do(req)
}

var (
	metaToken  = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)
	fieldToken = regexp.MustCompile(`<input type="hidden" name="csrf" value="([^"]+)">`)
)

// token opens the login page and returns its CSRF token.
func (s *site) token() string { return s.tokenOf("/login") }

// tokenOf opens the page at path and returns the CSRF token of its meta tag.
func (s *site) tokenOf(path string) string {
	s.t.Helper()
	_, body := s.get(path)
	m := metaToken.FindStringSubmatch(body)
	if m == nil {
		s.t.Fatalf("no csrf meta tag in page:\n%s", body)
	}
	return m[1]
}

func (s *site) login(name, pw, next string) (*http.Response, string) {
	s.t.Helper()
	return s.post("/login", url.Values{"csrf": {s.token()}, "username": {name}, "password": {pw}, "next": {next}})
}

func cookie(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
