package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// Count is the number of selected clusters with one combination of
// batch, province, industry type and status.
type Count struct {
	Batch        int    `json:"batch"`
	Province     string `json:"province"`
	IndustryType string `json:"industry_type"`
	Recognised   bool   `json:"recognised"`
	Clusters     int    `json:"clusters"`
}

// OverviewCounts answers overview.Counts.
func (d *DB) OverviewCounts(ctx context.Context, scope clusterscope.Scope, f Filter) ([]Count, error) {
	return ask(ctx, d, "overview.Counts", scope, func(rows *sql.Rows) (c Count, err error) {
		err = rows.Scan(&c.Batch, &c.Province, &c.IndustryType, &c.Recognised, &c.Clusters)
		return c, err
	}, f.args()...)
}
