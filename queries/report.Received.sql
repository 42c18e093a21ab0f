-- report.Received: each follow-up report of the selected clusters, with the
-- time its first load came and the 报送日期 it states (see view.Receipts).
SELECT r.cluster_id, r.batch, r.report, r.loaded_at, r.stated
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN receipts AS r ON r.cluster_id = c.cluster_id AND r.batch = c.batch
ORDER BY r.batch, r.cluster_id, r.report;
