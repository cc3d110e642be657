-- Credit codes as text: parameters arrive as text, and comparing a char(18) column with text casts
-- the column, which bypasses its index (every lookup by code became a scan).
ALTER TABLE cv_enterprises ALTER COLUMN credit_code TYPE text;
ALTER TABLE cv_products ALTER COLUMN credit_code TYPE text;
ALTER TABLE cv_product_stages ALTER COLUMN credit_code TYPE text;
ALTER TABLE cv_funding ALTER COLUMN credit_code TYPE text;
ALTER TABLE cv_leases ALTER COLUMN tenant_code TYPE text;
ALTER TABLE cv_leads ALTER COLUMN credit_code TYPE text;
ALTER TABLE cv_leads ALTER COLUMN landed_code TYPE text;
ALTER TABLE cv_tier_recognitions ALTER COLUMN credit_code TYPE text;
ALTER TABLE cv_funding ALTER COLUMN currency TYPE text;

-- The rewrite leaves no statistics; plan the picture's queries on fresh ones.
ANALYZE cv_enterprises;
ANALYZE cv_products;
ANALYZE cv_product_stages;
ANALYZE cv_funding;
ANALYZE cv_leases;
ANALYZE cv_leads;
ANALYZE cv_tier_recognitions;
