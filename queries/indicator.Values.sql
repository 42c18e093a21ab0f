-- indicator.Values: one indicator of the selected clusters in one year (the
-- application's history before the batch year, follow-up actuals from it on).
SELECT c.cluster_id, c.batch, c.name, c.province, c.city, c.leading_industry, c.recognised, o.num AS value
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
LEFT JOIN observations AS o
    ON o.cluster_id = c.cluster_id
    AND o.batch = c.batch
    AND o.field = $field
    AND o.as_of = $year
ORDER BY value DESC NULLS LAST, c.cluster_id;
