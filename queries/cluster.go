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
	return ask(ctx, d, "cluster.List", scope, func(rows *sql.Rows) (c clusterscope.Cluster, err error) {
		err = rows.Scan(&c.ID, &c.Batch, &c.Name, &c.Province, &c.City, &c.County, &c.LeadingIndustry,
			&c.IndustryType, &c.Recognised)
		return c, err
	}, f.args()...)
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
