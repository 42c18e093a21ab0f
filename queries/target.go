package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// Progress is one numeric target of a cluster (part 八's, or the
// applicant's own) with its years side by side: the baseline and the stage
// targets as applied for, beside the follow-up actuals of the same code.
type Progress struct {
	ClusterRef
	Code     string      `json:"code"`
	Baseline *float64    `json:"baseline"` // the year before the batch; nil when not given
	Targets  [3]*float64 `json:"targets"`  // the batch's three years (2022–2024 for 2022); the last is the 三年目标值
	Actuals  [3]*float64 `json:"actuals"`  // the actuals of those years; nil: no follow-up report for that year
}

// TargetProgress answers target.Progress.
func (d *DB) TargetProgress(ctx context.Context, scope clusterscope.Scope, f Filter) ([]Progress, error) {
	return ask(ctx, d, "target.Progress", scope, func(rows *sql.Rows) (p Progress, err error) {
		err = rows.Scan(&p.ClusterID, &p.Batch, &p.Name, &p.Province, &p.City, &p.LeadingIndustry, &p.Code, &p.Baseline,
			&p.Targets[0], &p.Targets[1], &p.Targets[2], &p.Actuals[0], &p.Actuals[1], &p.Actuals[2])
		return p, err
	}, f.args()...)
}
