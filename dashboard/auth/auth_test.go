package auth_test

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/dashboard/auth"
)

func TestLoginPageHasCSRFToken(t *testing.T) {
	s := newSite(t, newStore(zhongwei), false)
	resp, body := s.get("/login?next=/compare")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	meta, field := metaToken.FindStringSubmatch(body), fieldToken.FindStringSubmatch(body)
	if meta == nil || field == nil || meta[1] != field[1] || len(meta[1]) < 32 {
		t.Fatalf("token in meta %v and field %v", meta, field)
	}
	// The token lives in a session made for the form, not in a cookie.
	if c := cookie(resp, "clusterscope_session"); c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || strings.Contains(c.Value, meta[1]) {
		t.Errorf("session cookie: %+v", c)
	}
	if c := cookie(resp, "clusterscope_csrf"); c != nil {
		t.Errorf("csrf cookie: %+v", c)
	}
	for _, bad := range []string{"<script", "style=", "onload", "onclick"} {
		if strings.Contains(body, bad) {
			t.Errorf("login page has %q, which the CSP forbids", bad)
		}
	}
	if !strings.Contains(body, `lang="zh-CN"`) || !strings.Contains(body, `name="next" value="/compare"`) {
		t.Errorf("login page:\n%s", body)
	}
}

func TestPostWithoutValidTokenForbidden(t *testing.T) {
	store := newStore(zhongwei)
	s := newSite(t, store, false)
	s.token() // a session for the form
	tests := []struct {
		name  string
		token []string
	}{
		{"no_token", nil},
		{"wrong_token", []string{"forged-token-forged-token-forged"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"username": {"zhongwei"}, "password": {password}, "next": {"/"}}
			if tt.token != nil {
				form["csrf"] = tt.token
			}
			resp, body := s.post("/login", form)
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "CSRF") {
				t.Errorf("status %d, body %s", resp.StatusCode, body)
			}
			if resp, _ := s.get("/compare"); resp.StatusCode != http.StatusFound {
				t.Errorf("signed in without a valid token: %d", resp.StatusCode)
			}
		})
	}
	if n := len(store.entries(clusterscope.AuditLogin)); n != 0 {
		t.Errorf("%d logins recorded", n)
	}
}

func TestCrossSitePostForbidden(t *testing.T) {
	s := newSite(t, newStore(zhongwei), false)
	resp, body := s.post("/api/x", nil, "Sec-Fetch-Site", "cross-site")
	var got map[string]string
	if resp.StatusCode != http.StatusForbidden || json.Unmarshal([]byte(body), &got) != nil || !strings.Contains(got["error"], "安全校验失败") {
		t.Errorf("status %d, body %s", resp.StatusCode, body)
	}
}

func TestWrongPasswordsLockTheAccount(t *testing.T) {
	store := newStore(zhongwei, admin)
	s := newSite(t, store, false)
	for i := 1; i <= 5; i++ {
		resp, body := s.login("zhongwei", "wrong-password", "/")
		want := "用户名或密码错误"
		if i == 5 {
			want = "登录失败次数过多"
		}
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, want) {
			t.Fatalf("failure %d: status %d, want message %q in\n%s", i, resp.StatusCode, want, body)
		}
		if !strings.Contains(body, `value="zhongwei"`) {
			t.Errorf("failure %d: name not kept in form", i)
		}
	}
	failed := store.entries(clusterscope.AuditLoginFailed)
	if len(failed) != 5 || failed[0].Who != "zhongwei" || failed[0].IP != "127.0.0.1" || !strings.Contains(failed[4].Detail, "锁定") {
		t.Errorf("audit of failures: %+v", failed)
	}
	// Locked: even the right password is refused, without asking the store.
	resp, body := s.login("zhongwei", password, "/")
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "请 15 分钟后再试") {
		t.Errorf("6th attempt: status %d\n%s", resp.StatusCode, body)
	}
	if n := len(store.entries(clusterscope.AuditLogin)); n != 0 {
		t.Errorf("locked account logged in (%d)", n)
	}
	// Another account from the same address is not locked.
	if resp, _ := s.login("admin", password, "/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("other user from the same address: status %d", resp.StatusCode)
	}
}

func TestLoginSucceeds(t *testing.T) {
	tests := []struct {
		name    string
		overTLS bool
	}{{"http", false}, {"tls", true}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newStore(zhongwei)
			s := newSite(t, store, tt.overTLS)
			before := s.token()
			resp, _ := s.login(" ZhongWei", password, "/compare?batch=2022")
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/compare?batch=2022" {
				t.Fatalf("status %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			c := cookie(resp, "clusterscope_session")
			if c == nil || c.Value == "" || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != tt.overTLS {
				t.Fatalf("session cookie: %+v", c)
			}
			if c.MaxAge != 0 || !c.Expires.IsZero() {
				t.Errorf("session cookie outlives the browser: %+v", c)
			}
			if resp, body := s.get("/compare"); resp.StatusCode != http.StatusOK || !strings.HasSuffix(body, "compare for zhongwei") {
				t.Errorf("page after login: %d %q", resp.StatusCode, body)
			}
			after := s.tokenOf("/compare")
			if after == before {
				t.Error("CSRF token not renewed at login")
			}
			if resp, _ := s.post("/api/x", nil, "X-CSRF-Token", before); resp.StatusCode != http.StatusForbidden {
				t.Errorf("token of the login form after login: %d", resp.StatusCode)
			}
			if resp, _ := s.get("/login"); resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/" {
				t.Errorf("login page when signed in: %d %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			logins := store.entries(clusterscope.AuditLogin)
			if len(logins) != 1 || logins[0].Who != "zhongwei" || logins[0].IP != "127.0.0.1" || logins[0].Detail != "市级 宁夏回族自治区中卫市" {
				t.Errorf("audit: %+v", logins)
			}
		})
	}
}

func TestProtectedWithoutLogin(t *testing.T) {
	s := newSite(t, newStore(zhongwei), false)
	tests := []struct {
		name, path string
		status     int
		location   string
	}{
		{"page", "/compare?batch=2022", http.StatusFound, "/login?next=%2Fcompare%3Fbatch%3D2022"},
		{"home", "/", http.StatusFound, "/login?next=%2F"},
		{"unknown_page", "/nothing-here", http.StatusFound, "/login?next=%2Fnothing-here"},
		{"api", "/api/x", http.StatusUnauthorized, ""},
		{"unknown_api", "/api/nothing", http.StatusUnauthorized, ""},
		{"login_page_is_open", "/login", http.StatusOK, ""},
		{"static_is_open", "/static/app.css", http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := s.get(tt.path)
			if strings.HasPrefix(tt.path, "/static/") && len(resp.Cookies()) > 0 {
				t.Errorf("static file sets cookies: %v", resp.Cookies())
			}
			if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
				t.Fatalf("status %d location %q; want %d %q", resp.StatusCode, resp.Header.Get("Location"), tt.status, tt.location)
			}
			if tt.status == http.StatusUnauthorized {
				var got map[string]string
				if err := json.Unmarshal([]byte(body), &got); err != nil || got["error"] != "请先登录" {
					t.Errorf("body %s (%v)", body, err)
				}
			}
		})
	}
}

func TestOpenRedirectRefused(t *testing.T) {
	s := newSite(t, newStore(zhongwei), false)
	resp, _ := s.login("zhongwei", password, "//evil.example")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Errorf("status %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, body := s.get("/login?next=https://evil.example/"); resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/" {
		t.Errorf("signed-in login page: %d %q %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
}

func TestLogoutNeedsPostAndToken(t *testing.T) {
	store := newStore(zhongwei)
	s := newSite(t, store, false)
	s.login("zhongwei", password, "/")
	if resp, _ := s.get("/logout"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /logout: %d", resp.StatusCode)
	}
	if resp, _ := s.post("/logout", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST /logout without token: %d", resp.StatusCode)
	}
	if resp, _ := s.get("/compare"); resp.StatusCode != http.StatusOK {
		t.Fatalf("signed out by a refused logout: %d", resp.StatusCode)
	}
	// Scripts send the token in a header.
	tok := s.tokenOf("/compare")
	if resp, body := s.post("/api/x", nil, "X-CSRF-Token", tok); resp.StatusCode != http.StatusOK {
		t.Errorf("API POST with header token: %d %s", resp.StatusCode, body)
	}
	resp, _ := s.post("/logout", url.Values{"csrf": {tok}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Errorf("logout: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if c := cookie(resp, "clusterscope_session"); c == nil || c.MaxAge >= 0 {
		t.Errorf("session cookie not cleared: %+v", c)
	}
	if resp, _ := s.get("/compare"); resp.StatusCode != http.StatusFound {
		t.Errorf("page after logout: %d", resp.StatusCode)
	}
	if out := store.entries(clusterscope.AuditLogout); len(out) != 1 || out[0].Who != "zhongwei" {
		t.Errorf("audit: %+v", out)
	}
}

func TestDisabledUserIsSignedOut(t *testing.T) {
	store := newStore(zhongwei)
	s := newSite(t, store, false)
	s.login("zhongwei", password, "/")
	store.disable("zhongwei")
	if resp, _ := s.get("/compare"); resp.StatusCode != http.StatusFound {
		t.Errorf("disabled user's page: %d", resp.StatusCode)
	}
	if resp, body := s.login("zhongwei", password, "/"); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "已停用") {
		t.Errorf("disabled login: %d", resp.StatusCode)
	}
}

func TestProxySingleSignOn(t *testing.T) {
	sso := func(proxy string) func(*auth.Auth) {
		return func(a *auth.Auth) {
			a.ProxyHeader = "X-Remote-User"
			a.TrustedProxies = []netip.Prefix{netip.MustParsePrefix(proxy)}
		}
	}
	tests := []struct {
		name, proxy, user string
		status            int
	}{
		{"trusted_proxy", "127.0.0.1/32", "zhongwei", http.StatusOK},
		{"untrusted_peer", "10.0.0.0/8", "zhongwei", http.StatusFound},
		{"unknown_user", "127.0.0.1/32", "stranger", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newStore(zhongwei)
			s := newSite(t, store, false, sso(tt.proxy))
			req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/compare", nil)
			req.Header.Set("X-Remote-User", tt.user)
			if resp, body := s.do(req); resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
		})
	}
	t.Run("off_by_default", func(t *testing.T) {
		s := newSite(t, newStore(zhongwei), false)
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/compare", nil)
		req.Header.Set("X-Remote-User", "zhongwei")
		if resp, _ := s.do(req); resp.StatusCode != http.StatusFound {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
}

// A new password (`clusterscope user passwd`) ends every session signed in
// under the old one, as disabling the account does; other accounts' stay.
func TestPasswordChangeEndsSessions(t *testing.T) {
	store := newStore(zhongwei, admin)
	s := newSite(t, store, false)
	office, laptop, other := s.browser("10.0.0.1"), s.browser("10.0.0.2"), s.browser("10.0.0.3")
	office.login("zhongwei", password, "/")
	laptop.login("zhongwei", password, "/")
	other.login("admin", password, "/")
	store.change("zhongwei", func(u *clusterscope.User) { u.PasswordChanged = time.Now() })
	for name, b := range map[string]*site{"office": office, "laptop": laptop} {
		if resp, _ := b.get("/compare"); resp.StatusCode != http.StatusFound {
			t.Errorf("%s session after the password change: %d", name, resp.StatusCode)
		}
	}
	if resp, _ := other.get("/compare"); resp.StatusCode != http.StatusOK {
		t.Errorf("another account's session: %d", resp.StatusCode)
	}
	if resp, _ := office.login("zhongwei", password, "/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in again: %d", resp.StatusCode)
	}
	if resp, _ := office.get("/compare"); resp.StatusCode != http.StatusOK {
		t.Errorf("new session: %d", resp.StatusCode)
	}
}
