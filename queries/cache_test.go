package queries_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"clusterscope/queries"
)

// TestCacheKeepsWithinBounds: answers are kept, but none over the entry
// bound, and no more than the bound holds in all.
func TestCacheKeepsWithinBounds(t *testing.T) {
	tests := []struct {
		name  string
		sizes []int // of the answers asked, in order
		kept  int
	}{
		{"small answers are kept", []int{1, 2, 3}, 3},
		{"an answer over the entry bound is not", []int{5, 1}, 1},
		{"past the bound one is dropped", []int{4, 4, 4}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := queries.NewCache[string](10, 4)
			for i, n := range tt.sizes {
				c.Get(string(rune('a'+i)), func() (string, int, error) { return "v", n, nil })
			}
			kept := 0
			for i := range tt.sizes { // a failing build is not kept: probing changes nothing
				if v, _ := c.Get(string(rune('a'+i)), func() (string, int, error) { return "", 0, errors.New("not kept") }); v == "v" {
					kept++
				}
			}
			if kept != tt.kept {
				t.Errorf("%d answers kept, want %d", kept, tt.kept)
			}
		})
	}
}

// TestCacheResize: a larger bound keeps what the smaller refused; a smaller
// one drops entries until the sizes fit.
func TestCacheResize(t *testing.T) {
	c := queries.NewCache[string](10, 5)
	kept := func(key string) bool {
		v, _ := c.Get(key, func() (string, int, error) { return "", 0, errors.New("not kept") })
		return v == "v"
	}
	c.Get("big", func() (string, int, error) { return "v", 8, nil })
	if kept("big") {
		t.Fatal("an entry over the entry bound was kept")
	}
	c.Resize(40, 20)
	c.Get("big", func() (string, int, error) { return "v", 8, nil })
	c.Get("big2", func() (string, int, error) { return "v", 8, nil })
	if !kept("big") || !kept("big2") {
		t.Fatal("entries within the larger bounds were not kept")
	}
	c.Resize(10, 5)
	if n := btoi(kept("big")) + btoi(kept("big2")); n != 1 {
		t.Errorf("%d entries of 8 kept within a bound of 10, want 1", n)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestCacheBuildsOnceAtATime: askers of the same key while it is built wait
// for it and share it, rather than all computing it.
func TestCacheBuildsOnceAtATime(t *testing.T) {
	c := queries.NewCache[string](10, 10)
	var runs atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			v, err := c.Get("k", func() (string, int, error) {
				runs.Add(1)
				<-release
				return "v", 1, nil
			})
			if v != "v" || err != nil {
				t.Errorf("got %q, %v", v, err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond) // let them all ask
	close(release)
	wg.Wait()
	if runs.Load() != 1 {
		t.Errorf("%d builds of one key asked at once, want 1", runs.Load())
	}
}

// TestCacheForgetsWhatFailedOrWasReset: a failed or panicking build, or one
// that began before Reset, is not kept; those waiting for it build their
// own instead of waiting forever or sharing an old snapshot's answer.
func TestCacheForgetsWhatFailedOrWasReset(t *testing.T) {
	tests := []struct {
		name  string
		first func(c *queries.Cache[string]) (string, int, error)
	}{
		{"error", func(*queries.Cache[string]) (string, int, error) { return "", 0, errors.New("gone") }},
		{"panic", func(*queries.Cache[string]) (string, int, error) { panic("bug") }},
		{"reset", func(c *queries.Cache[string]) (string, int, error) { c.Reset(); return "old", 1, nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := queries.NewCache[string](10, 10)
			started, release := make(chan struct{}), make(chan struct{})
			go func() {
				defer func() { recover() }()
				c.Get("k", func() (string, int, error) {
					close(started)
					<-release
					return tt.first(c)
				})
			}()
			<-started
			waiter := make(chan string)
			go func() {
				v, _ := c.Get("k", func() (string, int, error) { return "new", 1, nil })
				waiter <- v
			}()
			time.Sleep(20 * time.Millisecond) // let the waiter wait
			close(release)
			select {
			case v := <-waiter:
				if v != "new" && !(tt.name == "reset" && v == "old") {
					t.Errorf("waiter got %q", v)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the waiter still waits")
			}
			if v, _ := c.Get("k", func() (string, int, error) { return "again", 1, nil }); v == "old" || v == "" {
				t.Errorf("kept %q from the first build", v)
			}
		})
	}
}
