package auth_test

import (
	"net/http"
	"net/url"
	"testing"
)

// A page on another port of the same host (or a sibling sub-domain) can set
// cookies for this site and post a token of its choosing, or one of its own
// session: none of it may change anything in the signed-in victim's name.
func TestSameSiteForgeryForbidden(t *testing.T) {
	s := newSite(t, newStore(zhongwei), false)
	s.login("zhongwei", password, "/")
	real := s.tokenOf("/compare")
	other := s.browser("")
	other.login("zhongwei", password, "/")
	otherToken := other.tokenOf("/compare")
	const forged = "forged-token-forged-token-forged-token"
	base, _ := url.Parse(s.srv.URL)
	s.c.Jar.SetCookies(base, []*http.Cookie{{Name: "clusterscope_csrf", Value: forged}, {Name: "_csrf", Value: forged}})
	tests := []struct {
		name   string
		token  string
		header []string
		status int
	}{
		{"tossed_cookie_same_site", forged, []string{"Sec-Fetch-Site", "same-site"}, http.StatusForbidden},
		{"tossed_cookie_old_browser", forged, nil, http.StatusForbidden},
		{"real_token_same_site", real, []string{"Sec-Fetch-Site", "same-site"}, http.StatusForbidden},
		{"real_token_typed_navigation", real, []string{"Sec-Fetch-Site", "none"}, http.StatusForbidden},
		{"real_token_other_port_old_browser", real, []string{"Origin", "http://" + base.Hostname() + ":1"}, http.StatusForbidden},
		{"same_origin_without_token", "", []string{"Sec-Fetch-Site", "same-origin"}, http.StatusForbidden},
		{"token_of_another_session", otherToken, []string{"Sec-Fetch-Site", "same-origin"}, http.StatusForbidden},
		{"real_flow", real, []string{"Sec-Fetch-Site", "same-origin", "Origin", s.srv.URL}, http.StatusOK},
		{"real_flow_old_browser", real, nil, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, how := range []string{"form", "header"} {
				form, header := url.Values{}, tt.header
				if how == "form" {
					form.Set("csrf", tt.token)
				} else {
					header = append([]string{"X-CSRF-Token", tt.token}, header...)
				}
				if resp, body := s.post("/api/x", form, header...); resp.StatusCode != tt.status {
					t.Errorf("token in the %s: status %d, want %d: %s", how, resp.StatusCode, tt.status, body)
				}
			}
		})
	}
	if resp, _ := s.get("/compare"); resp.StatusCode != http.StatusOK {
		t.Errorf("victim signed out: %d", resp.StatusCode)
	}
}

// The login form is bound to a session made for it, and is refused from
// another origin: a same-site page cannot sign the victim in as itself.
func TestLoginFromAnotherOriginForbidden(t *testing.T) {
	store := newStore(zhongwei)
	s := newSite(t, store, false)
	tok := s.token()
	form := url.Values{"csrf": {tok}, "username": {"zhongwei"}, "password": {password}, "next": {"/"}}
	if resp, _ := s.post("/login", form, "Sec-Fetch-Site", "same-site"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("same-site login: %d", resp.StatusCode)
	}
	if resp, _ := s.browser("").post("/login", form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("login with another browser's form token: %d", resp.StatusCode)
	}
	if resp, _ := s.post("/login", form, "Sec-Fetch-Site", "same-origin"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("login from the form: %d", resp.StatusCode)
	}
}
