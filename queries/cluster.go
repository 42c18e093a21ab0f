package queries

import (
	"context"
	"database/sql"
	"strconv"

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

// ClusterList answers cluster.List.
func (d *DB) ClusterList(ctx context.Context, scope clusterscope.Scope, f Filter) ([]clusterscope.Cluster, error) {
	// places and industries repeat on thousands of rows: each made once
	in := interner{}
	var place [5]sql.RawBytes
	return ask(ctx, d, "cluster.List", scope, func(rows *sql.Rows) (c clusterscope.Cluster, err error) {
		err = rows.Scan(&c.ID, &c.Batch, &c.Name, &place[0], &place[1], &place[2], &place[3], &place[4], &c.Recognised)
		c.Province, c.City, c.County, c.LeadingIndustry, c.IndustryType = in.of(place[0]), in.of(place[1]), in.of(place[2]),
			in.of(place[3]), in.of(place[4])
		return c, err
	}, f.args()...)
}

// ClusterPicker answers cluster.Picker: at most limit clusters of the
// selection (their id, batch and name), and how many it holds in all.
func (d *DB) ClusterPicker(ctx context.Context, scope clusterscope.Scope, f Filter, limit int) ([]clusterscope.Cluster, int, error) {
	type row struct {
		clusterscope.Cluster
		total int
	}
	rows, err := ask(ctx, d, "cluster.Picker", scope, func(rows *sql.Rows) (r row, err error) {
		err = rows.Scan(&r.ID, &r.Batch, &r.Name, &r.total)
		return r, err
	}, append(f.args(), sql.Named("limit", limit))...)
	if err != nil || len(rows) == 0 {
		return nil, 0, err
	}
	out := make([]clusterscope.Cluster, len(rows))
	for i, r := range rows {
		out[i] = r.Cluster
	}
	return out, rows[0].total, nil
}

// ClusterObservations answers cluster.Observations: everything one
// cluster's application and follow-up reports say. It is empty when the
// cluster is unknown or outside the scope — the caller cannot tell which,
// on purpose.
func (d *DB) ClusterObservations(ctx context.Context, scope clusterscope.Scope, batch int, id string) ([]clusterscope.Observation, error) {
	return ask(ctx, d, "cluster.Observations", scope, func(rows *sql.Rows) (clusterscope.Observation, error) {
		o := clusterscope.Observation{ClusterID: id, Batch: batch}
		var year sql.NullInt64
		var text sql.NullString
		var loadID int64
		err := rows.Scan(&o.Field, &year, &o.AsOf, &o.Report, &text, &o.Num, &loadID)
		o.Year, o.Text = int(year.Int64), numText(text, o.Num)
		return o, err
	}, sql.Named("batch", batch), sql.Named("cluster_id", id))
}

// numText is an observation's text: as stored, or for a number (whose text
// the tables do not keep) the number as ParseValue writes it.
func numText(text sql.NullString, num *float64) string {
	if !text.Valid && num != nil {
		return strconv.FormatFloat(*num, 'f', -1, 64)
	}
	return text.String
}
