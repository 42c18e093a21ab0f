-- compare.Headline: the four headline metrics of the selected clusters in
-- one year; largest output first.
SELECT
    c.cluster_id,
    c.batch,
    c.name,
    c.province,
    c.city,
    c.leading_industry,
    c.recognised,
    max(o.num) FILTER (WHERE o.field = 'output_total') AS output_total,
    max(o.num) FILTER (WHERE o.field = 'rd_intensity') AS rd_intensity,
    max(o.num) FILTER (WHERE o.field = 'cloud_adoption') AS cloud_adoption,
    max(o.num) FILTER (WHERE o.field = 'co2_per_output') AS co2_per_output
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
LEFT JOIN observations AS o
    ON o.cluster_id = c.cluster_id
    AND o.batch = c.batch
    AND o.as_of = $year
    AND o.field IN ('output_total', 'rd_intensity', 'cloud_adoption', 'co2_per_output')
GROUP BY ALL
ORDER BY output_total DESC NULLS LAST, c.cluster_id;
