package warehouse

import "clusterscope"

// Overrides are rows of the state database that are never changed: a
// cluster's current override is its latest row, and every earlier decision
// stays (OverrideHistory).

// Overrides returns the officials' recorded decisions to admit clusters
// that did not pass the criteria, for one batch, oldest first: each
// cluster's latest decision, unless it withdrew the cluster.
func (w *Warehouse) Overrides(batch int) ([]clusterscope.Override, error) {
	return w.state.Overrides(batch)
}

// OverrideHistory returns every decision on one cluster of a batch, oldest
// first; a withdrawal has an empty Reason.
func (w *Warehouse) OverrideHistory(batch int, cluster string) ([]clusterscope.Override, error) {
	return w.state.OverrideHistory(batch, cluster)
}

// OverridesStamp changes whenever the overrides do: pages judged with them
// are cached under it.
func (w *Warehouse) OverridesStamp() string { return w.state.OverridesStamp() }

// AddOverride records who admitted which cluster of a batch, and why. A
// later decision on the same cluster replaces the earlier one; an empty
// reason withdraws it.
func (w *Warehouse) AddOverride(batch int, o clusterscope.Override, audit ...clusterscope.AuditEntry) error {
	return w.state.AddOverride(batch, o, audit...)
}
