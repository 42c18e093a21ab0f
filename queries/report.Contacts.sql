-- report.Contacts: whom to remind of the yearly reports of the clusters
-- asked — $ids and $batches, zipped: those with a report to chase, a fifth
-- of all at 100,000 clusters — among the selected, as view.Contacts has
-- them: one row per cluster, a column per field in the order of
-- ContactFields (report.go).
SELECT c.cluster_id, c.batch, x.authority, x.authority_contact, x.authority_phone, x.operator, x.operator_contact, x.operator_phone
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN (SELECT unnest($ids::VARCHAR[]) AS cluster_id, unnest($batches::INTEGER[]) AS batch) AS a
    ON a.cluster_id = c.cluster_id AND a.batch = c.batch
JOIN contacts AS x ON x.cluster_id = c.cluster_id AND x.batch = c.batch
ORDER BY c.batch, c.cluster_id;
