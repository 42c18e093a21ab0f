package warehouse

import (
	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

// The audit log is a table of the state database that nothing updates or
// deletes from, each entry chained to the one before by a hash.

// Audit appends one entry to the audit log and commits it durably before
// returning. A zero At means now.
func (w *Warehouse) Audit(e clusterscope.AuditEntry) error { return w.state.Audit(e) }

// AuditLog returns up to limit entries, newest first; limit ≤ 0 means all.
func (w *Warehouse) AuditLog(limit int) ([]clusterscope.AuditEntry, error) {
	return w.state.AuditLog(limit)
}

// VerifyAudit walks the audit chain and reports the first entry that was
// altered or removed.
func (w *Warehouse) VerifyAudit() (sqlite.AuditCheck, error) { return w.state.VerifyAudit() }
