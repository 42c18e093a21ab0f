-- view.Receipts: each follow-up report (of a cluster, batch and year
-- reported on), with the time its first load came (a corrected
-- resubmission does not make it later) and the 报送日期 (reported_on) that
-- the report in force states. Built once per snapshot: the first load of a
-- report is in the Parquet files' every row, which no page should scan.
CREATE OR REPLACE TABLE receipts AS
WITH first AS (
    SELECT r.cluster_id, r.batch, r.report, min(l.loaded_at) AS loaded_at
    FROM (SELECT DISTINCT cluster_id, batch, report, load_id FROM raw_observations WHERE report > 0) AS r
    JOIN loads AS l ON l.load_id = r.load_id
    GROUP BY r.cluster_id, r.batch, r.report
)
SELECT f.cluster_id, f.batch, f.report, f.loaded_at, s.value AS stated
FROM first AS f
LEFT JOIN texts AS s
    ON s.cluster_id = f.cluster_id
    AND s.batch = f.batch
    AND s.report = f.report
    AND s.field = 'reported_on'
ORDER BY f.batch, f.cluster_id, f.report;
