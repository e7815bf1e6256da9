DROP INDEX organizations_one_city_office;
ALTER TABLE organizations DROP COLUMN city_office;
