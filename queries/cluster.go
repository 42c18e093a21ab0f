package queries

import (
	"context"
	"database/sql"
	"strconv"

	"clusterscope"
)

// Clusters answers cluster.List.
func (d *DB) Clusters(ctx context.Context, scope clusterscope.Scope, f Filter) ([]clusterscope.Cluster, error) {
	return cached(d, func() ([]clusterscope.Cluster, int, error) {
		out := []clusterscope.Cluster{}
		err := d.query(ctx, "cluster.List", scope, func(rows *sql.Rows) error {
			var c clusterscope.Cluster
			err := rows.Scan(&c.ID, &c.Batch, &c.Name, &c.Province, &c.City, &c.County, &c.LeadingIndustry,
				&c.IndustryType, &c.Recognised)
			out = append(out, c)
			return err
		}, f.args()...)
		return out, len(out), err
	}, "cluster.List", scope, f)
}

// Observations answers cluster.Observations: everything one cluster's
// application and follow-up reports say. It is empty when the cluster is
// unknown or outside the scope — the caller cannot tell which, on purpose.
func (d *DB) Observations(ctx context.Context, scope clusterscope.Scope, batch int, id string) ([]clusterscope.Observation, error) {
	return cached(d, func() ([]clusterscope.Observation, int, error) {
		out := []clusterscope.Observation{}
		err := d.query(ctx, "cluster.Observations", scope, func(rows *sql.Rows) error {
			o := clusterscope.Observation{ClusterID: id, Batch: batch}
			var year sql.NullInt64
			var text sql.NullString
			var loadID int64
			err := rows.Scan(&o.Field, &year, &o.AsOf, &o.Report, &text, &o.Num, &loadID)
			o.Year, o.Text = int(year.Int64), numText(text, o.Num)
			out = append(out, o)
			return err
		}, sql.Named("batch", batch), sql.Named("cluster_id", id))
		return out, len(out), err
	}, "cluster.Observations", scope, batch, id)
}

// Batch is one batch with its clusters and the years it has figures for.
type Batch struct {
	Batch     int `json:"batch"`
	Clusters  int `json:"clusters"`
	FirstYear int `json:"first_year"`
	LastYear  int `json:"last_year"`
}

// Batches answers batch.List.
func (d *DB) Batches(ctx context.Context, scope clusterscope.Scope) ([]Batch, error) {
	return cached(d, func() ([]Batch, int, error) {
		out := []Batch{}
		err := d.query(ctx, "batch.List", scope, func(rows *sql.Rows) error {
			var b Batch
			var first, last sql.NullInt64
			err := rows.Scan(&b.Batch, &b.Clusters, &first, &last)
			b.FirstYear, b.LastYear = int(first.Int64), int(last.Int64)
			out = append(out, b)
			return err
		})
		return out, len(out), err
	}, "batch.List", scope)
}

// Option is a value a filter can take, with its number of clusters.
type Option struct {
	Value    string `json:"value"`
	Clusters int    `json:"clusters"`
}

// FilterOptions answers filter.Options: per filter name, its values.
func (d *DB) FilterOptions(ctx context.Context, scope clusterscope.Scope, f Filter) (map[string][]Option, error) {
	return cached(d, func() (map[string][]Option, int, error) {
		out := map[string][]Option{}
		err := d.query(ctx, "filter.Options", scope, func(rows *sql.Rows) error {
			var name string
			var o Option
			err := rows.Scan(&name, &o.Value, &o.Clusters)
			out[name] = append(out[name], o)
			return err
		}, f.args()...)
		return out, len(out), err
	}, "filter.Options", scope, f)
}

// Count is the number of selected clusters with one combination of
// batch, province, industry type and status.
type Count struct {
	Batch        int    `json:"batch"`
	Province     string `json:"province"`
	IndustryType string `json:"industry_type"`
	Recognised   bool   `json:"recognised"`
	Clusters     int    `json:"clusters"`
}

// Counts answers overview.Counts.
func (d *DB) Counts(ctx context.Context, scope clusterscope.Scope, f Filter) ([]Count, error) {
	return cached(d, func() ([]Count, int, error) {
		out := []Count{}
		err := d.query(ctx, "overview.Counts", scope, func(rows *sql.Rows) error {
			var c Count
			err := rows.Scan(&c.Batch, &c.Province, &c.IndustryType, &c.Recognised, &c.Clusters)
			out = append(out, c)
			return err
		}, f.args()...)
		return out, len(out), err
	}, "overview.Counts", scope, f)
}

// Progress is one target value of a cluster beside the actual of that year.
type Progress struct {
	ClusterRef
	Code   string   `json:"code"`
	Year   int      `json:"year"`
	Target float64  `json:"target"`
	Actual *float64 `json:"actual"` // nil: no follow-up report for that year
}

// Progresses answers target.Progress.
func (d *DB) Progresses(ctx context.Context, scope clusterscope.Scope, f Filter) ([]Progress, error) {
	return cached(d, func() ([]Progress, int, error) {
		out := []Progress{}
		err := d.query(ctx, "target.Progress", scope, func(rows *sql.Rows) error {
			var p Progress
			err := rows.Scan(&p.ClusterID, &p.Batch, &p.Name, &p.Province, &p.City, &p.LeadingIndustry,
				&p.Code, &p.Year, &p.Target, &p.Actual)
			out = append(out, p)
			return err
		}, f.args()...)
		return out, len(out), err
	}, "target.Progress", scope, f)
}

// Load is one load as load.History lists it.
type Load struct {
	ID        int64  `json:"load_id"`
	File      string `json:"file"`
	SHA256    string `json:"sha256"`
	At        string `json:"loaded_at"`
	By        string `json:"loaded_by"`
	Rows      int64  `json:"rows"`
	Clusters  int64  `json:"clusters"`
	Synthetic bool   `json:"synthetic"`
}

// Loads answers load.History. Loads are not region data; only
// administrators are shown them (the caller checks).
func (d *DB) Loads(ctx context.Context) ([]Load, error) {
	out := []Load{}
	err := d.query(ctx, "load.History", clusterscope.All, func(rows *sql.Rows) error {
		var l Load
		err := rows.Scan(&l.ID, &l.File, &l.SHA256, &l.At, &l.By, &l.Rows, &l.Clusters, &l.Synthetic)
		out = append(out, l)
		return err
	})
	return out, err
}

// numText is an observation's text: as stored, or for a number (whose text
// the tables do not keep) the number as ParseValue writes it.
func numText(text sql.NullString, num *float64) string {
	if !text.Valid && num != nil {
		return strconv.FormatFloat(*num, 'f', -1, 64)
	}
	return text.String
}
