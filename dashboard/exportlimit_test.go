package dashboard_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"clusterscope/dashboard/render"
)

// slowRenderer stands in for Chromium: a render lasts until release is
// closed. It notes each start and the renders running at once, overall and
// per session (the session cookie tells the users apart).
type slowRenderer struct {
	started chan render.Request
	release chan struct{}

	mu      sync.Mutex
	running map[string]int
	all     int
	errs    []string
}

func newSlowRenderer() *slowRenderer {
	return &slowRenderer{started: make(chan render.Request, 16), release: make(chan struct{}), running: map[string]int{}}
}

func (r *slowRenderer) Render(ctx context.Context, req render.Request) ([]byte, error) {
	var who string
	for _, c := range req.Cookies {
		who += c.Name + "=" + c.Value + ";"
	}
	r.mu.Lock()
	r.all++
	if r.running[who]++; r.running[who] > 1 {
		r.errs = append(r.errs, "two renders of one user at once")
	}
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.all--
		r.running[who]--
		r.mu.Unlock()
	}()
	r.started <- req
	select {
	case <-r.release:
		return []byte("%PDF-1.7 fake"), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type exportResult struct {
	status  int
	header  http.Header
	body    string
	elapsed time.Duration
}

// exportAsync asks for the compare page's PDF as user; the answer comes on
// the channel.
func exportAsync(t *testing.T, ts *testServer, user string) <-chan exportResult {
	out := make(chan exportResult, 1)
	go func() {
		start := time.Now()
		res, err := ts.clients[user].Get(ts.URL + "/export/compare.pdf?batch=2022")
		if err != nil {
			t.Error(err)
			close(out)
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Error(err)
		}
		out <- exportResult{res.StatusCode, res.Header, string(b), time.Since(start)}
	}()
	return out
}

// TestExportsAreBoundedPerUser: a read-only user's second PDF export waits
// for the first and, past the wait, is told in Chinese that exports are busy
// (503, Retry-After), while another user's export still runs; a third user
// past the overall bound waits likewise; a queued export runs once the one
// before it ends.
func TestExportsAreBoundedPerUser(t *testing.T) {
	ts := newServer(t, fixtureRows)
	fake := newSlowRenderer()
	ts.srv.SetRenderer(fake)
	ts.srv.BaseURL = ts.URL
	const wait = 500 * time.Millisecond
	ts.srv.SetExportGate(2, wait)

	startedWithin := func(what string) bool {
		t.Helper()
		select {
		case <-fake.started:
			return true
		case <-time.After(5 * time.Second):
			t.Errorf("%s: no render started", what)
			return false
		}
	}
	// busy expects the answer to be a busy 503 after the wait, and no render.
	busy := func(what string, answer <-chan exportResult, why string) {
		t.Helper()
		select {
		case <-fake.started:
			t.Errorf("%s rendered at once, past the bound", what)
		case r := <-answer:
			if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" ||
				!strings.Contains(r.body, "导出繁忙，请稍后再试") || !strings.Contains(r.body, why) {
				t.Errorf("%s: %d, Retry-After %q: %s", what, r.status, r.header.Get("Retry-After"), r.body)
			}
			if r.elapsed < wait {
				t.Errorf("%s: refused after %v, before the wait of %v", what, r.elapsed, wait)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: no answer", what)
		}
	}

	first := exportAsync(t, ts, "zhongwei")
	if !startedWithin("the first export") {
		t.FailNow()
	}
	busy("zhongwei's second export", exportAsync(t, ts, "zhongwei"), "您的上一个导出尚未完成")
	other := exportAsync(t, ts, "guangdong")
	startedWithin("another user's export, while the first runs")
	busy("a third user's export (overall bound 2)", exportAsync(t, ts, "ministry"), "其他用户的导出正在进行")

	queued := exportAsync(t, ts, "zhongwei")
	time.Sleep(wait / 5) // queued behind zhongwei's first
	close(fake.release)
	for name, ch := range map[string]<-chan exportResult{"first": first, "other": other, "queued": queued} {
		if r := <-ch; r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF") {
			t.Errorf("%s export: %d %.200s", name, r.status, r.body)
		}
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	for _, e := range fake.errs {
		t.Error(e)
	}
}
