-- report.Received: each follow-up report of the selected clusters, with the
-- time its first load came (a corrected resubmission does not make it
-- later) and the 报送日期 (reported_on) that the report in force states.
WITH c AS (
    SELECT cluster_id, batch
    FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county)
), first AS (
    SELECT r.cluster_id, r.batch, r.report, min(l.loaded_at) AS loaded_at
    FROM c
    JOIN raw_observations AS r ON r.cluster_id = c.cluster_id AND r.batch = c.batch AND r.report > 0
    JOIN loads AS l ON l.load_id = r.load_id
    GROUP BY r.cluster_id, r.batch, r.report
)
SELECT f.cluster_id, f.batch, f.report, f.loaded_at, s.value AS stated
FROM first AS f
LEFT JOIN texts AS s
    ON s.cluster_id = f.cluster_id
    AND s.batch = f.batch
    AND s.report = f.report
    AND s.field = 'reported_on'
ORDER BY f.batch, f.cluster_id, f.report;
