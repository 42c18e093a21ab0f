-- view.Selected: the clusters a question is about — its filters, and always
-- the user's scope (a province, a city, a county, or everything). Every question that
-- reads clusters goes through this macro, so scope is enforced in one place.
-- Parameters start with p_ so they cannot be taken for columns.
CREATE OR REPLACE MACRO selected(
    p_batch, p_province, p_city, p_industry_type, p_leading_industry, p_status, p_q, p_scope_province, p_scope_city, p_scope_county
) AS TABLE
SELECT *
FROM clusters AS c
WHERE (p_batch = 0 OR c.batch = p_batch)
    AND (p_province = '' OR c.province = p_province)
    AND (p_city = '' OR c.city = p_city)
    AND (p_industry_type = '' OR c.industry_type = p_industry_type)
    AND (p_leading_industry = '' OR c.leading_industry = p_leading_industry)
    AND (p_status = '' OR c.recognised = (p_status = 'recognised'))
    AND (p_q = '' OR contains(c.name, p_q) OR c.cluster_id = p_q)
    AND (p_scope_province = '' OR c.province = p_scope_province)
    AND (p_scope_city = '' OR c.city = p_scope_city)
    AND (p_scope_county = '' OR c.county = p_scope_county);
