package sqlite

import (
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"clusterscope"
)

// Histories returns every decision on every subject of a kind in a batch,
// by subject, oldest first: a review desk reads a batch at once.
func (d *DB) Histories(kind string, batch int) (map[string][]Decision, error) {
	all, err := d.decisions(`subject_kind = ? AND batch = ? ORDER BY subject_id, version`, kind, batch)
	if err != nil {
		return nil, err
	}
	out := map[string][]Decision{}
	for _, dec := range all {
		out[dec.Subject] = append(out[dec.Subject], dec)
	}
	return out, nil
}

// DecisionsStamp changes whenever a decision is recorded: pages that show
// decisions are cached under it. It names this database too, as
// OverridesStamp does.
func (d *DB) DecisionsStamp() string { return d.stampOf("decisions") }

// stampOf names the last row of an append-only table of this database; a
// failed read gives a stamp no other read gives, so that nothing is taken
// as unchanged.
func (d *DB) stampOf(table string) string {
	var instance string
	var last int64
	st, err := d.prepared(`SELECT (SELECT value FROM meta WHERE key = 'instance'),
		(SELECT coalesce(max(id), 0) FROM ` + table + `)`)
	if err == nil {
		err = st.QueryRow().Scan(&instance, &last)
	}
	if err != nil {
		return fmt.Sprint("error.", time.Now().UnixNano())
	}
	return fmt.Sprintf("%s.%d", instance, last)
}

// OverrideRow is one stored override (破格推荐) or its withdrawal.
type OverrideRow struct {
	ID       int64
	Batch    int
	Override clusterscope.Override // Reason "" for a withdrawal
}

// OverrideRowFact is the fact under which a decision names the override row
// it was migrated from.
const OverrideRowFact = "override_row"

// MigrateOverrides records, once, each override row not yet migrated as the
// decision step makes of it (on the subject's current decision), with the
// audit entry audit makes of it, all in one transaction: running it again
// changes nothing, and the overrides table, append-only, keeps its history.
// It returns how many rows it migrated.
func (d *DB) MigrateOverrides(kind string, step func(OverrideRow, Decision) Decision,
	audit func(OverrideRow, Decision) clusterscope.AuditEntry) (int, error) {
	n := 0
	err := d.write(func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT o.id, o.batch, o.cluster, o.reason, o.who, o.at FROM overrides o
			WHERE NOT EXISTS (SELECT 1 FROM decisions d WHERE d.subject_kind = ? AND d.subject_id = o.cluster
				AND d.batch = o.batch AND json_extract(d.facts, '$.`+OverrideRowFact+`') = CAST(o.id AS TEXT))
			ORDER BY o.id`, kind)
		if err != nil {
			return err
		}
		var todo []OverrideRow
		for rows.Next() {
			var r OverrideRow
			var at string
			if err := rows.Scan(&r.ID, &r.Batch, &r.Override.ClusterID, &r.Override.Reason, &r.Override.By, &at); err != nil {
				rows.Close()
				return err
			}
			if r.Override.At, err = parseTime(at); err != nil {
				rows.Close()
				return err
			}
			todo = append(todo, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range todo {
			cur, err := latest(tx, "", kind, r.Override.ClusterID, r.Batch)
			if err != nil {
				return err
			}
			dec := step(r, cur)
			dec.Kind, dec.Subject, dec.Batch, dec.At = kind, r.Override.ClusterID, r.Batch, now()
			if dec.Facts == nil {
				dec.Facts = map[string]string{}
			}
			dec.Facts[OverrideRowFact] = strconv.FormatInt(r.ID, 10)
			if err := checkDecision(dec, cur.Version); err != nil {
				return fmt.Errorf("migrate override %d: %w", r.ID, err)
			}
			if err := insertDecision(tx, &dec, cur.Version); err != nil {
				return err
			}
			e := audit(r, dec)
			e.At = dec.At
			if err := appendAudit(tx, e); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("migrate overrides: %w", err)
	}
	return n, nil
}
