-- view.Targets: part 八's numeric targets with their years as columns, one
-- row per cluster, batch and target code (of targets.csv or the
-- applicant's own): the baseline (the year before the batch) and the stage
-- targets of the batch's three years as applied for (target3 is the
-- 三年目标值), beside the follow-up actual of the same code in each of those
-- years — NULL where no report came, which is "missing", never zero.
-- Sorted by batch, province, city and cluster, as figures is.
CREATE OR REPLACE TABLE targets AS
WITH t AS (
    SELECT cluster_id, batch, split_part(field, '.', 2) AS code,
        max(num) FILTER (WHERE as_of = batch - 1) AS baseline,
        max(num) FILTER (WHERE as_of = batch) AS target1,
        max(num) FILTER (WHERE as_of = batch + 1) AS target2,
        max(num) FILTER (WHERE as_of = batch + 2) AS target3
    FROM live
    WHERE report = 0
        AND field LIKE 'target.%'
        AND field NOT LIKE '%:%'
        AND num IS NOT NULL
    GROUP BY cluster_id, batch, code
)
SELECT t.cluster_id, t.batch, c.ord, t.code, t.baseline, t.target1, t.target2, t.target3,
    max(a.num) FILTER (WHERE a.report = t.batch) AS actual1,
    max(a.num) FILTER (WHERE a.report = t.batch + 1) AS actual2,
    max(a.num) FILTER (WHERE a.report = t.batch + 2) AS actual3
FROM t
JOIN clusters AS c ON c.cluster_id = t.cluster_id AND c.batch = t.batch
LEFT JOIN live AS a
    ON a.cluster_id = t.cluster_id
    AND a.batch = t.batch
    AND a.field = t.code
    AND a.report BETWEEN t.batch AND t.batch + 2
GROUP BY t.cluster_id, t.batch, t.code, t.baseline, t.target1, t.target2, t.target3, c.ord
ORDER BY c.ord, t.code;
