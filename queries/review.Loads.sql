-- review.Loads: per selected cluster, the load that holds its application
-- as it stands (the latest of its application rows): a resubmission after
-- 退回修改 is a later load. Only clusters in the user's scope.
SELECT c.cluster_id, max(o.load_id) AS load_id
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN observations AS o
    ON o.cluster_id = c.cluster_id
    AND o.batch = c.batch
    AND o.report = 0
GROUP BY c.cluster_id
ORDER BY c.cluster_id;
