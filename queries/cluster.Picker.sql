-- cluster.Picker: the first $limit of the selected clusters in cluster.List's
-- order, each with how many were selected in all: the 集群档案 page's picker,
-- which cannot list 10,000 clusters, lists these and says how many more a
-- search would narrow.
SELECT cluster_id, batch, name, count(*) OVER () AS total
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county)
ORDER BY batch, province, city, name, cluster_id
LIMIT $limit;
