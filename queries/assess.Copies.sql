-- assess.Copies: for one cluster's application, the other applications of
-- its batch (in the user's scope) that have one of its 200-character
-- answers, its 运营管理机构 or its operator's phone, matched loosely: only
-- letters and digits compared (view.Copies), which keeps every pair the
-- consistency check (CS10, CS11) would find, and a few more it then sets
-- aside. The long answers are the fields whose codes end in _text (a test
-- of the catalog holds fields.csv to that). Each row is one such text of
-- another cluster, with that cluster's name.
WITH c AS MATERIALIZED (
    SELECT cluster_id, batch, name
    FROM selected($batch, '', '', '', '', '', '', $scope_province, $scope_city, $scope_county)
), me AS (
    SELECT k.kind, k.loose
    FROM copies AS k
    JOIN c ON c.cluster_id = k.cluster_id AND c.batch = k.batch
    WHERE k.cluster_id = $cluster_id
), o AS (
    SELECT DISTINCT k.cluster_id, k.batch, k.field, k.year
    FROM copies AS k
    JOIN me ON k.kind = me.kind AND k.loose = me.loose
    WHERE k.batch = $batch AND k.cluster_id <> $cluster_id
)
SELECT t.cluster_id, c.name, t.field, t.year, t.as_of, t.value
FROM o
JOIN c ON c.cluster_id = o.cluster_id AND c.batch = o.batch
JOIN texts AS t ON t.cluster_id = o.cluster_id AND t.batch = o.batch AND t.report = 0 AND t.field = o.field
    AND t.year IS NOT DISTINCT FROM o.year
ORDER BY t.cluster_id, t.field;
