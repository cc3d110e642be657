-- The picture counts stages by kind and class: keep those on the stage rows so that counting
-- the pipeline on a date needs no join with cv_products.
ALTER TABLE cv_product_stages
    ADD COLUMN IF NOT EXISTS credit_code char(18) NULL,
    ADD COLUMN IF NOT EXISTS kind text NULL,
    ADD COLUMN IF NOT EXISTS class_one boolean NULL,
    ADD COLUMN IF NOT EXISTS innovative_device boolean NULL;

UPDATE cv_product_stages s
   SET credit_code = p.credit_code, kind = p.kind, class_one = p.class_one, innovative_device = p.innovative_device
  FROM cv_products p
 WHERE p.product_id = s.product_id AND s.kind IS NULL;
