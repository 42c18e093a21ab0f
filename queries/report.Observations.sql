-- report.Observations: the texts of the selected clusters' follow-up
-- reports (report > 0), for the 复核 and for the changes between reports,
-- as rows of (field, year, value), without the long answers (the fields
-- named *_text), which neither reads; their numbers come from
-- report.Figures. Not sorted: the caller groups the rows.
SELECT x.cluster_id, x.batch, x.report, x.field, x.year, x.as_of, x.value
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN texts AS x ON x.ord = c.ord
WHERE x.report > 0 AND NOT suffix(x.field, '_text');
