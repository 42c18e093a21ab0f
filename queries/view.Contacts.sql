-- view.Contacts: whom to remind of a cluster's yearly reports — the
-- 主管部门 and the 运营管理机构 with their contacts and phones, as each
-- cluster's application gives them — one row per cluster and batch, a
-- column per field in the order of ContactFields (report.go). Made once
-- per snapshot: picking them out of the texts for each 目标监测 page took
-- 1.4 s at 100,000 clusters.
CREATE OR REPLACE TABLE contacts AS
SELECT cluster_id, batch,
    max(value) FILTER (WHERE field = 'authority') AS authority,
    max(value) FILTER (WHERE field = 'authority_contact') AS authority_contact,
    max(value) FILTER (WHERE field = 'authority_phone') AS authority_phone,
    max(value) FILTER (WHERE field = 'operator') AS operator,
    max(value) FILTER (WHERE field = 'operator_contact') AS operator_contact,
    max(value) FILTER (WHERE field = 'operator_phone') AS operator_phone
FROM texts
WHERE report = 0
    AND field IN ('authority', 'authority_contact', 'authority_phone', 'operator', 'operator_contact', 'operator_phone')
GROUP BY cluster_id, batch
ORDER BY batch, cluster_id;
