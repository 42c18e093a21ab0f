-- compare.Headline: the four headline metrics of every cluster of a batch,
-- for one year, optionally within one province; largest output first.
-- $1 batch, $2 year, $3 province ('' for all)
SELECT
    c.cluster_id,
    c.name,
    c.province,
    c.city,
    c.leading_industry,
    c.recognised,
    max(o.num) FILTER (WHERE o.field = 'output_total') AS output_total,
    max(o.num) FILTER (WHERE o.field = 'rd_intensity') AS rd_intensity,
    max(o.num) FILTER (WHERE o.field = 'cloud_adoption') AS cloud_adoption,
    max(o.num) FILTER (WHERE o.field = 'co2_per_output') AS co2_per_output
FROM clusters AS c
LEFT JOIN observations AS o
    ON o.cluster_id = c.cluster_id
    AND o.batch = c.batch
    AND o.as_of = $2
    AND o.field IN ('output_total', 'rd_intensity', 'cloud_adoption', 'co2_per_output')
WHERE c.batch = $1
    AND ($3 = '' OR c.province = $3)
GROUP BY ALL
ORDER BY output_total DESC NULLS LAST, c.cluster_id;
