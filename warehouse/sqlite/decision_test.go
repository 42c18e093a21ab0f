package sqlite_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

func step(who, state, why string) sqlite.Decision {
	return sqlite.Decision{Kind: "application", Subject: "NX-2022-01", Batch: 2022, State: state, Who: who, Why: why}
}

// The second of two officials acting on what they both read gets a
// conflict naming the first, and nothing of theirs is recorded.
func TestDecideConflict(t *testing.T) {
	db := open(t, t.TempDir())
	first, err := db.Decide(step("ningxia", "受理", "材料齐全"), 0)
	if err != nil || first.Version != 1 || first.At.IsZero() {
		t.Fatalf("first decision: %+v %v", first, err)
	}
	// Both read version 1; zhongwei acts first.
	read, _ := db.Current("application", "NX-2022-01", 2022)
	won, err := db.Decide(step("zhongwei", "初审通过", "指标达标"), read.Version)
	if err != nil || won.Version != 2 {
		t.Fatalf("zhongwei's decision: %+v %v", won, err)
	}
	_, err = db.Decide(step("ningxia", "退回", "材料不全"), read.Version)
	when := won.At.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04:05")
	wantError(t, err, clusterscope.ECONFLICT, "已被 zhongwei 于 "+when+" 更新，请刷新后重试")
	var stale *sqlite.Stale
	if !errors.As(err, &stale) || stale.Current.Who != "zhongwei" || stale.Current.Version != 2 || stale.Expected != 1 {
		t.Errorf("conflict detail: %+v", stale)
	}
	hist, err := db.History("application", "NX-2022-01", 2022)
	if err != nil || len(hist) != 2 || hist[1].State != "初审通过" {
		t.Errorf("history after the conflict: %+v %v; want the two decisions that were taken", hist, err)
	}
	// A version nobody has seen is the caller's mistake, not a conflict.
	_, err = db.Decide(step("ningxia", "退回", "材料不全"), 7)
	wantError(t, err, clusterscope.EINVALID, "没有第 7 版")
	// Acting on the current version works.
	if d, err := db.Decide(step("ningxia", "退回", "材料不全"), 2); err != nil || d.Version != 3 {
		t.Errorf("decision on the current version: %+v %v", d, err)
	}
}

// Many processes' worth of officials deciding on one version at once: one
// wins, every other gets the conflict.
func TestConcurrentDecisionsOneWins(t *testing.T) {
	dir := t.TempDir()
	if _, err := open(t, dir).Decide(step("ningxia", "受理", "材料齐全"), 0); err != nil {
		t.Fatal(err)
	}
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		db := open(t, dir) // each with connections of its own
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = db.Decide(step("official", "初审通过", "同时审核"), 1)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else if clusterscope.ErrorCode(err) != clusterscope.ECONFLICT || !strings.Contains(err.Error(), "请刷新后重试") {
			t.Errorf("loser's error: %v", err)
		}
	}
	hist, _ := open(t, dir).History("application", "NX-2022-01", 2022)
	if won != 1 || len(hist) != 2 {
		t.Errorf("%d of %d won, %d decisions recorded; want 1 and 2", won, n, len(hist))
	}
}

func TestDecisionHistoryAndPastState(t *testing.T) {
	db := open(t, t.TempDir())
	r := raw(t, db.Path())
	// Decisions of earlier days, as Decide would have recorded them.
	for i, row := range []struct{ state, at string }{
		{"受理", "2026-03-01T08:00:00Z"}, {"初审通过", "2026-03-05T08:00:00Z"}, {"推荐", "2026-03-09T08:00:00Z"},
	} {
		sqlExec(t, r, `INSERT INTO decisions (subject_kind, subject_id, batch, version, state, who, at, why)
			VALUES ('application', 'NX-2022-01', 2022, ?, ?, 'ningxia', ?, '理由')`, i+1, row.state, row.at)
	}
	tests := []struct {
		at      string
		version int64
		state   string
	}{
		{"2026-02-28T00:00:00Z", 0, ""},
		{"2026-03-01T08:00:00Z", 1, "受理"},
		{"2026-03-06T00:00:00Z", 2, "初审通过"},
		{"2026-04-01T00:00:00Z", 3, "推荐"},
	}
	for _, tt := range tests {
		at, _ := time.Parse(time.RFC3339, tt.at)
		got, err := db.StateAt("application", "NX-2022-01", 2022, at)
		if err != nil || got.Version != tt.version || got.State != tt.state {
			t.Errorf("state at %s: %+v %v; want version %d %q", tt.at, got, err, tt.version, tt.state)
		}
	}
	if _, err := db.Decide(sqlite.Decision{Kind: "application", Subject: "NX-2022-02", Batch: 2022, State: "受理", Who: "a", Why: "b"}, 0); err != nil {
		t.Fatal(err)
	}
	cur, err := db.Decisions("application", 2022)
	if err != nil || len(cur) != 2 || cur[0].State != "推荐" || cur[1].Subject != "NX-2022-02" {
		t.Errorf("current decisions of 2022: %+v %v", cur, err)
	}
	if none, _ := db.Current("cluster", "NX-2022-01", 2022); none.Version != 0 {
		t.Errorf("another kind of subject shares the history: %+v", none)
	}
}

func TestDecideRefuses(t *testing.T) {
	db := open(t, t.TempDir())
	tests := []struct {
		name string
		d    sqlite.Decision
		msg  string
	}{
		{"no_why", step("ningxia", "受理", " "), "理由"},
		{"no_who", step("", "受理", "材料齐全"), "决定人"},
		{"no_state", step("ningxia", "", "材料齐全"), "状态"},
		{"long_why", step("ningxia", "受理", strings.Repeat("理", 501)), "501 字"},
		{"bad_batch", sqlite.Decision{Kind: "application", Subject: "NX-01", Batch: 1999, State: "受理", Who: "a", Why: "b"}, "批次「1999」"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Decide(tt.d, 0)
			wantError(t, err, clusterscope.EINVALID, tt.msg)
		})
	}
	if _, err := db.Decide(sqlite.Decision{Kind: "Bad Kind", Subject: "NX-01", Batch: 2022, State: "s", Who: "w", Why: "y"}, 0); err == nil {
		t.Error("a malformed subject kind was accepted")
	}
	if cur, _ := db.Decisions("application", 2022); len(cur) != 0 {
		t.Errorf("refused decisions were stored: %+v", cur)
	}
}

// A step's facts (a date, who went, findings) are kept with it and shown in
// its history as they were recorded; facts that cannot be kept are refused.
func TestDecisionFacts(t *testing.T) {
	db := open(t, t.TempDir())
	visit := step("zhongwei", "实地审查通过", "园区与申报一致")
	visit.Facts = map[string]string{"visited_on": "2022-10-12", "visitors": "张三、李四", "findings": "主导产业企业 86 家，与申报一致"}
	if _, err := db.Decide(visit, 0); err != nil {
		t.Fatal(err)
	}
	plain, err := db.Decide(step("zhongwei", "推荐", "名额内"), 1)
	if err != nil {
		t.Fatal(err)
	}
	hist, err := db.History("application", "NX-2022-01", 2022)
	if err != nil || len(hist) != 2 {
		t.Fatalf("history %+v %v", hist, err)
	}
	if hist[0].Facts["visitors"] != "张三、李四" || hist[0].Facts["visited_on"] != "2022-10-12" || len(hist[0].Facts) != 3 {
		t.Errorf("facts read back: %+v", hist[0].Facts)
	}
	if len(hist[1].Facts) != 0 || plain.Version != 2 {
		t.Errorf("a step without facts: %+v", hist[1])
	}
	bad := step("zhongwei", "推荐", "x")
	bad.Facts = map[string]string{"Visited On": "2022"}
	_, err = db.Decide(bad, 2)
	wantError(t, err, clusterscope.EINVALID, "决定所记「Visited On」无效")
	bad.Facts = map[string]string{"findings": strings.Repeat("很", 5000)}
	_, err = db.Decide(bad, 2)
	wantError(t, err, clusterscope.EINVALID, "内容最多")
}

// A decision and its audit entry are one write: a refused decision leaves
// no entry, an accepted one leaves exactly one.
func TestDecisionAuditedInOneWrite(t *testing.T) {
	db := open(t, t.TempDir())
	entry := clusterscope.AuditEntry{Who: "zhongwei", Action: clusterscope.AuditOverride, Target: "2022/NX-2022-01", Detail: "受理"}
	if _, err := db.Decide(step("zhongwei", "受理", "材料齐全"), 0, entry); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Decide(step("ningxia", "退回", "材料不全"), 0, entry); clusterscope.ErrorCode(err) != clusterscope.ECONFLICT {
		t.Fatalf("a decision on a stale version: %v", err)
	}
	log, err := db.AuditLog(0)
	if err != nil || len(log) != 1 || log[0].Who != "zhongwei" {
		t.Errorf("audit log %+v %v: want the one accepted decision's entry", log, err)
	}
}

// TestLogHoldsEveryHistory: the log of a kind is each subject's history,
// oldest first, subject after subject; the stamp moves with each decision.
func TestLogHoldsEveryHistory(t *testing.T) {
	db := open(t, t.TempDir())
	stamp := db.DecisionsStamp()
	for _, d := range []sqlite.Decision{
		{Kind: "cluster", Subject: "B", Batch: 2022, State: "province_pass", Who: "nx", Why: "x"},
		{Kind: "cluster", Subject: "A", Batch: 2023, State: "province_pass", Who: "nx", Why: "x"},
		{Kind: "cluster", Subject: "B", Batch: 2022, State: "renewed", Who: "mi", Why: "y"},
	} {
		cur, _ := db.Current(d.Kind, d.Subject, d.Batch)
		if _, err := db.Decide(d, cur.Version); err != nil {
			t.Fatal(err)
		}
		if s := db.DecisionsStamp(); s == stamp {
			t.Errorf("stamp %s unchanged after a decision on %s", s, d.Subject)
		} else {
			stamp = s
		}
	}
	log, err := db.Log("cluster")
	var got []string
	for _, d := range log {
		got = append(got, d.Subject+":"+d.State)
	}
	if err != nil || strings.Join(got, " ") != "B:province_pass B:renewed A:province_pass" {
		t.Errorf("log %v %v", got, err)
	}
}
