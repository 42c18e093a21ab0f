package dashboard

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"clusterscope"
	"clusterscope/queries"
)

// judged keeps the 复核's judgments of the figures (RecheckFigures) for the
// snapshot in use, per cluster, by all they follow from besides the
// snapshot: the term, the rule set and the years whose reports were
// received. Decisions count only through the term they give. A renewal, a
// new rule set or a report received since changes the key of only the
// clusters it concerns, so that the 复核 and 动态管理 ask DuckDB again for
// those alone (issue 17). They are kept beside the snapshot file, so that
// a restarted server has them: see keepJudgments.
type judged struct {
	mu    sync.Mutex
	file  string // where they are kept; "" in memory only
	m     map[judgedKey]clusterscope.Recheck
	added bool                             // since the file was written
	sets  map[*clusterscope.RuleSet]string // each set's key
	read  sync.Once                        // the file, when first asked: see judgments
}

type judgedKey struct {
	Batch    int
	ID       string
	Term     clusterscope.Term
	RuleSet  string // Ref and a digest of the set's contents
	Received string // the years, "2023,2024"
}

func newJudged(file string) *judged {
	return &judged{file: file, m: map[judgedKey]clusterscope.Recheck{}, sets: map[*clusterscope.RuleSet]string{}}
}

// key is what the figures' judgment of d's term by rs follows from, with
// the years received (ReceivedYears of d's reports).
func (j *judged) key(d *dueRow, rs *clusterscope.RuleSet, term clusterscope.Term, received []int) judgedKey {
	j.mu.Lock()
	set, ok := j.sets[rs]
	if !ok {
		b, _ := json.Marshal(rs) // a set is plain data: names, numbers, lists
		sum := sha256.Sum256(b)
		set = rs.Ref() + "#" + hex.EncodeToString(sum[:8])
		j.sets[rs] = set
	}
	j.mu.Unlock()
	text := make([]string, len(received))
	for i, y := range received {
		text[i] = fmt.Sprint(y)
	}
	return judgedKey{Batch: d.Batch, ID: d.ID, Term: term, RuleSet: set, Received: strings.Join(text, ",")}
}

func (j *judged) get(k judgedKey) (clusterscope.Recheck, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	r, ok := j.m[k]
	return r, ok
}

// put keeps r without the criteria and the targets, which only the
// chosen cluster's detail shows (and is judged afresh for).
func (j *judged) put(k judgedKey, r clusterscope.Recheck) {
	r.Criteria, r.Targets = nil, nil
	j.mu.Lock()
	defer j.mu.Unlock()
	j.m[k] = r
	j.added = true
}

// keptRecheck is one judgment as the file holds it.
type keptRecheck struct {
	Key     judgedKey
	Recheck clusterscope.Recheck
}

func init() {
	// the arguments of the reasons' messages, which gob sends by type
	gob.Register(clusterscope.Message{})
	gob.Register(clusterscope.Messages{})
	gob.Register(clusterscope.Word(""))
}

// save writes the judgments to the file if some were added, atomically.
// A file that cannot be written costs only the time to judge again.
func (j *judged) save() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.file == "" || !j.added {
		return nil
	}
	rows := make([]keptRecheck, 0, len(j.m))
	for k, r := range j.m {
		rows = append(rows, keptRecheck{k, r})
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(rows); err != nil {
		return fmt.Errorf("keep the recheck judgments: %w", err)
	}
	tmp := j.file + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("keep the recheck judgments: %w", err)
	}
	if err := os.Rename(tmp, j.file); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("keep the recheck judgments: %w", err)
	}
	j.added = false
	return nil
}

// load reads the file, if there is one.
func (j *judged) load() error {
	if j.file == "" {
		return nil
	}
	b, err := os.ReadFile(j.file)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		return fmt.Errorf("read the recheck judgments: %w", err)
	}
	var rows []keptRecheck
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&rows); err != nil {
		return fmt.Errorf("read the recheck judgments %s: %w", j.file, err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, r := range rows {
		j.m[r.Key] = r.Recheck
	}
	return nil
}

// judgedFile is where the judgments of the snapshot file are kept: beside
// it, named after it and this build (a new one may judge otherwise).
func judgedFile(snapshot, build string) string {
	if snapshot == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(build))
	return snapshot + ".judged-" + hex.EncodeToString(sum[:6]) + ".gob"
}

// buildIdentity tells one build of the program from another: its version
// and the executable's size and time.
func buildIdentity(version string) string {
	id := version
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			id += fmt.Sprintf("|%s|%d|%d", exe, st.Size(), st.ModTime().UnixNano())
		}
	}
	return id
}

// keepJudgments starts the snapshot's judgments: those kept beside its
// file (read when first needed), or, when there are none, the national
// 复核 of this year, which 动态管理 and the 复核 open on, judged now and
// kept. Refresh calls it with the new snapshot in use; what fails is
// logged, and costs only the time to judge on the first page.
func (s *Server) keepJudgments() {
	snapshot := s.db.SnapshotFile()
	j := newJudged(judgedFile(snapshot, buildIdentity(s.opts.Version)))
	s.judgedMu.Lock()
	s.judged = j
	s.judgedMu.Unlock()
	if j.file == "" {
		return
	}
	// another build's are not read again: a new binary judges afresh
	others, _ := filepath.Glob(snapshot + ".judged-*.gob")
	for _, f := range others {
		if f != j.file {
			os.Remove(f)
		}
	}
	if _, err := os.Stat(j.file); err == nil {
		return // read by the first page that judges: at 100k it takes a second
	}
	asOf, _ := s.asOf(zh)
	if _, _, err := s.rechecks(context.Background(), clusterscope.All, queries.Filter{}, asOf, asOf.Year(), ""); err != nil {
		s.log.Warn("judge this year's rechecks", "err", err)
	}
}

// judgments are the current snapshot's, read from their file the first
// time; a file that cannot be read is judged again.
func (s *Server) judgments() *judged {
	s.judgedMu.Lock()
	if s.judged == nil {
		s.judged = newJudged("")
	}
	j := s.judged
	s.judgedMu.Unlock()
	j.read.Do(func() {
		if err := j.load(); err != nil {
			s.log.Warn("judgments not read: judged again", "err", err)
		}
	})
	return j
}

// unjudged is a due row to judge, with what its judgment follows from.
type unjudged struct {
	*dueRow
	key      judgedKey
	set      *clusterscope.RuleSet // in force in the year of the 复核
	term     clusterscope.Term
	received []int
}

// keptFor finds the kept judgments of due (not detail's, judged whole),
// and returns the rows still to judge.
func (s *Server) keptFor(j *judged, due []*dueRow, termEnd int, detail string) []unjudged {
	var todo []unjudged
	for _, d := range due {
		in := d.Cluster
		in.Batch = termEnd
		u := unjudged{dueRow: d, set: s.ruleSetFor(in), term: termEnding(d.Life, termEnd), received: clusterscope.ReceivedYears(d.Reports)}
		u.key = j.key(d, u.set, u.term, u.received)
		if r, ok := j.get(u.key); ok && d.ID != detail {
			d.Recheck = r.WithReports(d.Reports)
			continue
		}
		todo = append(todo, u)
	}
	return todo
}
