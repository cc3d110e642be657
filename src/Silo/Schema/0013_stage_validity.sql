-- A product stage entry stops being current on the earliest date of any later entry: with it, the
-- stage on a date is a range filter instead of a sort over the whole history.
ALTER TABLE cv_product_stages ADD COLUMN IF NOT EXISTS superseded_on date NULL;

UPDATE cv_product_stages s
   SET superseded_on = later.first_date
  FROM (SELECT product_id, seq,
               min(entered_on) OVER (PARTITION BY product_id ORDER BY seq DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS first_date
          FROM cv_product_stages) later
 WHERE later.product_id = s.product_id AND later.seq = s.seq;
