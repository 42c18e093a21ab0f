package warehouse

import (
	"fmt"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

// DecideAudited records dec as Decide does, with the audit entry in the
// same transaction.
func (w *Warehouse) DecideAudited(dec clusterscope.Decision, expected int64, e clusterscope.AuditEntry) (clusterscope.Decision, error) {
	return w.state.DecideAudited(dec, expected, &e)
}

// DecideAllAudited records the decisions, each on its expected version and
// with its audit entry, all or none.
func (w *Warehouse) DecideAllAudited(decs []clusterscope.Decision, expected []int64, entries []clusterscope.AuditEntry) ([]clusterscope.Decision, error) {
	return w.state.DecideAll(decs, expected, entries)
}

// DecisionHistories returns every decision of a kind in a batch, by
// subject, oldest first.
func (w *Warehouse) DecisionHistories(kind string, batch int) (map[string][]clusterscope.Decision, error) {
	return w.state.Histories(kind, batch)
}

// DecisionsStamp changes whenever a decision is recorded.
func (w *Warehouse) DecisionsStamp() string { return w.state.DecisionsStamp() }

// MigrateOverrides turns the overrides of earlier releases into the 初审
// decisions they stand for (clusterscope.OverrideStep), once: each row is
// migrated with its audit entry in one transaction, and a row already
// migrated is never again. The overrides stay as they were, their history
// whole. It returns how many rows it migrated.
func (w *Warehouse) MigrateOverrides() (int, error) {
	return w.state.MigrateOverrides(clusterscope.KindApplication,
		func(r sqlite.OverrideRow, _ clusterscope.Decision) clusterscope.Decision {
			return clusterscope.OverrideStep(r.Override)
		},
		func(r sqlite.OverrideRow, d clusterscope.Decision) clusterscope.AuditEntry {
			// The audit log is a record: in Chinese.
			return clusterscope.AuditEntry{Who: r.Override.By, Action: clusterscope.AuditReview,
				Target: fmt.Sprintf("%d/%s", r.Batch, r.Override.ClusterID),
				Detail: fmt.Sprintf("初审：%s（由第 %d 条破格推荐迁移，原记录于 %s）；理由：%s", clusterscope.ReviewState(d.State).Label(),
					r.ID, r.Override.At.Format("2006-01-02 15:04:05Z"), d.Why)}
		})
}
