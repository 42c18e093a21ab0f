-- report.Contacts: whom to remind of a yearly report — the 主管部门 and the
-- 运营管理机构 with their contacts and phones, as each selected cluster's
-- application gives them.
SELECT x.cluster_id, x.batch, x.field, x.value
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN texts AS x ON x.cluster_id = c.cluster_id AND x.batch = c.batch
WHERE x.report = 0
    AND x.field IN ('authority', 'authority_contact', 'authority_phone', 'operator', 'operator_contact', 'operator_phone')
ORDER BY x.batch, x.cluster_id, x.field;
