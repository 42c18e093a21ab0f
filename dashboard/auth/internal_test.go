package auth

import (
	"testing"
	"time"
)

func TestSafeNext(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/compare?batch=2022", "/compare?batch=2022"},
		{"/", "/"},
		{"", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{"/login?next=/x", "/"},
		{"/logout", "/"},
		{"/%2F/evil.example", "/%2F/evil.example"}, // a path here, not a host
	}
	for _, tt := range tests {
		if got := safeNext(tt.in); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLimiterCountsAttemptsBeingChecked: parallel attempts are counted
// before their passwords are checked, so a burst cannot pass the pair's
// five; windows end, and the sweep forgets what is over.
func TestLimiterCountsAttemptsBeingChecked(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l := newLimiter()
	l.now = func() time.Time { return now }
	for i := range pairFails {
		if v := l.admit("u", "a"); v.wait != 0 {
			t.Fatalf("attempt %d refused: %+v", i+1, v)
		}
	}
	if v := l.admit("u", "a"); !v.locked || v.wait != window {
		t.Errorf("sixth attempt in flight: %+v", v)
	}
	if v := l.admit("u", "b"); v.wait != 0 {
		t.Errorf("another address: %+v", v)
	}
	l.succeeded("u", "b")
	now = now.Add(window + time.Second)
	if v := l.admit("u", "a"); v.wait != 0 {
		t.Errorf("after the lock: %+v", v)
	}
	l.failed("u", "a")
	now = now.Add(window + time.Hour)
	l.admit("w", "c") // sweeps
	if len(l.addrs) != 1 || len(l.names) != 2 || len(l.names["u"].pairs) != 0 || len(l.names["u"].known) != 1 {
		t.Errorf("after the sweep: %d addresses, %d names", len(l.addrs), len(l.names))
	}
	now = now.Add(knownFor)
	l.admit("w", "c")
	if _, ok := l.names["u"]; ok {
		t.Error("a known address kept past knownFor")
	}
}
