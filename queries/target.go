package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// Progress is one target value of a cluster beside the actual of that year.
type Progress struct {
	ClusterRef
	Code   string   `json:"code"`
	Year   int      `json:"year"`
	Target float64  `json:"target"`
	Actual *float64 `json:"actual"` // nil: no follow-up report for that year
}

// TargetProgress answers target.Progress.
func (d *DB) TargetProgress(ctx context.Context, scope clusterscope.Scope, f Filter) ([]Progress, error) {
	return ask(ctx, d, "target.Progress", scope, func(rows *sql.Rows) (p Progress, err error) {
		err = rows.Scan(&p.ClusterID, &p.Batch, &p.Name, &p.Province, &p.City, &p.LeadingIndustry,
			&p.Code, &p.Year, &p.Target, &p.Actual)
		return p, err
	}, f.args()...)
}
