-- report.Contacts: whom to remind of a yearly report — the 主管部门 and the
-- 运营管理机构 with their contacts and phones, as each selected cluster's
-- application gives them: one row per cluster, a column per field in the
-- order of ContactFields (report.go).
SELECT c.cluster_id, c.batch,
    max(x.value) FILTER (WHERE x.field = 'authority') AS authority,
    max(x.value) FILTER (WHERE x.field = 'authority_contact') AS authority_contact,
    max(x.value) FILTER (WHERE x.field = 'authority_phone') AS authority_phone,
    max(x.value) FILTER (WHERE x.field = 'operator') AS operator,
    max(x.value) FILTER (WHERE x.field = 'operator_contact') AS operator_contact,
    max(x.value) FILTER (WHERE x.field = 'operator_phone') AS operator_phone
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN texts AS x ON x.cluster_id = c.cluster_id AND x.batch = c.batch
WHERE x.report = 0
    AND x.field IN ('authority', 'authority_contact', 'authority_phone', 'operator', 'operator_contact', 'operator_phone')
GROUP BY c.cluster_id, c.batch
ORDER BY c.batch, c.cluster_id;
