-- view.Observations: the live observations as a long table, one row per
-- value, with the load it came from: for lineage and history (a profile,
-- the review's loads); the other questions read figures, targets and texts.
-- A text's value is in texts, not here (cluster.Observations joins it).
-- Sorted by cluster (only: a finer order costs a third more to build), so
-- that DuckDB's zone maps skip all but one cluster's rows.
CREATE OR REPLACE TABLE observations AS
SELECT * EXCLUDE (value)
FROM live
ORDER BY batch, cluster_id;
