-- view.Observations: the live observations — of each cluster, batch and
-- report (0 = the application, Y = the follow-up report on year Y), only the
-- latest load's rows, so a corrected resubmission supersedes the earlier one
-- while raw_observations keeps the history.
CREATE OR REPLACE VIEW observations AS
SELECT *
FROM raw_observations
QUALIFY load_id = max(load_id) OVER (PARTITION BY cluster_id, batch, report);
