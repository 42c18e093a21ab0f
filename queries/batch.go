package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// Batch is one batch with its clusters and the years it has figures for.
type Batch struct {
	Batch     int `json:"batch"`
	Clusters  int `json:"clusters"`
	FirstYear int `json:"first_year"`
	LastYear  int `json:"last_year"`
}

// BatchList answers batch.List.
func (d *DB) BatchList(ctx context.Context, scope clusterscope.Scope) ([]Batch, error) {
	return ask(ctx, d, "batch.List", scope, func(rows *sql.Rows) (b Batch, err error) {
		var first, last sql.NullInt64
		err = rows.Scan(&b.Batch, &b.Clusters, &first, &last)
		b.FirstYear, b.LastYear = int(first.Int64), int(last.Int64)
		return b, err
	})
}
