package warehouse

import "clusterscope"

// Decide records dec as the next state of its subject, taken on the version
// expected (0 for the first): a later version is an ECONFLICT naming who
// came first and when. Every decision needs a state, who and why. The audit
// entries given are written with it, in one transaction.
func (w *Warehouse) Decide(dec clusterscope.Decision, expected int64, audit ...clusterscope.AuditEntry) (clusterscope.Decision, error) {
	return w.state.Decide(dec, expected, audit...)
}

// Decision returns the subject's current decision; Version 0 when none.
func (w *Warehouse) Decision(kind, subject string, batch int) (clusterscope.Decision, error) {
	return w.state.Current(kind, subject, batch)
}

// DecisionHistory returns every decision on the subject, oldest first.
func (w *Warehouse) DecisionHistory(kind, subject string, batch int) ([]clusterscope.Decision, error) {
	return w.state.History(kind, subject, batch)
}

// Decisions returns the current decision of every subject of a kind in a
// batch, ordered by subject.
func (w *Warehouse) Decisions(kind string, batch int) ([]clusterscope.Decision, error) {
	return w.state.Decisions(kind, batch)
}

// DecisionLog returns every decision of a kind, by batch, subject and
// version: each subject's history, oldest first, one after another.
func (w *Warehouse) DecisionLog(kind string) ([]clusterscope.Decision, error) {
	return w.state.Log(kind)
}
