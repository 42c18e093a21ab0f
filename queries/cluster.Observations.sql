-- cluster.Observations: everything one cluster's application and follow-up
-- reports say, for its profile — only when the cluster is in the user's scope.
-- Each row with the load it came from; a text's value from texts (the
-- cluster's rows only, read before the join).
SELECT o.field, o.year, o.as_of, o.report, x.value, o.num, o.load_id
FROM selected($batch, '', '', '', '', '', $cluster_id, $scope_province, $scope_city, $scope_county) AS c
JOIN observations AS o
    ON o.cluster_id = c.cluster_id
    AND o.batch = c.batch
LEFT JOIN (SELECT * FROM texts WHERE ord IN (SELECT ord FROM clusters WHERE cluster_id = $cluster_id)) AS x
    ON x.batch = o.batch
    AND x.report = o.report
    AND x.field = o.field
    AND x.year IS NOT DISTINCT FROM o.year
    AND o.num IS NULL
WHERE c.cluster_id = $cluster_id
ORDER BY o.report, o.field, o.as_of;
