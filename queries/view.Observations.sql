-- view.Observations: the live observations, kept in memory until the next load — of each cluster, batch and
-- report (0 = the application, Y = the follow-up report on year Y), only the
-- latest load's rows, so a corrected resubmission supersedes the earlier one
-- while raw_observations keeps the history. A table, not a view: it changes
-- only when a load replaces the manifest, and every question reads it.
CREATE OR REPLACE TABLE observations AS
SELECT *
FROM raw_observations
QUALIFY load_id = max(load_id) OVER (PARTITION BY cluster_id, batch, report)
-- sorted so that DuckDB's zone maps skip what a question does not need
ORDER BY batch, field, cluster_id, as_of;
