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

func TestLimiterLocksAndForgets(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l := newLimiter(5, 15*time.Minute)
	l.now = func() time.Time { return now }
	for i := 1; i <= 5; i++ {
		if locked := l.fail("u"); locked != (i == 5) {
			t.Fatalf("failure %d: locked = %v", i, locked)
		}
	}
	if got := l.lockedFor("u"); got != 15*time.Minute {
		t.Errorf("locked for %v", got)
	}
	if l.lockedFor("other") != 0 {
		t.Error("another key locked")
	}
	now = now.Add(15*time.Minute + time.Second)
	if l.lockedFor("u") != 0 {
		t.Error("still locked after the lockout")
	}
	// Failures spread wider than the lockout period do not add up.
	for range 4 {
		l.fail("v")
	}
	now = now.Add(16 * time.Minute)
	if l.fail("v") {
		t.Error("old failures counted")
	}
	l.reset("v")
	now = now.Add(time.Hour)
	l.fail("w") // sweeps
	if len(l.m) != 1 {
		t.Errorf("expired keys kept: %d", len(l.m))
	}
}
