-- Proposals now also carry enterprises' own records (a new product, a product's description or stage, a round or loan): which
-- kind, and the product concerned.
ALTER TABLE cv_proposals ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'profile';
ALTER TABLE cv_proposals ADD COLUMN IF NOT EXISTS product_id text NULL;
