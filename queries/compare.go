package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// ClusterRef names a cluster in results.
type ClusterRef struct {
	ClusterID       string `json:"cluster_id"`
	Batch           int    `json:"batch"`
	Name            string `json:"name"`
	Province        string `json:"province"`
	City            string `json:"city"`
	LeadingIndustry string `json:"leading_industry"`
	Recognised      bool   `json:"recognised"`
}

// HeadlineRow is one cluster's four headline metrics in one year; a nil
// metric was not reported.
type HeadlineRow struct {
	ClusterRef
	OutputTotal   *float64 `json:"output_total"`
	RDIntensity   *float64 `json:"rd_intensity"`
	CloudAdoption *float64 `json:"cloud_adoption"`
	CO2PerOutput  *float64 `json:"co2_per_output"`
}

// Headline answers compare.Headline.
func (d *DB) Headline(ctx context.Context, scope clusterscope.Scope, f Filter, year int) ([]HeadlineRow, error) {
	return cached(d, func() ([]HeadlineRow, int, error) {
		out := []HeadlineRow{}
		err := d.query(ctx, "compare.Headline", scope, func(rows *sql.Rows) error {
			var r HeadlineRow
			err := rows.Scan(&r.ClusterID, &r.Batch, &r.Name, &r.Province, &r.City, &r.LeadingIndustry, &r.Recognised,
				&r.OutputTotal, &r.RDIntensity, &r.CloudAdoption, &r.CO2PerOutput)
			out = append(out, r)
			return err
		}, append(f.args(), sql.Named("year", year))...)
		return out, len(out), err
	}, "compare.Headline", scope, f, year)
}

// Value is one cluster's value of an indicator; nil when not reported.
type Value struct {
	ClusterRef
	Value *float64 `json:"value"`
}

// Values answers indicator.Values: one indicator of the selected clusters in one year.
func (d *DB) Values(ctx context.Context, scope clusterscope.Scope, f Filter, field string, year int) ([]Value, error) {
	return cached(d, func() ([]Value, int, error) {
		out := []Value{}
		err := d.query(ctx, "indicator.Values", scope, func(rows *sql.Rows) error {
			var v Value
			err := rows.Scan(&v.ClusterID, &v.Batch, &v.Name, &v.Province, &v.City, &v.LeadingIndustry, &v.Recognised, &v.Value)
			out = append(out, v)
			return err
		}, append(f.args(), sql.Named("field", field), sql.Named("year", year))...)
		return out, len(out), err
	}, "indicator.Values", scope, f, field, year)
}

// Point is one cluster's value of an indicator in one year.
type Point struct {
	ClusterID string  `json:"cluster_id"`
	Batch     int     `json:"batch"`
	Name      string  `json:"name"`
	Year      int     `json:"year"`
	Value     float64 `json:"value"`
}

// Series answers indicator.Series: an indicator over the years.
func (d *DB) Series(ctx context.Context, scope clusterscope.Scope, f Filter, field string) ([]Point, error) {
	return cached(d, func() ([]Point, int, error) {
		out := []Point{}
		err := d.query(ctx, "indicator.Series", scope, func(rows *sql.Rows) error {
			var p Point
			err := rows.Scan(&p.ClusterID, &p.Batch, &p.Name, &p.Year, &p.Value)
			out = append(out, p)
			return err
		}, append(f.args(), sql.Named("field", field))...)
		return out, len(out), err
	}, "indicator.Series", scope, f, field)
}
