package queries

import (
	"errors"
	"sync"
)

// Cache keeps values computed from the snapshot in use: the data change only
// when a load replaces the manifest, and the owner calls Reset then, so a
// value asked for twice between loads is computed once. Concurrent askers of
// the same key wait for the first one rather than all computing it. Each
// value has a size (rows, bytes); the sizes held stay within a bound, past
// which entries are dropped at random. Callers share the values and must not
// modify them. The query layer keeps its answers in one, the dashboard its
// pages.
type Cache[V any] struct {
	max, maxEntry int // bounds on the sizes held and on one entry's

	mu       sync.Mutex
	gen      uint64 // bumped by Reset; a value computed before is not kept
	m        map[string]entry[V]
	size     int
	inflight map[string]*call[V]
	off      bool // benchmarks measure the uncached path
}

type entry[V any] struct {
	v    V
	size int
}

// call is one computation in flight; waiters read v and err once done is closed.
type call[V any] struct {
	done chan struct{}
	v    V
	err  error
}

// NewCache returns an empty cache holding at most max in sizes, and no
// entry larger than maxEntry.
func NewCache[V any](max, maxEntry int) *Cache[V] {
	return &Cache[V]{max: max, maxEntry: min(max, maxEntry)}
}

// Resize sets the bounds, dropping entries while the sizes exceed the new
// one. An entry already held stays even when it is now larger than maxEntry.
func (c *Cache[V]) Resize(max, maxEntry int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.max, c.maxEntry = max, min(max, maxEntry)
	for k, e := range c.m {
		if c.size <= c.max {
			break
		}
		delete(c.m, k)
		c.size -= e.size
	}
}

// Reset forgets every value (a new snapshot is in use). Computations under
// way finish for their askers but are not kept, nor joined by later askers.
func (c *Cache[V]) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.m, c.size, c.inflight = nil, 0, nil
}

// errAbandoned is what waiters see of a computation that panicked.
var errAbandoned = errors.New("cache: computation abandoned")

// Get returns the value under key, computing it with build (which also
// returns its size) when it is not known. A failed build is not kept, and
// those who waited for it try again themselves: the error may be the first
// asker's alone (a request that went away).
func (c *Cache[V]) Get(key string, build func() (V, int, error)) (V, error) {
	c.mu.Lock()
	if c.off {
		c.mu.Unlock()
		v, _, err := build()
		return v, err
	}
	for {
		if e, ok := c.m[key]; ok {
			c.mu.Unlock()
			return e.v, nil
		}
		cl, busy := c.inflight[key]
		if !busy {
			break
		}
		c.mu.Unlock()
		<-cl.done
		if cl.err == nil {
			return cl.v, nil // even when too large to keep
		}
		c.mu.Lock()
	}
	cl, gen := &call[V]{done: make(chan struct{}), err: errAbandoned}, c.gen
	if c.inflight == nil {
		c.inflight = map[string]*call[V]{}
	}
	c.inflight[key] = cl
	c.mu.Unlock()
	n := 0
	defer func() { // also when build panics, so that no waiter waits forever
		c.mu.Lock()
		defer c.mu.Unlock()
		close(cl.done)
		if c.inflight[key] == cl {
			delete(c.inflight, key)
		}
		if cl.err == nil && gen == c.gen && n <= c.maxEntry {
			c.store(key, entry[V]{cl.v, n})
		}
	}()
	cl.v, n, cl.err = build()
	return cl.v, cl.err
}

// store keeps e under k, dropping other entries while the sizes exceed the bound.
func (c *Cache[V]) store(k string, e entry[V]) {
	if c.m == nil {
		c.m = map[string]entry[V]{}
	}
	for old, x := range c.m {
		if c.size+e.size <= c.max {
			break
		}
		delete(c.m, old)
		c.size -= x.size
	}
	c.m[k] = e
	c.size += e.size
}
