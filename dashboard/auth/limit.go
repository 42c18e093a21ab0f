package auth

import (
	"sync"
	"time"
)

// Sign-in limits, all counted over a window of 15 minutes (README, accounts):
//   - a name that fails pairFails times from one address is locked for that
//     address only, for the window: the owner elsewhere is not;
//   - once a name has failed nameFree times (from any address: at least
//     two, as a pair stops at pairFails), each further attempt on it waits
//     a delay after the name's last failure, 1 s doubling to nameMaxWait: a
//     guesser with many addresses gets about one try a minute;
//   - once an address has failed addrFree times (any names), each further
//     attempt from it waits likewise, up to addrMaxWait: an office behind
//     one NAT address is slowed, never locked.
//
// An address where a name has signed in before (since the server started,
// within knownFor) is exempt from both delays for that name, so that an
// attack elsewhere or a colleague's typing never keeps the owner out; the
// pair lock still holds there. Attempts that are refused are not counted
// (nor is the password checked), so refusals cannot be used to make a delay
// grow without end.
const (
	window      = 15 * time.Minute
	pairFails   = 5
	nameFree    = 10
	nameMaxWait = time.Minute
	addrFree    = 20
	addrMaxWait = 30 * time.Second
	knownFor    = 30 * 24 * time.Hour
)

// limiter keeps the counts in memory: a restart forgets them.
type limiter struct {
	mu    sync.Mutex
	now   func() time.Time
	names map[string]*nameState
	addrs map[string]*strikes
	swept time.Time
}

type nameState struct {
	strikes
	pairs map[string]*strikes  // by address
	known map[string]time.Time // address → last successful sign-in
}

// strikes counts failures within a window that starts at the first.
type strikes struct {
	n     int       // failures and attempts being checked
	first time.Time // the window's start
	last  time.Time // the last failure
	until time.Time // the end of a pair's lock
}

// verdict says why an attempt is refused, and for how long.
type verdict struct {
	locked bool          // the pair is locked (else the attempt is slowed)
	wait   time.Duration // 0: go ahead
}

func newLimiter() *limiter {
	return &limiter{now: time.Now, names: map[string]*nameState{}, addrs: map[string]*strikes{}}
}

// admit decides whether name may try a password from addr now. An admitted
// attempt counts as a failure at once, so that parallel attempts cannot
// slip past the limits while the password is checked; succeeded takes it
// back.
func (l *limiter) admit(name, addr string) verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.sweep(now)
	ns := l.name(name)
	pair, ad := ns.pair(addr), l.addr(addr)
	for _, s := range []*strikes{&ns.strikes, pair, ad} {
		s.expire(now)
	}
	if now.Before(pair.until) {
		return verdict{locked: true, wait: pair.until.Sub(now)}
	}
	if pair.n >= pairFails { // parallel attempts filled the pair
		pair.until = now.Add(window)
		return verdict{locked: true, wait: window}
	}
	if known, ok := ns.known[addr]; !ok || now.Sub(known) > knownFor {
		if w := max(ns.wait(now, nameFree, nameMaxWait), ad.wait(now, addrFree, addrMaxWait)); w > 0 {
			return verdict{wait: w}
		}
	}
	for _, s := range []*strikes{&ns.strikes, pair, ad} {
		s.count(now)
	}
	return verdict{}
}

// failed confirms an admitted attempt's failure, from which the delays
// run, and reports whether it locked the pair.
func (l *limiter) failed(name, addr string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	ns := l.name(name)
	pair := ns.pair(addr)
	for _, s := range []*strikes{&ns.strikes, pair, l.addr(addr)} {
		s.last = now
	}
	if pair.n < pairFails {
		return false
	}
	pair.until = now.Add(window)
	return true
}

// succeeded takes back an admitted attempt that signed in: the pair's
// failures are forgotten and addr becomes a known address of name.
func (l *limiter) succeeded(name, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ns := l.name(name)
	delete(ns.pairs, addr)
	ns.n = max(0, ns.n-1)
	if ad := l.addrs[addr]; ad != nil {
		ad.n = max(0, ad.n-1)
	}
	ns.known[addr] = l.now()
}

// unlocked forgets name's failures (every pair's and its own) from before
// at, when an administrator lifted its limits.
func (l *limiter) unlocked(name string, at time.Time) {
	if at.IsZero() {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ns := l.names[name]
	if ns == nil {
		return
	}
	if ns.last.Before(at) {
		ns.strikes = strikes{}
	}
	for addr, p := range ns.pairs {
		if p.last.Before(at) {
			delete(ns.pairs, addr)
		}
	}
}

func (l *limiter) name(name string) *nameState {
	ns := l.names[name]
	if ns == nil {
		ns = &nameState{pairs: map[string]*strikes{}, known: map[string]time.Time{}}
		l.names[name] = ns
	}
	return ns
}

func (ns *nameState) pair(addr string) *strikes { return strikesOf(ns.pairs, addr) }

func (l *limiter) addr(addr string) *strikes { return strikesOf(l.addrs, addr) }

// strikesOf returns m[key], added when missing.
func strikesOf(m map[string]*strikes, key string) *strikes {
	s := m[key]
	if s == nil {
		s = &strikes{}
		m[key] = s
	}
	return s
}

// expire starts a new window when the last one is over and no lock holds.
func (s *strikes) expire(now time.Time) {
	if s.n > 0 && now.Sub(s.first) >= window && !now.Before(s.until) {
		*s = strikes{}
	}
}

func (s *strikes) count(now time.Time) {
	if s.n == 0 {
		s.first = now
	}
	s.n++
}

// wait is how long an attempt must still wait after the last failure once
// more than free failures are counted: 1 s for the first past free,
// doubling up to most.
func (s *strikes) wait(now time.Time, free int, most time.Duration) time.Duration {
	if s.n < free {
		return 0
	}
	d := most
	if k := s.n - free; k < 16 {
		d = min(most, time.Second<<k)
	}
	return max(0, s.last.Add(d).Sub(now))
}

// done reports whether s holds nothing worth keeping at now.
func (s *strikes) done(now time.Time) bool {
	return (s.n == 0 || now.Sub(s.first) >= window) && !now.Before(s.until)
}

// sweep drops what has expired once a minute, bounding the maps.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	for k, s := range l.addrs {
		if s.done(now) {
			delete(l.addrs, k)
		}
	}
	for name, ns := range l.names {
		for k, p := range ns.pairs {
			if p.done(now) {
				delete(ns.pairs, k)
			}
		}
		for k, at := range ns.known {
			if now.Sub(at) > knownFor {
				delete(ns.known, k)
			}
		}
		if ns.done(now) && len(ns.pairs) == 0 && len(ns.known) == 0 {
			delete(l.names, name)
		}
	}
}
