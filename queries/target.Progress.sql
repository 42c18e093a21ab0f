-- target.Progress: for the selected clusters, every numeric part 八 target
-- with its years as columns — baseline, the three stage targets, and the
-- follow-up actual of each stage year (NULL where no report came, which is
-- "missing", never zero) — one row per cluster and target code. The
-- clusters' names and places are not repeated on each of their ten or so
-- rows: the caller has them from cluster.List. Not sorted (sorting a
-- million rows at 100,000 clusters cost a third of a second): a cluster's
-- rows mostly come together, in the table's order, and the page orders
-- what it shows.
SELECT c.cluster_id, c.batch, t.code, t.baseline, t.target1, t.target2, t.target3, t.actual1, t.actual2, t.actual3
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
JOIN targets AS t ON t.ord = c.ord;
