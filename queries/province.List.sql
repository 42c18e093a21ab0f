-- province.List: the provinces of a batch's clusters with their counts.
-- $1 batch
SELECT province, count(*) AS clusters
FROM clusters
WHERE batch = $1
GROUP BY province
ORDER BY clusters DESC, province;
