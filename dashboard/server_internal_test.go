package dashboard

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"clusterscope"
)

// SetExportGate lets the tests of dashboard_test bound the exports with a
// short wait instead of a user's ten seconds.
func (s *Server) SetExportGate(overall int, wait time.Duration) { s.exports = newGate(overall, wait) }

// TestStatusOf: every error kind has its HTTP status, and a kind the table
// does not know is a 500, not a status 0 that net/http refuses to write.
func TestStatusOf(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{clusterscope.Errorf(clusterscope.EINVALID, "x"), http.StatusBadRequest},
		{clusterscope.Errorf(clusterscope.ENOTFOUND, "x"), http.StatusNotFound},
		{clusterscope.Errorf(clusterscope.ECONFLICT, "x"), http.StatusConflict},
		{clusterscope.Errorf(clusterscope.EFORBIDDEN, "x"), http.StatusForbidden},
		{clusterscope.Errorf(clusterscope.EINTERNAL, "x"), http.StatusInternalServerError},
		{clusterscope.Errorf(clusterscope.EUNAVAILABLE, "x"), http.StatusServiceUnavailable},
		{clusterscope.Errorf("no-such-kind", "x"), http.StatusInternalServerError},
		{errors.New("plain"), http.StatusInternalServerError},
	} {
		if got := statusOf(c.err); got != c.want {
			t.Errorf("%q: %d, want %d", clusterscope.ErrorCode(c.err), got, c.want)
		}
	}
}

// TestExportGateLetsGo: a request whose client gave up leaves the queue at
// once, not after the wait, and a user's entry goes with their last request.
func TestExportGateLetsGo(t *testing.T) {
	g := newGate(1, time.Minute)
	leave, err := g.enter(context.Background(), "zw")
	if err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if _, err := g.enter(gone, "zw"); !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Errorf("a cancelled wait: %v after %v", err, time.Since(start))
	}
	leave()
	if len(g.users) != 0 || len(g.all) != 0 {
		t.Errorf("after the last export: %d users, %d slots taken", len(g.users), len(g.all))
	}
}
