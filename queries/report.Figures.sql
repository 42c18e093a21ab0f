-- report.Figures: the figures of the selected clusters' follow-up reports
-- (report > 0), one row per cluster, report and year with a column per
-- numeric code (figures' own columns after the keys), beside report.Texts.
-- Not sorted: the caller groups the rows.
SELECT c.cluster_id, c.batch, f.report, f.* EXCLUDE (cluster_id, batch, ord, report)
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN figures AS f
    ON f.ord = c.ord
    AND f.report > 0;
