package queries

import (
	"encoding/json"
	"sync"
)

// maxCachedRows bounds the rows the answer cache holds (about 300 bytes
// each); past it, entries are dropped at random.
const maxCachedRows = 100_000

// answers memoises the questions' results for the snapshot in use. The data
// change only when a load replaces the manifest, and Use forgets every answer
// then, so a question asked twice between loads runs once. Callers share the
// cached slices and must not modify them. Concurrent askers of the same
// question wait for the first one rather than all running it.
type answers struct {
	mu       sync.Mutex
	gen      uint64 // bumped by reset; an answer computed before is not stored
	m        map[string]answer
	rows     int
	inflight map[string]chan struct{}
	off      bool // benchmarks measure the uncached path
}

type answer struct {
	v    any
	rows int
}

// reset forgets every answer (a new snapshot is in use).
func (a *answers) reset() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.gen++
	a.m, a.rows = nil, 0
}

// cached returns the answer to the question named by key, computing it
// with ask (which also returns its number of rows) when it is not known.
func cached[T any](d *DB, ask func() (T, int, error), key ...any) (T, error) {
	a := &d.answers
	b, err := json.Marshal(key)
	if err != nil || a.isOff() {
		v, _, err := ask()
		return v, err
	}
	k := string(b)
	for {
		a.mu.Lock()
		if e, ok := a.m[k]; ok {
			a.mu.Unlock()
			return e.v.(T), nil
		}
		wait, busy := a.inflight[k]
		if !busy {
			break
		}
		a.mu.Unlock()
		<-wait
	}
	if a.inflight == nil {
		a.inflight = map[string]chan struct{}{}
	}
	done, gen := make(chan struct{}), a.gen
	a.inflight[k] = done
	a.mu.Unlock()
	v, n, err := ask()
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.inflight, k)
	close(done)
	if err == nil && gen == a.gen && n <= maxCachedRows {
		a.store(k, answer{v, n})
	}
	return v, err
}

// isOff reports whether benchmarks turned the cache off.
func (a *answers) isOff() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.off
}

// store keeps e under k, dropping other answers while the rows exceed the bound.
func (a *answers) store(k string, e answer) {
	if a.m == nil {
		a.m = map[string]answer{}
	}
	for old, x := range a.m {
		if a.rows+e.rows <= maxCachedRows {
			break
		}
		delete(a.m, old)
		a.rows -= x.rows
	}
	a.m[k] = e
	a.rows += e.rows
}
