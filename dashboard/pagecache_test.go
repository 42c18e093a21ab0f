package dashboard_test

import (
	"encoding/json"
	"strings"
	"testing"

	"clusterscope/warehouse/warehousetest"
)

// TestCachedPagesFollowLoadsAndScope: a page served from the page cache is
// the same as a freshly built one, is per user scope, and is rebuilt after a load.
func TestCachedPagesFollowLoadsAndScope(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(fixtureRows), "\n")
	w := warehousetest.New(t)
	warehousetest.Load(t, w, "nx.csv", false, strings.Join(lines[:18], "\n"))
	ts := start(t, w)
	rows := func(user string) (int, string) {
		t.Helper()
		status, _, body := getAs(t, ts, user, "/api/compare?batch=2022")
		var r compareBody
		if err := json.Unmarshal(body, &r); err != nil || status != 200 || len(r.Tables) == 0 {
			t.Fatalf("%s: %d %s", user, status, body)
		}
		return len(r.Tables[len(r.Tables)-1].Rows), string(body)
	}
	n1, first := rows("ministry")
	n2, again := rows("ministry")
	if n1 != 2 || n2 != 2 || first != again {
		t.Fatalf("before the load: %d then %d rows; same body: %v", n1, n2, first == again)
	}
	if n, _ := rows("zhongwei"); n != 1 {
		t.Errorf("中卫 sees %d rows of the cached national page, want its 1", n)
	}
	warehousetest.Load(t, w, "more.csv", false, strings.Join(lines[18:], "\n"))
	if n, _ := rows("ministry"); n != 3 {
		t.Errorf("after a load: %d rows, want 3", n)
	}
}
