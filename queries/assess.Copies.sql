-- assess.Copies: for one cluster's application, the other applications of
-- its batch (in the user's scope) that have one of its 200-character
-- answers, its 运营管理机构 or its operator's phone, matched loosely: only
-- letters and digits compared, which keeps every pair the consistency
-- check (CS10, CS11) would find, and a few more it then sets aside. The
-- long answers are the fields whose codes end in _text (a test of the
-- catalog holds fields.csv to that). Each row is one such text of another
-- cluster, with that cluster's name.
WITH c AS MATERIALIZED (
    SELECT cluster_id, batch, name
    FROM selected($batch, '', '', '', '', '', '', $scope_province, $scope_city, $scope_county)
), x AS MATERIALIZED (
    SELECT t.cluster_id, t.batch, t.field, t.year, t.as_of, t.value, c.name,
        CASE WHEN t.field IN ('operator', 'operator_phone') THEN t.field ELSE 'text' END AS kind,
        regexp_replace(t.value, '[^\p{L}\p{N}]', '', 'g') AS loose
    FROM c
    JOIN texts AS t ON t.cluster_id = c.cluster_id AND t.batch = c.batch
    WHERE t.report = 0
        AND (ends_with(t.field, '_text') OR t.field IN ('operator', 'operator_phone'))
)
SELECT DISTINCT o.cluster_id, o.name, o.field, o.year, o.as_of, o.value
FROM x AS me
JOIN x AS o ON o.loose = me.loose AND o.kind = me.kind AND o.cluster_id <> me.cluster_id
WHERE me.cluster_id = $cluster_id AND me.loose <> ''
ORDER BY o.cluster_id, o.field;
