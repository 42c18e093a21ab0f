-- batch.List: every batch within the user's scope, with its number of
-- clusters and the years for which it has figures (history from the
-- application, actuals after).
SELECT
    c.batch,
    count(DISTINCT c.cluster_id) AS clusters,
    min(o.as_of) AS first_year,
    max(o.as_of) AS last_year
FROM selected(0, '', '', '', '', '', '', $scope_province, $scope_city, $scope_county) AS c
LEFT JOIN observations AS o
    ON o.cluster_id = c.cluster_id
    AND o.batch = c.batch
    AND o.field = 'output_total'
GROUP BY c.batch
ORDER BY c.batch;
