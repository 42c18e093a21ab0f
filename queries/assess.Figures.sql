-- assess.Figures: the figures of the selected clusters' applications, one
-- row per cluster and year with a column per numeric code (figures' own
-- columns after the keys), for the assessment beside assess.Applications.
-- Not sorted: the caller groups the rows.
SELECT c.cluster_id, c.batch, c.recognised, f.* EXCLUDE (cluster_id, batch, ord, report)
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN figures AS f
    ON f.ord = c.ord
    AND f.report = 0;
