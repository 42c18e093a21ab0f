-- assess.Applications: the application rows (not follow-up actuals) of the
-- selected clusters, for judging the criteria and target rules and scoring.
-- Names and places are not repeated on every row: the application's cover
-- page gives them. Sorted by cluster only: the caller groups the rows.
SELECT c.cluster_id, c.batch, c.recognised, o.field, o.year, o.as_of, o.value, o.num
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN observations AS o
    ON o.cluster_id = c.cluster_id
    AND o.batch = c.batch
    AND o.report = 0
ORDER BY c.batch, c.cluster_id;
