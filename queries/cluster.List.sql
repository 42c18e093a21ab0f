-- cluster.List: the selected clusters, for pickers and tables (two of the
-- same name in one city by id, so that the order never varies).
SELECT cluster_id, batch, name, province, city, county, leading_industry, industry_type, recognised
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county)
ORDER BY batch, province, city, name, cluster_id;
