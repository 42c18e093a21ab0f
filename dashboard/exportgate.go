package dashboard

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"
)

// Limits of the PDF/PNG exports. A render keeps about one core busy in
// Chromium, and six at once by one user took 16–23 s each instead of 5:
// so one render per user (the next waits for the last), as many overall as
// there are cores (at least 2), and a wait of about three renders (5 s
// each, 10 on a busy machine) before the answer is "busy".
const (
	exportWait  = 15 * time.Second
	exportRetry = 10 * time.Second // Retry-After of a busy answer: about two renders
)

// The two ways an export finds no slot in time.
var (
	errOwnExportBusy = errors.New("the user's previous export is still running")
	errExportsBusy   = errors.New("every export slot is taken")
)

// exportGate bounds the renders that run at once: one per user and a few
// overall. A user takes their own slot first, so a user's queue holds at
// most one overall slot and the others get the rest.
type exportGate struct {
	wait time.Duration
	all  chan struct{}

	mu    sync.Mutex
	users map[string]*userSlot
}

// userSlot is a user's one slot; refs counts the requests holding or
// awaiting it, so that the entry goes with the last of them.
type userSlot struct {
	slot chan struct{}
	refs int
}

func newExportGate() *exportGate {
	return newGate(max(2, runtime.NumCPU()), exportWait)
}

func newGate(overall int, wait time.Duration) *exportGate {
	return &exportGate{wait: wait, all: make(chan struct{}, overall), users: map[string]*userSlot{}}
}

// enter waits up to the gate's wait for user's slot and one overall, and
// returns the function that gives them back. Past the wait the error is
// errOwnExportBusy or errExportsBusy; when ctx ends first, ctx's error.
func (g *exportGate) enter(ctx context.Context, user string) (leave func(), err error) {
	u := g.join(user)
	wait, cancel := context.WithTimeout(ctx, g.wait)
	defer cancel()
	select {
	case u.slot <- struct{}{}:
	case <-wait.Done():
		g.part(user, u)
		return nil, busy(ctx, errOwnExportBusy)
	}
	select {
	case g.all <- struct{}{}:
	case <-wait.Done():
		<-u.slot
		g.part(user, u)
		return nil, busy(ctx, errExportsBusy)
	}
	return func() {
		<-g.all
		<-u.slot
		g.part(user, u)
	}, nil
}

// busy is why a wait ended: the caller gave up, or the time ran out.
func busy(ctx context.Context, timedOut error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return timedOut
}

func (g *exportGate) join(user string) *userSlot {
	g.mu.Lock()
	defer g.mu.Unlock()
	u := g.users[user]
	if u == nil {
		u = &userSlot{slot: make(chan struct{}, 1)}
		g.users[user] = u
	}
	u.refs++
	return u
}

func (g *exportGate) part(user string, u *userSlot) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if u.refs--; u.refs == 0 {
		delete(g.users, user)
	}
}
