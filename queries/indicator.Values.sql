-- indicator.Values: one indicator of the selected clusters in one year (the
-- application's history before the batch year, follow-up actuals from it on).
-- $field names a column of figures (the caller checks that it is one).
SELECT c.cluster_id, c.batch, c.name, c.province, c.city, c.leading_industry, c.recognised, f.value
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
LEFT JOIN (
    SELECT ord, COLUMNS(col -> col = $field) AS value
    FROM figures
    WHERE year = $year
) AS f
    ON f.ord = c.ord
ORDER BY value DESC NULLS LAST, c.cluster_id;
