package auth_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"clusterscope"
)

// limitedSite is a site with users whose sign-in limits run on a fake clock.
func limitedSite(t *testing.T, users ...clusterscope.User) (*fakeStore, *clock, *site) {
	store := newStore(users...)
	clk := &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	return store, clk, newSite(t, store, false, withClock(clk))
}

// signInStatus returns the status of a sign-in and what the page says.
func (s *site) signInStatus(name, pw string) (int, string) {
	s.t.Helper()
	resp, body := s.login(name, pw, "/")
	return resp.StatusCode, body
}

// An attacker at one address who tries the administrator's name 50 times
// locks only that (name, address) pair: the administrator elsewhere signs in.
func TestAttackFromOneAddressLeavesTheOwnerIn(t *testing.T) {
	store, clk, site := limitedSite(t, zhongwei, admin)
	attacker := site.browser("10.0.0.66")
	for i := 1; i <= 50; i++ {
		status, body := attacker.signInStatus("admin", "wrong-password")
		want, msg := http.StatusUnauthorized, "用户名或密码错误"
		switch {
		case i == 5:
			msg = "登录失败次数过多"
		case i > 5:
			want, msg = http.StatusTooManyRequests, "登录失败次数过多"
		}
		if status != want || !strings.Contains(body, msg) {
			t.Fatalf("attempt %d: status %d, want %d and %q", i, status, want, msg)
		}
		clk.advance(time.Second)
	}
	if status, _ := attacker.signInStatus("admin", password); status != http.StatusTooManyRequests {
		t.Errorf("right password from the locked pair: %d", status)
	}
	if n := len(store.entries(clusterscope.AuditLoginFailed)); n != 5 {
		t.Errorf("%d failures recorded; the refused attempts checked no password", n)
	}
	owner := site.browser("10.0.0.7")
	if status, body := owner.signInStatus("admin", password); status != http.StatusSeeOther {
		t.Fatalf("administrator from another address: %d\n%s", status, body)
	}
	if resp, _ := owner.get("/compare"); resp.StatusCode != http.StatusOK {
		t.Errorf("administrator's page: %d", resp.StatusCode)
	}
	// The attacker's address may still try other names: it is not locked.
	if status, _ := attacker.signInStatus("zhongwei", password); status != http.StatusSeeOther {
		t.Errorf("another name from the attacker's address: %d", status)
	}
}

// Twenty failures from one office address (a NAT) slow that address down;
// they lock nobody out: a colleague waits a second, and one who signed in
// from there before is not slowed at all.
func TestOfficeBehindNATIsSlowedNotLocked(t *testing.T) {
	const office = "192.168.1.1"
	colleague := clusterscope.User{Name: "ningxia", Role: clusterscope.RoleProvince, Scope: clusterscope.Scope{Province: "宁夏回族自治区"}}
	_, clk, site := limitedSite(t, zhongwei, admin, colleague)
	if status, _ := site.browser(office).signInStatus("admin", password); status != http.StatusSeeOther {
		t.Fatalf("admin before the attack: %d", status)
	}
	guesser := site.browser(office)
	for i := range 20 {
		if status, _ := guesser.signInStatus(fmt.Sprintf("guess%d", i), "wrong-password"); status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, status)
		}
	}
	resp, body := site.browser(office).login("zhongwei", password, "/")
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "登录尝试过于频繁：请 1 秒后再试") || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("colleague right after the failures: %d %q\n%s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if status, _ := site.browser(office).signInStatus("admin", password); status != http.StatusSeeOther {
		t.Errorf("admin, who signed in from the office before: %d", status)
	}
	clk.advance(time.Second)
	if status, _ := site.browser(office).signInStatus("zhongwei", password); status != http.StatusSeeOther {
		t.Errorf("colleague a second later: %d", status)
	}
	if status, _ := site.browser(office).signInStatus("ningxia", password); status != http.StatusSeeOther {
		t.Errorf("second colleague: %d", status)
	}
	if status, _ := site.browser("192.168.2.1").signInStatus("guess0", "wrong-password"); status != http.StatusUnauthorized {
		t.Errorf("another address is not slowed: %d", status)
	}
}

// A name tried from many addresses waits longer after each further
// failure, 1 s doubling to a minute, so that many addresses together get
// about one guess a minute; the owner waits at most that minute, and not at
// all from an address where they signed in before.
func TestNameDelayGrows(t *testing.T) {
	_, clk, site := limitedSite(t, zhongwei)
	home := site.browser("10.9.0.1")
	if status, _ := home.signInStatus("zhongwei", password); status != http.StatusSeeOther {
		t.Fatalf("owner before the attack: %d", status)
	}
	bot := 0
	attempt := func() (*http.Response, string) {
		bot++
		return site.browser(fmt.Sprintf("10.66.0.%d", bot)).login("zhongwei", "wrong-password", "/")
	}
	for i := range 10 {
		if resp, _ := attempt(); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, resp.StatusCode)
		}
	}
	for _, wait := range []int{1, 2, 4, 8, 16, 32, 60, 60} {
		resp, body := attempt()
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != fmt.Sprint(wait) ||
			!strings.Contains(body, fmt.Sprintf("请 %d 秒后再试", wait)) {
			t.Fatalf("want a wait of %d s: %d, Retry-After %q", wait, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		clk.advance(time.Duration(wait) * time.Second)
		if resp, _ := attempt(); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("after waiting %d s: %d", wait, resp.StatusCode)
		}
	}
	if status, _ := site.browser("10.9.0.1").signInStatus("zhongwei", password); status != http.StatusSeeOther {
		t.Errorf("owner from where they signed in before: %d", status)
	}
	away := site.browser("10.9.0.2")
	if status, _ := away.signInStatus("zhongwei", password); status != http.StatusTooManyRequests {
		t.Errorf("owner from a new address during the attack: %d", status)
	}
	clk.advance(time.Minute)
	if status, _ := away.signInStatus("zhongwei", password); status != http.StatusSeeOther {
		t.Errorf("owner from a new address a minute later: %d", status)
	}
}

// An administrator's unlock (the account's unlocked time, written by
// `clusterscope user unlock`) lifts a pair's lock at once.
func TestUnlockLiftsTheLock(t *testing.T) {
	store, clk, site := limitedSite(t, zhongwei)
	office := site.browser("10.0.0.5")
	for range 5 {
		office.signInStatus("zhongwei", "wrong-password")
	}
	if status, _ := office.signInStatus("zhongwei", password); status != http.StatusTooManyRequests {
		t.Fatalf("locked pair: %d", status)
	}
	clk.advance(time.Minute)
	store.change("zhongwei", func(u *clusterscope.User) { u.Unlocked = clk.Now() })
	if status, body := office.signInStatus("zhongwei", password); status != http.StatusSeeOther {
		t.Errorf("after the unlock: %d\n%s", status, body)
	}
}
