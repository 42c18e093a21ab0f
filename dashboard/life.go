package dashboard

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
)

// lifeState is what the lifecycle pages judge by: the list notices in
// force (the embedded ones then the administrator's, re-read when their
// folder changes) and the day they judge on.
type lifeState struct {
	mu      sync.Mutex
	notices []*clusterscope.ListNotice
	seen    time.Time
	read    bool
	asOf    time.Time // set by SetAsOf; zero: the clock
	clock   func() time.Time
}

// demoAsOf is the day the demo data is judged on unless the server is told
// another: the synthetic reports run to 2025, and in mid-2025 the 2022
// batch is in its 复核, the 2025 reports not yet due.
var demoAsOf = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)

// SetAsOf sets the day the lifecycle is judged on (the monitor.as_of setting, serve --as-of); the
// zero time returns to the clock.
func (s *Server) SetAsOf(t time.Time) {
	s.life.mu.Lock()
	defer s.life.mu.Unlock()
	s.life.asOf = t
}

// asOf is the day the lifecycle is judged on and how it was chosen, said
// on every page that judges by it.
func (s *Server) asOf(l lang) (time.Time, string) {
	s.life.mu.Lock()
	set, clock := s.life.asOf, s.life.clock
	s.life.mu.Unlock()
	switch {
	case !set.IsZero():
		return clusterscope.Day(set), trf(l, "判定日：%s（由设置 monitor.as_of 指定）", set.Format(time.DateOnly))
	case s.db.Demo():
		return demoAsOf, trf(l, "判定日：%s（演示数据的约定日期；可用设置 monitor.as_of 另定）", demoAsOf.Format(time.DateOnly))
	}
	if clock == nil {
		clock = time.Now
	}
	today := clusterscope.Day(clock())
	return today, trf(l, "判定日：%s（今天）", today.Format(time.DateOnly))
}

// refreshListNotices re-reads the list notices when their folder changed
// (or they were never read).
func (s *Server) refreshListNotices() error {
	var mod time.Time
	if st, err := os.Stat(filepath.Join(s.wh.Dir(), warehouse.ListDir)); err == nil {
		mod = st.ModTime()
	}
	ls := &s.life
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.read && mod.Equal(ls.seen) {
		return nil
	}
	notices, err := s.wh.AllListNotices()
	if err != nil {
		return err
	}
	ls.notices, ls.seen, ls.read = notices, mod, true
	return nil
}

// listNotices are the list notices in force now.
func (s *Server) listNotices() []*clusterscope.ListNotice {
	s.life.mu.Lock()
	defer s.life.mu.Unlock()
	return s.life.notices
}

// lifeStamp changes with what the lifecycle is judged by besides the
// snapshot: the list notices, the as-of day and the decisions taken.
func (s *Server) lifeStamp() string {
	s.life.mu.Lock()
	seen := s.life.seen.UnixNano()
	s.life.mu.Unlock()
	day, _ := s.asOf(zh)
	return fmt.Sprintf("%d|%s|%s", seen, date(day), s.wh.DecisionsStamp())
}
