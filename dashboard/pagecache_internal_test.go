package dashboard

import (
	"errors"
	"testing"
)

// TestPageCacheFollowsTheClusters: at 100,000 clusters a national 目标监测
// view (about 42 MB) is kept, which the bound for 10,000 refuses.
func TestPageCacheFollowsTheClusters(t *testing.T) {
	for _, tt := range []struct {
		clusters int
		kept     bool
	}{{10_000, false}, {100_000, true}} {
		p := newPageCache()
		p.fit(tt.clusters)
		view := &kept{size: 42 << 20}
		p.views.Get("/api/monitor", func() (*kept, int, error) { return view, view.size, nil })
		got, _ := p.views.Get("/api/monitor", func() (*kept, int, error) { return nil, 0, errors.New("not kept") })
		if (got == view) != tt.kept {
			t.Errorf("%d clusters: a 42 MB view kept: %v, want %v", tt.clusters, got == view, tt.kept)
		}
	}
}
