package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// Value is one cluster's value of an indicator; nil when not reported.
type Value struct {
	ClusterRef
	Value *float64 `json:"value"`
}

// IndicatorValues answers indicator.Values: one indicator of the selected
// clusters in one year.
func (d *DB) IndicatorValues(ctx context.Context, scope clusterscope.Scope, f Filter, field string, year int) ([]Value, error) {
	if err := numericField(field); err != nil {
		return nil, err
	}
	return ask(ctx, d, "indicator.Values", scope, func(rows *sql.Rows) (v Value, err error) {
		err = rows.Scan(&v.ClusterID, &v.Batch, &v.Name, &v.Province, &v.City, &v.LeadingIndustry, &v.Recognised, &v.Value)
		return v, err
	}, append(f.args(), sql.Named("field", field), sql.Named("year", year))...)
}

// Point is one cluster's value of an indicator in one year.
type Point struct {
	ClusterID string  `json:"cluster_id"`
	Batch     int     `json:"batch"`
	Name      string  `json:"name"`
	Year      int     `json:"year"`
	Value     float64 `json:"value"`
}

// IndicatorSeries answers indicator.Series: an indicator over the years.
func (d *DB) IndicatorSeries(ctx context.Context, scope clusterscope.Scope, f Filter, field string) ([]Point, error) {
	if err := numericField(field); err != nil {
		return nil, err
	}
	return ask(ctx, d, "indicator.Series", scope, func(rows *sql.Rows) (p Point, err error) {
		err = rows.Scan(&p.ClusterID, &p.Batch, &p.Name, &p.Year, &p.Value)
		return p, err
	}, append(f.args(), sql.Named("field", field))...)
}

// numericField refuses an indicator that is not a numeric code of the
// catalog: only those have a column in figures, and any other (a text
// field, a key column) would be read as something it is not.
func numericField(field string) error {
	if _, ok := clusterscope.DefaultCatalog().NumericIndex(field); !ok {
		return clusterscope.Errorf(clusterscope.EINVALID, "「%s」不是数值指标", field)
	}
	return nil
}
