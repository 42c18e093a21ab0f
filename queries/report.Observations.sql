-- report.Observations: every follow-up row (report > 0) of the selected
-- clusters, for the 复核 and for the changes between reports; a text's
-- value from texts.
SELECT c.cluster_id, c.batch, o.report, o.field, o.year, o.as_of, x.value, o.num
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN observations AS o
    ON o.cluster_id = c.cluster_id
    AND o.batch = c.batch
    AND o.report > 0
LEFT JOIN texts AS x
    ON x.cluster_id = o.cluster_id
    AND x.batch = o.batch
    AND x.report = o.report
    AND x.field = o.field
    AND x.year IS NOT DISTINCT FROM o.year
    AND o.num IS NULL
ORDER BY c.batch, c.cluster_id, o.report;
