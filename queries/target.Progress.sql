-- target.Progress: for the selected clusters, every numeric part 八 target
-- (baseline and stage values) beside the follow-up actual of the same code
-- and year — NULL where no report came, which is "missing", never zero.
WITH t AS (
    SELECT o.cluster_id, o.batch, split_part(o.field, '.', 2) AS code, o.as_of AS year, o.num AS target
    FROM observations AS o
    WHERE o.report = 0
        AND o.field LIKE 'target.%'
        AND o.field NOT LIKE '%:%'
        AND o.num IS NOT NULL
)
SELECT c.cluster_id, c.batch, c.name, c.province, c.city, c.leading_industry,
    t.code, t.year, t.target, a.num AS actual
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN t ON t.cluster_id = c.cluster_id AND t.batch = c.batch
LEFT JOIN observations AS a
    ON a.cluster_id = c.cluster_id
    AND a.batch = c.batch
    AND a.report = t.year
    AND a.field = t.code
ORDER BY c.cluster_id, t.code, t.year;
