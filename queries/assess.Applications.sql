-- assess.Applications: the application (not follow-up actuals) of the
-- selected clusters, for judging the criteria and target rules and scoring:
-- its figures, texts and targets as rows of (field, year, value or num),
-- the shape the assessment indexes. Names and places are not repeated on
-- every row: the application's cover page gives them. Sorted by cluster
-- only: the caller groups the rows.
WITH c AS MATERIALIZED (
    SELECT cluster_id, batch, recognised
    FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county)
),
numbers AS (
    UNPIVOT (
        SELECT f.* EXCLUDE (report)
        FROM c JOIN figures AS f ON f.cluster_id = c.cluster_id AND f.batch = c.batch
        WHERE f.report = 0
    ) ON COLUMNS(* EXCLUDE (cluster_id, batch, year)) INTO NAME field VALUE num
),
planned AS (
    UNPIVOT (
        SELECT t.cluster_id, t.batch, t.code, t.baseline AS "-1", t.target1 AS "0", t.target2 AS "1", t.target3 AS "2"
        FROM c JOIN targets AS t ON t.cluster_id = c.cluster_id AND t.batch = c.batch
    ) ON "-1", "0", "1", "2" INTO NAME step VALUE num
)
SELECT c.cluster_id, c.batch, c.recognised, n.field, n.year, n.year AS as_of, NULL::VARCHAR AS value, n.num
FROM c JOIN numbers AS n ON n.cluster_id = c.cluster_id AND n.batch = c.batch
UNION ALL
SELECT c.cluster_id, c.batch, c.recognised, x.field, x.year, x.as_of, x.value, NULL
FROM c JOIN texts AS x ON x.cluster_id = c.cluster_id AND x.batch = c.batch AND x.report = 0
UNION ALL
SELECT c.cluster_id, c.batch, c.recognised, 'target.' || p.code, p.batch + p.step::INTEGER, p.batch + p.step::INTEGER, NULL, p.num
FROM c JOIN planned AS p ON p.cluster_id = c.cluster_id AND p.batch = c.batch
ORDER BY c.batch, c.cluster_id;
