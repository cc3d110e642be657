-- Why a lease ended early, next to the end agreed at signing (original_ends_on), so lists show both.
ALTER TABLE cv_leases ADD COLUMN IF NOT EXISTS termination_reason text NULL;
