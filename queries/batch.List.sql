-- batch.List: every batch within the user's scope, with its number of
-- clusters and the years for which it has figures (history from the
-- application, actuals after).
SELECT
    c.batch,
    count(DISTINCT c.cluster_id) AS clusters,
    min(f.year) AS first_year,
    max(f.year) AS last_year
FROM selected(0, '', '', '', '', '', '', $scope_province, $scope_city, $scope_county) AS c
LEFT JOIN figures AS f
    ON f.ord = c.ord
    AND f.output_total IS NOT NULL
GROUP BY c.batch
ORDER BY c.batch;
