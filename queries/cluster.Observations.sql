-- cluster.Observations: everything one cluster's application and follow-up
-- reports say, for its profile — only when the cluster is in the user's scope.
SELECT o.field, o.year, o.as_of, o.report, o.value, o.num, o.load_id
FROM selected($batch, '', '', '', '', '', $cluster_id, $scope_province, $scope_city, $scope_county) AS c
JOIN observations AS o
    ON o.cluster_id = c.cluster_id
    AND o.batch = c.batch
WHERE c.cluster_id = $cluster_id
ORDER BY o.report, o.field, o.as_of;
