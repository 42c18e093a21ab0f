-- view.Clusters: one row per cluster and batch, as its application names it.
-- A cluster that has sent a follow-up report is a recognised one. ord is
-- its place in the order of batch, province, city and cluster, which
-- figures, targets and texts follow too, so that a region's rows lie
-- together (sorting them on one integer is quicker than on the strings).
CREATE OR REPLACE TABLE clusters AS
SELECT *, row_number() OVER (ORDER BY batch, province, city, cluster_id) AS ord
FROM (
    SELECT
        cluster_id,
        batch,
        coalesce(any_value(value) FILTER (WHERE field = 'cluster_name'), cluster_id) AS name,
        coalesce(any_value(value) FILTER (WHERE field = 'province'), '') AS province,
        coalesce(any_value(value) FILTER (WHERE field = 'city'), '') AS city,
        coalesce(any_value(value) FILTER (WHERE field = 'county'), '') AS county,
        coalesce(any_value(value) FILTER (WHERE field = 'leading_industry'), '') AS leading_industry,
        coalesce(any_value(value) FILTER (WHERE field = 'industry_type'), '') AS industry_type,
        bool_or(report > 0) AS recognised
    FROM live
    GROUP BY cluster_id, batch
)
ORDER BY ord;
