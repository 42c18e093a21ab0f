-- report.Observations: every follow-up row (report > 0) of the selected
-- clusters, for the 复核 and for the changes between reports: the numbers
-- from the long table, the texts from texts (each value is kept once, so
-- the two together are every row; no join between them, which at 10,000
-- clusters would match every text against every row).
WITH c AS (
    SELECT cluster_id, batch
    FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county)
)
SELECT o.cluster_id, o.batch, o.report, o.field, o.year, o.as_of, NULL::VARCHAR AS value, o.num
FROM c
JOIN observations AS o ON o.cluster_id = c.cluster_id AND o.batch = c.batch
WHERE o.report > 0 AND o.num IS NOT NULL
UNION ALL
SELECT x.cluster_id, x.batch, x.report, x.field, x.year, x.as_of, x.value, NULL::DOUBLE AS num
FROM c
JOIN texts AS x ON x.cluster_id = c.cluster_id AND x.batch = c.batch
WHERE x.report > 0
ORDER BY batch, cluster_id, report;
