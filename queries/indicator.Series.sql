-- indicator.Series: one indicator of the selected clusters over every year
-- it was reported.
SELECT c.cluster_id, c.batch, c.name, o.as_of AS year, o.num AS value
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN observations AS o
    ON o.cluster_id = c.cluster_id
    AND o.batch = c.batch
    AND o.field = $field
    AND o.num IS NOT NULL
ORDER BY c.cluster_id, year;
