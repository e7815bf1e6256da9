DROP TABLE seed_runs;
DROP TABLE association_members;
DROP TABLE employer_profiles;
DROP TABLE organizations;
DROP TABLE regions;
