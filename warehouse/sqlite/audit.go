package sqlite

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"clusterscope"
)

const auditField = 500 // characters kept of each text field

// auditRow is an audit entry as stored, with its place in the chain.
// The hash covers at as stored, so that checking it needs no parsing.
type auditRow struct {
	id         int64
	at         string
	e          clusterscope.AuditEntry // At parsed from at
	prev, hash string
}

// sum is the row's hash: SHA-256 over its fields as netstrings ("len:bytes,")
// in a fixed order, the previous row's hash last. Netstrings make the
// encoding unambiguous whatever the fields hold.
func (r auditRow) sum() string {
	var b []byte
	for _, f := range []string{strconv.FormatInt(r.id, 10), r.at, r.e.Who, string(r.e.Action),
		r.e.Target, r.e.Detail, r.e.IP, r.prev} {
		b = append(strconv.AppendInt(b, int64(len(f)), 10), ':')
		b = append(append(b, f...), ',')
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Audit appends one entry to the audit log, chained to the one before, and
// commits it durably before returning. A zero At means now.
func (d *DB) Audit(e clusterscope.AuditEntry) error {
	if err := d.write(func(tx *sql.Tx) error { return appendAudit(tx, e) }); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// auditWith appends the entries es within tx, the write they record: the
// decision and its entry are committed together or not at all.
func auditWith(tx *sql.Tx, es []clusterscope.AuditEntry) error {
	for _, e := range es {
		if err := appendAudit(tx, e); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
	}
	return nil
}

// chain appends entries within one write transaction, keeping the end
// of the chain between them.
type chain struct {
	insert *sql.Stmt
	next   int64  // the id AUTOINCREMENT would give: one past any removed
	prev   string // the last entry's hash
}

func newChain(tx *sql.Tx) (*chain, error) {
	c := &chain{}
	err := tx.QueryRow(`SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0) + 1,
		coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), '')`).Scan(&c.next, &c.prev)
	if err == nil {
		c.insert, err = tx.Prepare(`INSERT INTO audit (` + auditColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	}
	return c, err
}

func (c *chain) add(e clusterscope.AuditEntry) error {
	r := auditRow{id: c.next, at: formatTime(e.At), e: e, prev: c.prev}
	r.hash = r.sum()
	if _, err := c.insert.Exec(r.id, r.at, e.Who, e.Action, e.Target, e.Detail, e.IP, r.prev, r.hash); err != nil {
		return err
	}
	c.next, c.prev = c.next+1, r.hash
	return nil
}

// appendAudit appends e within a write transaction. A zero At means now.
func appendAudit(tx *sql.Tx, e clusterscope.AuditEntry) error {
	if !e.Action.Valid() {
		return fmt.Errorf("unknown action %q", e.Action)
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.Who, e.Target, e.Detail, e.IP = clip(e.Who), clip(e.Target), clip(e.Detail), clip(e.IP)
	c, err := newChain(tx)
	if err != nil {
		return err
	}
	defer c.insert.Close()
	return c.add(e)
}

// AuditLog returns up to limit entries, newest first; limit ≤ 0 means all.
func (d *DB) AuditLog(limit int) ([]clusterscope.AuditEntry, error) {
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	return list(d.db, "audit log", func(r *sql.Rows) (clusterscope.AuditEntry, error) {
		row, err := scanAudit(r)
		if err == nil {
			row.e.At, err = parseTime(row.at)
		}
		return row.e, err
	}, `SELECT `+auditColumns+` FROM audit ORDER BY id DESC LIMIT ?`, limit)
}

const auditColumns = `id, at, who, action, target, detail, ip, prev_hash, hash`

func scanAudit(rows *sql.Rows) (auditRow, error) {
	var r auditRow
	err := rows.Scan(&r.id, &r.at, &r.e.Who, &r.e.Action, &r.e.Target, &r.e.Detail, &r.e.IP, &r.prev, &r.hash)
	return r, err
}

// clip keeps the first auditField characters of s, so that nobody can fill
// the disk through a login form.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= auditField {
		return s
	}
	return string([]rune(s)[:auditField]) + "…"
}
