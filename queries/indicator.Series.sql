-- indicator.Series: one indicator of the selected clusters over every year
-- it was reported. $field names a column of figures (the caller checks that
-- it is one).
SELECT c.cluster_id, c.batch, c.name, f.year, f.value
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN (
    SELECT ord, year, COLUMNS(col -> col = $field) AS value
    FROM figures
) AS f
    ON f.ord = c.ord
WHERE f.value IS NOT NULL
ORDER BY c.cluster_id, year;
