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
    f.output_total,
    f.rd_intensity,
    f.cloud_adoption,
    f.co2_per_output
FROM selected($batch, $province, $city, $industry_type, $leading_industry, $status, $q, $scope_province, $scope_city, $scope_county) AS c
LEFT JOIN figures AS f
    ON f.ord = c.ord
    AND f.year = $year
ORDER BY output_total DESC NULLS LAST, c.cluster_id;
