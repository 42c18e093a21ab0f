package queries

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"clusterscope"
)

// LoadHistory answers load.History. Loads are not region data; only
// administrators are shown them (the caller checks).
func (d *DB) LoadHistory(ctx context.Context) ([]clusterscope.Load, error) {
	return ask(ctx, d, "load.History", clusterscope.All, func(rows *sql.Rows) (l clusterscope.Load, err error) {
		var at string // as the warehouse writes it: RFC 3339, UTC
		if err = rows.Scan(&l.ID, &l.File, &l.SHA256, &at, &l.By, &l.Rows, &l.Clusters, &l.Synthetic); err != nil {
			return l, err
		}
		if l.At, err = time.Parse(time.RFC3339, at); err != nil {
			return l, fmt.Errorf("load %d: time %q: %w", l.ID, at, err)
		}
		return l, nil
	})
}
