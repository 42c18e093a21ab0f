package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// AuditCheck is what walking the audit chain found.
type AuditCheck struct {
	Entries int64 // entries in the log
	// Head is the last entry's hash. The chain proves that no entry was
	// changed or removed since; noted down elsewhere (with a backup, on
	// paper), it also proves that the chain was not rewritten whole.
	Head    string
	BadID   int64  // the first entry altered or removed; 0 when the chain is whole
	Problem string // what is wrong with BadID, in Chinese
}

// OK reports whether the chain is whole.
func (c AuditCheck) OK() bool { return c.BadID == 0 }

// VerifyAudit walks the audit chain from the first entry and reports the
// first one that was altered or removed.
func (d *DB) VerifyAudit() (AuditCheck, error) { return verifyAudit(d.db) }

func verifyAudit(db *sql.DB) (c AuditCheck, err error) {
	// One read transaction: the rows and the sequence from one snapshot,
	// even while others append.
	err = readTx(db, func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT ` + auditColumns + ` FROM audit ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var prev auditRow // before the first: id 0, hash ""
		for rows.Next() {
			r, err := scanAudit(rows)
			if err != nil {
				return err
			}
			if c.BadID, c.Problem = broken(prev, r); c.BadID != 0 {
				return nil
			}
			c.Entries, c.Head, prev = c.Entries+1, r.hash, r
		}
		if err := rows.Err(); err != nil {
			return err
		}
		var seq int64
		err = tx.QueryRow(`SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0)`).Scan(&seq)
		if err == nil && seq > prev.id {
			c.BadID, c.Problem = prev.id+1, removed(prev.id+1, seq)
		}
		return err
	})
	if err != nil {
		return c, fmt.Errorf("verify audit log: %w", err)
	}
	return c, nil
}

// broken returns the first entry that r shows altered or removed, given
// the entry before it, and why; 0 when r follows prev as it should.
func broken(prev, r auditRow) (int64, string) {
	switch {
	case r.id != prev.id+1:
		return prev.id + 1, removed(prev.id+1, r.id-1)
	case r.sum() != r.hash:
		return r.id, fmt.Sprintf("第 %d 条审计记录被改动过：内容与其哈希不符", r.id)
	case r.prev != prev.hash && prev.id == 0:
		return r.id, fmt.Sprintf("第 %d 条审计记录被改动过：第一条不应指向更早的记录", r.id)
	case r.prev != prev.hash:
		return prev.id, fmt.Sprintf("第 %d 条审计记录被改动过：其哈希与第 %d 条所记的不符", prev.id, r.id)
	}
	return 0, ""
}

func removed(from, to int64) string {
	if from == to {
		return fmt.Sprintf("第 %d 条审计记录已被删除", from)
	}
	return fmt.Sprintf("第 %d–%d 条审计记录已被删除", from, to)
}

// readTx runs fn in a read transaction: one snapshot of the database,
// which writers in WAL mode do not wait for.
func readTx(db *sql.DB, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}
