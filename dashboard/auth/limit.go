package auth

import (
	"sync"
	"time"
)

// limiter counts failures per key (a user name, an address): max failures
// within the lockout period lock the key for that period.
type limiter struct {
	mu      sync.Mutex
	max     int
	lockout time.Duration
	now     func() time.Time
	m       map[string]*strikes
	swept   time.Time
}

type strikes struct {
	n            int
	first, until time.Time
}

func newLimiter(max int, lockout time.Duration) *limiter {
	return &limiter{max: max, lockout: lockout, now: time.Now, m: map[string]*strikes{}}
}

// lockedFor returns how long key stays locked; 0 when it is not.
func (l *limiter) lockedFor(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s := l.m[key]; s != nil {
		return max(0, s.until.Sub(l.now()))
	}
	return 0
}

// fail counts a failure and reports whether it locked key.
func (l *limiter) fail(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.sweep(now)
	s := l.m[key]
	if s == nil || now.Sub(s.first) > l.lockout {
		s = &strikes{first: now}
		l.m[key] = s
	}
	if s.n++; s.n >= l.max {
		s.n, s.first, s.until = 0, now, now.Add(l.lockout)
		return true
	}
	return false
}

// reset forgets key's failures (after a successful login).
func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.m, key)
}

// sweep drops expired keys once a minute, bounding the map.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	for k, s := range l.m {
		if now.Sub(s.first) > l.lockout && !now.Before(s.until) {
			delete(l.m, k)
		}
	}
}
