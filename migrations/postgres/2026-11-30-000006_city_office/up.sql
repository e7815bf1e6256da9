-- The city tripartite office is a stored designation, made at the first
-- start, not inferred from an office without a parent.
ALTER TABLE organizations ADD COLUMN city_office BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX organizations_one_city_office ON organizations (city_office) WHERE city_office;
UPDATE organizations SET city_office = TRUE
WHERE id = (SELECT MIN(id) FROM organizations WHERE kind = 'TRIPARTITE_OFFICE' AND parent_id IS NULL);
