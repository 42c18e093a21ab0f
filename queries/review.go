package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// ReviewLoads answers review.Loads: the load of each selected cluster's
// application as it stands, by cluster id (the filter should name a batch).
func (d *DB) ReviewLoads(ctx context.Context, scope clusterscope.Scope, f Filter) (map[string]int64, error) {
	type row struct {
		id   string
		load int64
	}
	rows, err := ask(ctx, d, "review.Loads", scope, func(rows *sql.Rows) (r row, err error) {
		err = rows.Scan(&r.id, &r.load)
		return r, err
	}, f.args()...)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.id] = r.load
	}
	return out, nil
}
