package queries

import (
	"context"
	"database/sql"
)

// HeadlineRow is one cluster's four headline metrics in one year; a nil
// metric was not reported.
type HeadlineRow struct {
	ClusterID       string   `json:"cluster_id"`
	Name            string   `json:"name"`
	Province        string   `json:"province"`
	City            string   `json:"city"`
	LeadingIndustry string   `json:"leading_industry"`
	Recognised      bool     `json:"recognised"`
	OutputTotal     *float64 `json:"output_total"`
	RDIntensity     *float64 `json:"rd_intensity"`
	CloudAdoption   *float64 `json:"cloud_adoption"`
	CO2PerOutput    *float64 `json:"co2_per_output"`
}

// Headline answers compare.Headline: the clusters of a batch on the four
// headline metrics in one year, optionally within one province.
func (d *DB) Headline(ctx context.Context, batch, year int, province string) ([]HeadlineRow, error) {
	out := []HeadlineRow{}
	err := d.query(ctx, "compare.Headline", func(rows *sql.Rows) error {
		var r HeadlineRow
		err := rows.Scan(&r.ClusterID, &r.Name, &r.Province, &r.City, &r.LeadingIndustry, &r.Recognised,
			&r.OutputTotal, &r.RDIntensity, &r.CloudAdoption, &r.CO2PerOutput)
		out = append(out, r)
		return err
	}, batch, year, province)
	return out, err
}

// Batch is one batch with its clusters and the years it has figures for.
type Batch struct {
	Batch     int `json:"batch"`
	Clusters  int `json:"clusters"`
	FirstYear int `json:"first_year"`
	LastYear  int `json:"last_year"`
}

// Batches answers batch.List.
func (d *DB) Batches(ctx context.Context) ([]Batch, error) {
	out := []Batch{}
	err := d.query(ctx, "batch.List", func(rows *sql.Rows) error {
		var b Batch
		var first, last sql.NullInt64
		err := rows.Scan(&b.Batch, &b.Clusters, &first, &last)
		b.FirstYear, b.LastYear = int(first.Int64), int(last.Int64)
		out = append(out, b)
		return err
	})
	return out, err
}

// ProvinceCount is a province and its number of clusters in a batch.
type ProvinceCount struct {
	Province string `json:"province"`
	Clusters int    `json:"clusters"`
}

// Provinces answers province.List.
func (d *DB) Provinces(ctx context.Context, batch int) ([]ProvinceCount, error) {
	out := []ProvinceCount{}
	err := d.query(ctx, "province.List", func(rows *sql.Rows) error {
		var p ProvinceCount
		err := rows.Scan(&p.Province, &p.Clusters)
		out = append(out, p)
		return err
	}, batch)
	return out, err
}
