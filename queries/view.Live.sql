-- view.Live: the live observations — of each cluster, batch and report (0 =
-- the application, Y = the follow-up report on year Y), only the latest
-- load's rows, so a corrected resubmission supersedes the earlier one while
-- raw_observations keeps the history. A temporary table: the snapshot's
-- tables are made from it (texts hold its texts, figures and targets its
-- numbers, observations the rest), then it is dropped, so that no value is
-- stored twice. The source line of each row stays in the Parquet files: no
-- question asks it; and a number's text, always the number as written by
-- strconv (see ParseValue), is not kept beside it: the reader makes it
-- again (numText).
CREATE OR REPLACE TEMP TABLE live AS
SELECT * EXCLUDE (line, value), CASE WHEN num IS NULL THEN value END AS value
FROM raw_observations
QUALIFY load_id = max(load_id) OVER (PARTITION BY cluster_id, batch, report);
