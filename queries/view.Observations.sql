-- view.Observations: the live observations — of each cluster, batch and
-- report (0 = the application, Y = the follow-up report on year Y), only the
-- latest load's rows, so a corrected resubmission supersedes the earlier one
-- while raw_observations keeps the history. A table, not a view: it changes
-- only when a load replaces the manifest, and every question reads it. The
-- source line of each row stays in the Parquet files: no question asks it;
-- and a number's text, always the number as written by strconv (see
-- ParseValue), is not kept beside it: the reader makes it again (numText).
CREATE OR REPLACE TABLE observations AS
SELECT * EXCLUDE (line, value), CASE WHEN num IS NULL THEN value END AS value
FROM raw_observations
QUALIFY load_id = max(load_id) OVER (PARTITION BY cluster_id, batch, report)
-- sorted so that DuckDB's zone maps skip what a question does not need
ORDER BY batch, field, cluster_id, as_of;
