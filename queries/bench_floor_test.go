package queries

import (
	"database/sql"
	"strings"
	"testing"
)

// floorTables are the wide-layout floor of the benchmarks (issue 17): the
// data of the snapshot written once as wide tables with the clusters'
// names and places in every row, sorted by batch, province, city and
// cluster, so that each question is one scan with its filters in the WHERE
// clause — no macro, no join, no pivot. The numbers are made from the long
// observations with DuckDB's own PIVOT, not by the snapshot's build, so the
// floor does not share a mistake with what it measures; the texts are the
// snapshot's own (texts keeps each text once).
var floorTables = []string{
	`CREATE OR REPLACE TABLE floor_clusters AS
	FROM clusters ORDER BY batch, province, city, cluster_id`,
	`CREATE OR REPLACE TABLE floor_wide AS
	SELECT c.name, c.province, c.city, c.county, c.leading_industry, c.industry_type, c.recognised, w.*
	FROM (PIVOT (SELECT cluster_id, batch, report, as_of AS year, field, num FROM observations
		WHERE num IS NOT NULL AND field NOT LIKE 'target.%') ON field USING max(num)) AS w
	JOIN clusters AS c USING (cluster_id, batch)
	ORDER BY w.batch, c.province, c.city, w.cluster_id, w.year`,
	`CREATE OR REPLACE TABLE floor_targets AS
	WITH t AS (
		SELECT cluster_id, batch, split_part(field, '.', 2) AS code, as_of AS year, num
		FROM observations WHERE report = 0 AND field LIKE 'target.%' AND field NOT LIKE '%:%' AND num IS NOT NULL
	), a AS (
		SELECT cluster_id, batch, field AS code, report AS year, num FROM observations WHERE report > 0
	)
	SELECT t.cluster_id, t.batch, c.name, c.province, c.city, c.leading_industry, c.recognised, t.code,
		max(t.num) FILTER (WHERE t.year = t.batch - 1) AS baseline,
		max(t.num) FILTER (WHERE t.year = t.batch) AS target1,
		max(t.num) FILTER (WHERE t.year = t.batch + 1) AS target2,
		max(t.num) FILTER (WHERE t.year = t.batch + 2) AS target3,
		any_value(a1.num) AS actual1, any_value(a2.num) AS actual2, any_value(a3.num) AS actual3
	FROM t JOIN clusters AS c USING (cluster_id, batch)
	LEFT JOIN a AS a1 ON a1.cluster_id = t.cluster_id AND a1.batch = t.batch AND a1.code = t.code AND a1.year = t.batch
	LEFT JOIN a AS a2 ON a2.cluster_id = t.cluster_id AND a2.batch = t.batch AND a2.code = t.code AND a2.year = t.batch + 1
	LEFT JOIN a AS a3 ON a3.cluster_id = t.cluster_id AND a3.batch = t.batch AND a3.code = t.code AND a3.year = t.batch + 2
	GROUP BY ALL
	ORDER BY t.batch, c.province, c.city, t.cluster_id, t.code`,
	`CREATE OR REPLACE TABLE floor_texts AS
	SELECT o.cluster_id, o.batch, c.province, c.city, o.report, o.field, o.year, o.as_of, o.value
	FROM texts AS o JOIN clusters AS c USING (cluster_id, batch)
	ORDER BY o.batch, c.province, c.city, o.cluster_id, o.report, o.field`,
}

// floorSQL is each benchmarked question written directly against the
// floor tables, for batch 2023 (2022 for the assessment) and one
// province ($p) or cluster ($id), as benchQuestions asks it. A question
// that needs more than one table is more than one statement, all drained.
var floorSQL = map[string][]string{
	"batch.List": {`SELECT batch, count(DISTINCT cluster_id), min(year) FILTER (WHERE output_total IS NOT NULL),
		max(year) FILTER (WHERE output_total IS NOT NULL)
		FROM floor_wide WHERE province = $p GROUP BY batch ORDER BY batch`},
	"filter.Options": {`SELECT 'province' AS filter, province AS value, count(*) AS clusters FROM floor_clusters WHERE batch = 2023 GROUP BY province
		UNION ALL SELECT 'city', city, count(*) FROM floor_clusters WHERE batch = 2023 AND province = $p GROUP BY city
		UNION ALL SELECT 'industry_type', industry_type, count(*) FROM floor_clusters WHERE batch = 2023 AND province = $p GROUP BY industry_type
		UNION ALL SELECT 'leading_industry', leading_industry, count(*) FROM floor_clusters WHERE batch = 2023 AND province = $p GROUP BY leading_industry
		ORDER BY filter, clusters DESC, value`},
	"compare.Headline": {`SELECT cluster_id, batch, name, province, city, leading_industry, recognised,
		output_total, rd_intensity, cloud_adoption, co2_per_output
		FROM floor_wide WHERE batch = 2023 AND province = $p AND year = 2022
		ORDER BY output_total DESC NULLS LAST, cluster_id`},
	"indicator.Values": {`SELECT cluster_id, batch, name, province, city, leading_industry, recognised, rd_intensity
		FROM floor_wide WHERE batch = 2023 AND province = $p AND year = 2022
		ORDER BY rd_intensity DESC NULLS LAST, cluster_id`},
	"overview.Counts": {`SELECT batch, province, industry_type, recognised, count(*) AS clusters
		FROM floor_clusters WHERE batch = 2023 AND province = $p
		GROUP BY ALL ORDER BY batch, province, industry_type, recognised`},
	"target.Progress": {`SELECT cluster_id, batch, code, baseline, target1, target2, target3, actual1, actual2, actual3
		FROM floor_targets WHERE batch = 2023 AND province = $p AND recognised
		ORDER BY cluster_id, code`},
	"assess.Applications": {
		`SELECT * EXCLUDE (name, province, city, county, leading_industry, industry_type)
		FROM floor_wide WHERE batch = 2022 AND province = $p AND report = 0`,
		`SELECT cluster_id, batch, field, year, as_of, value
		FROM floor_texts WHERE batch = 2022 AND province = $p AND report = 0`,
		`SELECT cluster_id, batch, code, baseline, target1, target2, target3
		FROM floor_targets WHERE batch = 2022 AND province = $p`,
	},
	"cluster.List": {`SELECT cluster_id, batch, name, province, city, county, leading_industry, industry_type, recognised
		FROM floor_clusters WHERE batch = 2023 AND province = $p
		ORDER BY batch, province, city, name`},
	"cluster.Observations": {
		`SELECT * EXCLUDE (name, province, city, county, leading_industry, industry_type, recognised)
		FROM floor_wide WHERE batch = 2023 AND cluster_id = $id ORDER BY report, year`,
		`SELECT report, field, year, as_of, value FROM floor_texts WHERE batch = 2023 AND cluster_id = $id
		ORDER BY report, field, as_of`,
	},
}

// makeFloor builds the floor tables in d's database, once per DB.
func makeFloor(b *testing.B, d *DB) {
	b.Helper()
	var n int
	if d.db.QueryRow("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'floor_wide'").Scan(&n); n > 0 {
		return
	}
	if err := d.exec(d.db, floorTables); err != nil {
		b.Fatal(err)
	}
}

// askFloor runs the floor of the named question, every row read and dropped.
func askFloor(d *DB, name string, p, id string) error {
	for _, q := range floorSQL[name] {
		var args []any // only those the statement names: DuckDB refuses the others
		if strings.Contains(q, "$p") {
			args = append(args, sql.Named("p", p))
		}
		if strings.Contains(q, "$id") {
			args = append(args, sql.Named("id", id))
		}
		if err := drain(d.db.Query(q, args...)); err != nil {
			return err
		}
	}
	return nil
}
