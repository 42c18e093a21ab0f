-- assess.Applications: the texts and targets of the selected clusters'
-- applications (not follow-up actuals), for judging the criteria and target
-- rules and scoring, as rows of (field, year, value or num); their figures
-- come from assess.Figures. Names and places are not repeated on every row:
-- the application's cover page gives them. The long answers (the fields
-- named *_text, text200 and text3000 of fields.csv) only when
-- $long_answers: the copy checks read them, the 复核 does not, and at a
-- batch's 复核 they are most of the bytes. Not sorted: the caller groups
-- the rows.
WITH c AS MATERIALIZED (
    SELECT cluster_id, batch, ord, recognised
    FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county)
),
planned AS (
    UNPIVOT (
        SELECT t.cluster_id, t.batch, t.code, t.baseline AS "-1", t.target1 AS "0", t.target2 AS "1", t.target3 AS "2"
        FROM c JOIN targets AS t ON t.ord = c.ord
    ) ON "-1", "0", "1", "2" INTO NAME step VALUE num
)
SELECT c.cluster_id, c.batch, c.recognised, x.field, x.year, x.as_of, x.value, NULL AS num
FROM c JOIN texts AS x ON x.ord = c.ord AND x.report = 0
WHERE $long_answers OR NOT suffix(x.field, '_text')
UNION ALL
SELECT c.cluster_id, c.batch, c.recognised, 'target.' || p.code, p.batch + p.step::INTEGER, p.batch + p.step::INTEGER, NULL, p.num
FROM c JOIN planned AS p ON p.cluster_id = c.cluster_id AND p.batch = c.batch;
