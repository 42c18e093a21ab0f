package warehouse

import "clusterscope"

// LockForTest takes the write lock as another process would.
func LockForTest(w *Warehouse) (func(), error) { return w.lock() }

// SetWriteLimitForTest makes every file write fail with ENOSPC past n bytes.
func SetWriteLimitForTest(w *Warehouse, n int) { w.writeLimit = n }

// OwnersForTest returns who holds each cluster entry, as the owners index
// says and as the observations say.
func OwnersForTest(w *Warehouse) (index, scanned map[clusterscope.ClusterKey]clusterscope.Owner, err error) {
	m, err := w.readManifest()
	if err != nil {
		return nil, nil, err
	}
	if index, err = w.readOwners(m); err != nil {
		return nil, nil, err
	}
	scanned, err = w.scanOwners(m)
	return index, scanned, err
}
