-- view.Copies: what the consistency check compares between applications —
-- the long answers (fields ending in _text), the 运营管理机构 and its phone —
-- with only their letters and digits kept ("loose"), made once per
-- snapshot: assess.Copies looks one cluster's up among its batch's, which
-- cost 0.2 s an ask at 10,000 clusters when every text was normalised for
-- it. Sorted so that a batch's texts of one kind and value are together.
CREATE OR REPLACE TABLE copies AS
SELECT *
FROM (
    SELECT cluster_id, batch, field, year,
        CASE WHEN field IN ('operator', 'operator_phone') THEN field ELSE 'text' END AS kind,
        regexp_replace(value, '[^\p{L}\p{N}]', '', 'g') AS loose
    FROM texts
    WHERE report = 0 AND (ends_with(field, '_text') OR field IN ('operator', 'operator_phone'))
)
WHERE loose <> ''
ORDER BY batch, kind, loose, cluster_id;
