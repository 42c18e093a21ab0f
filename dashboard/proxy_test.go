package dashboard_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"clusterscope/dashboard"
)

// failLogin posts a wrong password with the given headers, as a browser
// behind a proxy would, and returns the session cookie the login page set.
func failLogin(t *testing.T, ts *testServer, header ...string) *http.Cookie {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/login", nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var session *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "clusterscope_session" {
			session = ck
		}
	}
	m := csrfField.FindSubmatch(page)
	if m == nil || session == nil {
		t.Fatalf("login page without CSRF token or session cookie")
	}
	form := url.Values{"csrf": {string(m[1])}, "username": {"ministry"}, "password": {"wrong"}}
	req, _ = http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	return session
}

// TestForwardedHeadersOnlyFromTrustedProxies: the client's address in the
// audit log, and Secure on the session cookie, follow X-Forwarded-For and
// X-Forwarded-Proto only when the peer is a configured proxy; from anyone
// else they are ignored, so nobody can put another address in the audit
// log or slip past the per-address sign-in limits.
func TestForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	for _, c := range []struct {
		name    string
		trusted []netip.Prefix
		ip      string
		secure  bool
	}{
		{"no proxy configured", nil, "127.0.0.1", false},
		{"another proxy configured", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, "127.0.0.1", false},
		{"this peer is the proxy", []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, "203.0.113.7", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := newServer(t, "")
			ts.srv.Configure(dashboard.Options{TrustedProxies: c.trusted})
			session := failLogin(t, ts, "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https")
			entries, err := ts.wh.AuditLog(1)
			if err != nil || len(entries) != 1 {
				t.Fatalf("audit log: %v %v", entries, err)
			}
			if entries[0].IP != c.ip {
				t.Errorf("audited address %q, want %q", entries[0].IP, c.ip)
			}
			if session.Secure != c.secure {
				t.Errorf("session cookie Secure %v, want %v", session.Secure, c.secure)
			}
		})
	}
}

// TestMetricsThroughATrustedProxy: behind a trusted proxy the client's
// forwarded address decides, not the proxy's own.
func TestMetricsThroughATrustedProxy(t *testing.T) {
	ts := newServer(t, "")
	ts.srv.Configure(dashboard.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		MetricsAllow: []netip.Prefix{netip.MustParsePrefix("10.9.0.0/16")}})
	for xff, want := range map[string]int{"203.0.113.7": http.StatusForbidden, "10.9.1.2": http.StatusOK} {
		if status, _ := fetch(t, ts.URL+"/metrics", "X-Forwarded-For", xff); status != want {
			t.Errorf("client %s through the proxy: %d, want %d", xff, status, want)
		}
	}
}
