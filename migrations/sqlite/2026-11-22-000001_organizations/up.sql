-- Regions, organizations, employer profiles and association memberships.
CREATE TABLE regions (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (length(code) = 6 AND code NOT GLOB '*[^0-9]*'),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind TEXT NOT NULL CHECK (kind IN ('PROVINCE', 'CITY', 'DISTRICT', 'COUNTY', 'COUNTY_LEVEL_CITY', 'DEVELOPMENT_ZONE')),
    parent_id INTEGER REFERENCES regions (id),
    path TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX regions_parent ON regions (parent_id);

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('UNION', 'EMPLOYER', 'EMPLOYER_ASSOCIATION', 'TRIPARTITE_OFFICE', 'LABOUR_ADMINISTRATION')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    parent_id INTEGER REFERENCES organizations (id),
    employer_id INTEGER REFERENCES organizations (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX organizations_region ON organizations (region_id);
CREATE INDEX organizations_parent ON organizations (parent_id);
CREATE INDEX organizations_kind ON organizations (kind, id);
-- An employer has one grassroots union.
CREATE UNIQUE INDEX organizations_grassroots_union ON organizations (employer_id) WHERE kind = 'UNION';

CREATE TABLE employer_profiles (
    organization_id INTEGER PRIMARY KEY REFERENCES organizations (id),
    credit_code TEXT NOT NULL UNIQUE CHECK (length(credit_code) = 18),
    legal_representative TEXT NOT NULL,
    industry_section TEXT NOT NULL CHECK (industry_section IN ('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T')),
    industry_division TEXT NOT NULL CHECK (length(industry_division) = 2),
    headcount INTEGER NOT NULL CHECK (headcount >= 0),
    address TEXT NOT NULL,
    operating_status TEXT NOT NULL CHECK (operating_status IN ('OPERATING', 'SUSPENDED', 'IN_REORGANISATION', 'BANKRUPT', 'DISSOLVED')),
    is_platform BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX employer_profiles_industry ON employer_profiles (industry_section, industry_division);

CREATE TABLE association_members (
    association_id INTEGER NOT NULL REFERENCES organizations (id),
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (association_id, employer_id)
);
CREATE INDEX association_members_employer ON association_members (employer_id);

-- Which parts of the demo city have been loaded, so that loading again is a no-op.
CREATE TABLE seed_runs (
    name TEXT PRIMARY KEY,
    loaded_at TIMESTAMP NOT NULL
);
