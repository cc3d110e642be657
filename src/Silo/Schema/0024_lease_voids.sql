-- A lease entered by mistake is voided, never deleted: it stays listed (state voided) and holds its unit on no day.
ALTER TABLE cv_leases
    ADD COLUMN IF NOT EXISTS voided_at   timestamptz NULL,
    ADD COLUMN IF NOT EXISTS void_reason text        NULL;

CREATE OR REPLACE FUNCTION cv_unit_tenancy(as_of date, park text DEFAULT NULL)
RETURNS TABLE (park_id text, unit_id text, building_id text, area_sqm numeric, counts boolean, leased numeric, committed numeric)
LANGUAGE sql STABLE AS $$
    WITH l AS (
        SELECT l.park_id, l.unit_id,
               sum(l.area_sqm) FILTER (WHERE l.starts_on <= as_of) AS leased,
               sum(l.area_sqm) FILTER (WHERE l.starts_on > as_of AND l.signed_on <= as_of) AS committed
          FROM cv_leases l
         WHERE l.ends_on > as_of AND l.voided_at IS NULL AND (park IS NULL OR l.park_id = park)
         GROUP BY l.park_id, l.unit_id)
    SELECT u.park_id, u.unit_id, u.building_id, u.area_sqm,
           u.available_since <= as_of OR coalesce(l.leased, 0) > 0,
           coalesce(l.leased, 0), coalesce(l.committed, 0)
      FROM cv_units u LEFT JOIN l ON l.park_id = u.park_id AND l.unit_id = u.unit_id
     WHERE park IS NULL OR u.park_id = park
$$;
