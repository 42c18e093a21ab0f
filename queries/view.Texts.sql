-- view.Texts: the values that are not numbers — names, places, answers,
-- ticks, dates, free text, qualitative targets and the labels of the
-- applicant's own targets — one row per cluster, batch, report, field and
-- year, sorted by batch, province, city and cluster: what the assessment
-- reads beside figures and targets, which hold every number.
CREATE OR REPLACE TABLE texts AS
SELECT o.cluster_id, o.batch, c.ord, o.report, o.field, o.year, o.as_of, o.value
FROM live AS o
JOIN clusters AS c ON c.cluster_id = o.cluster_id AND c.batch = o.batch
WHERE o.num IS NULL
ORDER BY c.ord;
