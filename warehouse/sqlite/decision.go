package sqlite

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"clusterscope"
)

// maxFacts bounds what one decision records besides its reason.
const maxFacts = 20

// Decision is the domain's decision, stored here.
type Decision = clusterscope.Decision

// Stale is the detail of the conflict that Decide returns when the subject
// changed since the caller read it: Current is the decision that came first.
type Stale struct {
	Expected int64
	Current  Decision
}

func (s *Stale) Error() string {
	return fmt.Sprintf("%s %s of %d: expected version %d, but version %d by %s at %s is current",
		s.Current.Kind, s.Current.Subject, s.Current.Batch, s.Expected, s.Current.Version,
		s.Current.Who, s.Current.At.Format(time.RFC3339))
}

// beijing is the time zone in which a conflict names the time.
var beijing = time.FixedZone("CST", 8*3600)

var kindPattern = regexp.MustCompile(`^[a-z][a-z_]{0,31}$`)

const decisionColumns = `subject_kind, subject_id, batch, version, state, who, at, why, facts`

// Decide records dec as the next state of its subject, provided the
// subject's current version is still expected (0: nothing decided yet).
// Otherwise nothing is recorded and the error, of kind ECONFLICT, says who
// changed it when; errors.As finds the *Stale with the detail. Decide
// returns the decision as recorded, with its version and time.
// The audit entry given, if any, is appended in the same write: a decision
// is never on record without its entry, nor an entry without it.
func (d *DB) Decide(dec Decision, expected int64, audit ...clusterscope.AuditEntry) (Decision, error) {
	switch len(audit) {
	case 0:
		return d.DecideAudited(dec, expected, nil)
	case 1:
		return d.DecideAudited(dec, expected, &audit[0])
	}
	return Decision{}, fmt.Errorf("decide: %d audit entries for one decision", len(audit))
}

// DecideAudited is Decide that appends the audit entry (its At the
// decision's) in the same transaction: a decision is never on record
// without its entry, nor the entry without it.
func (d *DB) DecideAudited(dec Decision, expected int64, entry *clusterscope.AuditEntry) (Decision, error) {
	var entries []clusterscope.AuditEntry
	if entry != nil {
		entries = []clusterscope.AuditEntry{*entry}
	}
	out, err := d.DecideAll([]Decision{dec}, []int64{expected}, entries)
	if err != nil {
		return Decision{}, err
	}
	return out[0], nil
}

// DecideAll records the decisions, each on its expected version and with
// its audit entry (entries is nil, or one per decision), in one
// transaction: all or none.
func (d *DB) DecideAll(decs []Decision, expected []int64, entries []clusterscope.AuditEntry) ([]Decision, error) {
	if len(expected) != len(decs) || entries != nil && len(entries) != len(decs) {
		return nil, fmt.Errorf("decide: %d decisions, %d versions, %d audit entries", len(decs), len(expected), len(entries))
	}
	out := make([]Decision, len(decs))
	at := now()
	for i, dec := range decs {
		dec.State, dec.Who, dec.Why = strings.TrimSpace(dec.State), strings.TrimSpace(dec.Who), strings.TrimSpace(dec.Why)
		if err := checkDecision(dec, expected[i]); err != nil {
			return nil, err
		}
		if entries != nil && !entries[i].Action.Valid() {
			return nil, fmt.Errorf("audit: unknown action %q", entries[i].Action)
		}
		dec.At = at
		out[i] = dec
	}
	err := d.write(func(tx *sql.Tx) error {
		for i := range out {
			if err := insertDecision(tx, &out[i], expected[i]); err != nil || entries == nil {
				if err != nil {
					return err
				}
				continue
			}
			e := entries[i]
			e.At, e.Who, e.Target, e.Detail, e.IP = at, clip(e.Who), clip(e.Target), clip(e.Detail), clip(e.IP)
			if err := appendAudit(tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// insertDecision records dec as the next version of its subject within a
// write transaction, when the current one is still expected.
func insertDecision(tx *sql.Tx, dec *Decision, expected int64) error {
	cur, err := latest(tx, "", dec.Kind, dec.Subject, dec.Batch)
	switch {
	case err != nil:
		return err
	case expected > cur.Version:
		return clusterscope.Errorf(clusterscope.EINVALID, "「%s」没有第 %d 版（现为第 %d 版），请刷新后重试",
			dec.Subject, expected, cur.Version)
	case expected < cur.Version:
		return &clusterscope.Error{Code: clusterscope.ECONFLICT,
			Message: fmt.Sprintf("已被 %s 于 %s 更新，请刷新后重试", cur.Who, cur.At.In(beijing).Format("2006-01-02 15:04:05")),
			Err:     &Stale{Expected: expected, Current: cur}}
	}
	dec.Version = cur.Version + 1
	facts, err := json.Marshal(dec.Facts)
	if err != nil || dec.Facts == nil {
		facts = []byte("{}")
	}
	_, err = tx.Exec(`INSERT INTO decisions (`+decisionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		dec.Kind, dec.Subject, dec.Batch, dec.Version, dec.State, dec.Who, formatTime(dec.At), dec.Why, string(facts))
	return err
}

func checkDecision(dec Decision, expected int64) error {
	switch {
	case !kindPattern.MatchString(dec.Kind) || !clusterscope.ValidClusterID(dec.Subject) || expected < 0:
		return fmt.Errorf("decide: bad subject %q %q or version %d", dec.Kind, dec.Subject, expected) // the caller's fault
	case dec.Batch < clusterscope.FirstBatch || dec.Batch > clusterscope.LastBatch:
		return clusterscope.Errorf(clusterscope.EINVALID, "批次「%d」无效：应为 %d–%d 之间的年份",
			dec.Batch, clusterscope.FirstBatch, clusterscope.LastBatch)
	case dec.State == "" || dec.Who == "" || dec.Why == "":
		return clusterscope.Errorf(clusterscope.EINVALID, "每个决定都须写明状态、决定人和理由")
	case utf8.RuneCountInString(dec.State) > 64:
		return clusterscope.Errorf(clusterscope.EINVALID, "状态「%s」过长：最多 64 字", dec.State)
	case utf8.RuneCountInString(dec.Why) > maxReason:
		return clusterscope.Errorf(clusterscope.EINVALID, "理由共 %d 字，超过 %d 字限制", utf8.RuneCountInString(dec.Why), maxReason)
	case len(dec.Facts) > maxFacts:
		return clusterscope.Errorf(clusterscope.EINVALID, "一个决定最多记 %d 项（现有 %d 项）", maxFacts, len(dec.Facts))
	}
	for k, v := range dec.Facts {
		if !kindPattern.MatchString(k) || utf8.RuneCountInString(v) > maxReason {
			return clusterscope.Errorf(clusterscope.EINVALID, "决定所记「%s」无效：名称应为小写字母、数字和 _，内容最多 %d 字", k, maxReason)
		}
	}
	return nil
}

// Current returns the subject's current decision; Version 0 when none.
func (d *DB) Current(kind, subject string, batch int) (Decision, error) {
	return d.stateWhere("", kind, subject, batch)
}

// StateAt returns the decision that was current at t; Version 0 when none.
func (d *DB) StateAt(kind, subject string, batch int, t time.Time) (Decision, error) {
	return d.stateWhere(`AND at <= ?`, kind, subject, batch, formatTime(t))
}

func (d *DB) stateWhere(cond, kind, subject string, batch int, args ...any) (Decision, error) {
	var dec Decision
	err := readTx(d.db, func(tx *sql.Tx) (err error) {
		dec, err = latest(tx, cond, kind, subject, batch, args...)
		return err
	})
	if err != nil {
		return Decision{}, fmt.Errorf("read decision on %s %s: %w", kind, subject, err)
	}
	return dec, nil
}

// latest returns the subject's decision of the highest version among those
// meeting cond (SQL added to the WHERE clause, or ""); Version 0 when none.
func latest(tx *sql.Tx, cond, kind, subject string, batch int, args ...any) (Decision, error) {
	row := tx.QueryRow(`SELECT `+decisionColumns+` FROM decisions
		WHERE subject_kind = ? AND subject_id = ? AND batch = ? `+cond+` ORDER BY version DESC LIMIT 1`,
		append([]any{kind, subject, batch}, args...)...)
	dec, err := scanDecision(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Decision{Kind: kind, Subject: subject, Batch: batch}, nil
	}
	return dec, err
}

// History returns every decision on the subject, oldest first.
func (d *DB) History(kind, subject string, batch int) ([]Decision, error) {
	return d.decisions(`subject_kind = ? AND subject_id = ? AND batch = ? ORDER BY version`, kind, subject, batch)
}

// Decisions returns the current decision of every subject of a kind in a
// batch, ordered by subject.
func (d *DB) Decisions(kind string, batch int) ([]Decision, error) {
	return d.decisions(`subject_kind = ? AND batch = ? AND version = (SELECT max(version) FROM decisions l
		WHERE l.subject_kind = decisions.subject_kind AND l.subject_id = decisions.subject_id AND l.batch = decisions.batch)
		ORDER BY subject_id`, kind, batch)
}

func (d *DB) decisions(where string, args ...any) ([]Decision, error) {
	return list(d.db, "decisions", func(r *sql.Rows) (Decision, error) { return scanDecision(r) },
		`SELECT `+decisionColumns+` FROM decisions WHERE `+where, args...)
}

func scanDecision(row interface{ Scan(...any) error }) (Decision, error) {
	var dec Decision
	var at, facts string
	err := row.Scan(&dec.Kind, &dec.Subject, &dec.Batch, &dec.Version, &dec.State, &dec.Who, &at, &dec.Why, &facts)
	if err == nil {
		dec.At, err = parseTime(at)
	}
	if err == nil && facts != "{}" {
		err = json.Unmarshal([]byte(facts), &dec.Facts)
	}
	return dec, err
}

// Log returns every decision on every subject of a kind, by batch, subject
// and version: the histories of them all in one read.
func (d *DB) Log(kind string) ([]Decision, error) {
	return d.decisions(`subject_kind = ? ORDER BY batch, subject_id, version`, kind)
}
