package sqlite

import (
	"database/sql"
	"strings"
	"unicode/utf8"

	"clusterscope"
)

const maxReason = 500 // characters of an override's or a decision's reason

// current is the condition of an override row that is its cluster's latest.
const current = `o.id = (SELECT max(id) FROM overrides WHERE batch = o.batch AND cluster = o.cluster)`

// Overrides returns the officials' recorded decisions to admit clusters
// that did not pass the criteria, for one batch, oldest first: each
// cluster's latest row, unless that row withdrew it.
func (d *DB) Overrides(batch int) ([]clusterscope.Override, error) {
	return d.overrides(`o.batch = ? AND o.kind = 'admit' AND `+current, batch)
}

// OverrideHistory returns every decision on one cluster of a batch, oldest
// first; a withdrawal has an empty Reason.
func (d *DB) OverrideHistory(batch int, cluster string) ([]clusterscope.Override, error) {
	return d.overrides(`o.batch = ? AND o.cluster = ?`, batch, cluster)
}

func (d *DB) overrides(where string, args ...any) ([]clusterscope.Override, error) {
	return list(d.db, "overrides", func(r *sql.Rows) (o clusterscope.Override, err error) {
		var at string
		if err = r.Scan(&o.ClusterID, &o.By, &o.Reason, &at); err == nil {
			o.At, err = parseTime(at)
		}
		return o, err
	}, `SELECT cluster, who, reason, at FROM overrides o WHERE `+where+` ORDER BY id`, args...)
}

// OverridesStamp changes whenever the overrides do: pages judged with them
// are cached under it. It names this database too, so that a restored one
// never passes for the one it replaced.
func (d *DB) OverridesStamp() string { return d.stampOf("overrides") }

// AddOverride records who admitted which cluster of a batch, and why. A
// later decision on the same cluster replaces the earlier one; an empty
// reason withdraws it. Earlier decisions are kept (OverrideHistory).
// The entries given are appended to the audit log in the same write.
func (d *DB) AddOverride(batch int, o clusterscope.Override, audit ...clusterscope.AuditEntry) error {
	o.Reason = strings.TrimSpace(o.Reason)
	if n := utf8.RuneCountInString(o.Reason); n > maxReason {
		return clusterscope.Errorf(clusterscope.EINVALID, "理由共 %d 字，超过 %d 字限制", n, maxReason)
	}
	if !clusterscope.ValidClusterID(o.ClusterID) || o.By == "" {
		return clusterscope.Errorf(clusterscope.EINVALID, "破格推荐须写明集群和决定人")
	}
	kind := "admit"
	if o.Reason == "" {
		kind = "withdraw"
	}
	return d.write(func(tx *sql.Tx) error {
		var admitted bool
		err := tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM overrides o WHERE batch = ? AND cluster = ? AND kind = 'admit' AND `+current+`)`,
			batch, o.ClusterID).Scan(&admitted)
		if err != nil || (kind == "withdraw" && !admitted) {
			return err // withdrawing what is not admitted changes nothing
		}
		_, err = tx.Exec(`INSERT INTO overrides (batch, cluster, kind, reason, who, at) VALUES (?, ?, ?, ?, ?, ?)`,
			batch, o.ClusterID, kind, o.Reason, o.By, formatTime(now()))
		if err != nil {
			return err
		}
		return auditWith(tx, audit)
	})
}
