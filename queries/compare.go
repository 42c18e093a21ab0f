package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// HeadlineRow is one cluster's four headline metrics in one year; a nil
// metric was not reported.
type HeadlineRow struct {
	ClusterRef
	OutputTotal   *float64 `json:"output_total"`
	RDIntensity   *float64 `json:"rd_intensity"`
	CloudAdoption *float64 `json:"cloud_adoption"`
	CO2PerOutput  *float64 `json:"co2_per_output"`
}

// CompareHeadline answers compare.Headline.
func (d *DB) CompareHeadline(ctx context.Context, scope clusterscope.Scope, f Filter, year int) ([]HeadlineRow, error) {
	return ask(ctx, d, "compare.Headline", scope, func(rows *sql.Rows) (r HeadlineRow, err error) {
		err = rows.Scan(&r.ClusterID, &r.Batch, &r.Name, &r.Province, &r.City, &r.LeadingIndustry, &r.Recognised,
			&r.OutputTotal, &r.RDIntensity, &r.CloudAdoption, &r.CO2PerOutput)
		return r, err
	}, append(f.args(), sql.Named("year", year))...)
}
