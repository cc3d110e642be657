-- A round's guidance-fund (政府引导基金) part is counted as such, the rest as equity: the whole round when
-- every investor is a guidance fund, else what the guidance-fund investors are stated to have put in.
ALTER TABLE cv_funding ADD COLUMN IF NOT EXISTS guidance_yuan numeric(18, 2) NOT NULL DEFAULT 0;
UPDATE cv_funding f
   SET guidance_yuan = CASE
           WHEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(f.investors) i WHERE i->>'type' <> 'guidance-fund') THEN f.amount
           ELSE coalesce((SELECT sum((i->>'amountYuan')::numeric) FROM jsonb_array_elements(f.investors) i
                           WHERE i->>'type' = 'guidance-fund'), 0) END,
       source = 'equity'
 WHERE f.source = 'guidance-fund';
CREATE INDEX IF NOT EXISTS ix_cv_funding_investors ON cv_funding USING gin (investors jsonb_path_ops);
