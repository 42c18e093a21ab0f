-- overview.Counts: how many selected clusters there are by batch, province,
-- industry type and status (recognised or candidate).
SELECT batch, province, industry_type, recognised, count(*) AS clusters
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county)
GROUP BY ALL
ORDER BY batch, province, industry_type, recognised;
