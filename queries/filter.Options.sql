-- filter.Options: the values each filter can take among the clusters of a
-- batch in the user's scope, with counts: what the page's selects offer.
SELECT 'province' AS filter, province AS value, count(*) AS clusters
FROM selected($batch, '', '', '', '', '', '', $scope_province, $scope_city, $scope_county)
GROUP BY province
UNION ALL
SELECT 'city', city, count(*)
FROM selected($batch, $province, '', '', '', '', '', $scope_province, $scope_city, $scope_county)
GROUP BY city
UNION ALL
SELECT 'industry_type', industry_type, count(*)
FROM selected($batch, $province, $city, '', '', '', '', $scope_province, $scope_city, $scope_county)
GROUP BY industry_type
UNION ALL
SELECT 'leading_industry', leading_industry, count(*)
FROM selected($batch, $province, $city, $industry_type, '', '', '', $scope_province, $scope_city, $scope_county)
GROUP BY leading_industry
ORDER BY filter, clusters DESC, value;
