-- Each employer with a profile as the coverage report counts it: its
-- region, industry section and workers (the profile's headcount), and
-- whether a contract in force binds it. Kept by every change that moves
-- one of these (schema/src/evaluation/tally.rs), with the tallies below.
CREATE TABLE coverage_counted (
    employer_id INTEGER PRIMARY KEY REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    industry_section TEXT NOT NULL,
    workers INTEGER NOT NULL CHECK (workers >= 0),
    covered BOOLEAN NOT NULL
);

-- The counted employers summed by region and industry section, so that a
-- coverage report reads a few hundred rows, not every employer.
CREATE TABLE coverage_tallies (
    region_id INTEGER NOT NULL REFERENCES regions (id),
    industry_section TEXT NOT NULL,
    employers INTEGER NOT NULL CHECK (employers >= 0),
    workers INTEGER NOT NULL CHECK (workers >= 0),
    employers_covered INTEGER NOT NULL CHECK (employers_covered BETWEEN 0 AND employers),
    workers_covered INTEGER NOT NULL CHECK (workers_covered BETWEEN 0 AND workers),
    PRIMARY KEY (region_id, industry_section)
);

-- The employers there are (the contracts are the four kinds that bind
-- their workers: collective, special, sector and regional).
INSERT INTO coverage_counted (employer_id, region_id, industry_section, workers, covered)
SELECT o.id, o.region_id, p.industry_section, p.headcount,
    EXISTS (
        SELECT 1 FROM agreement_employers ae JOIN agreements a ON a.id = ae.agreement_id
        WHERE ae.employer_id = o.id AND a.status = 'EFFECTIVE'
            AND a.kind IN ('COLLECTIVE_CONTRACT', 'SPECIAL_CONTRACT', 'SECTOR_CONTRACT', 'REGIONAL_CONTRACT')
    )
FROM organizations o JOIN employer_profiles p ON p.organization_id = o.id
WHERE o.kind = 'EMPLOYER';

INSERT INTO coverage_tallies (region_id, industry_section, employers, workers, employers_covered, workers_covered)
SELECT region_id, industry_section, COUNT(*), SUM(workers),
    SUM(CASE WHEN covered THEN 1 ELSE 0 END), SUM(CASE WHEN covered THEN workers ELSE 0 END)
FROM coverage_counted
GROUP BY region_id, industry_section;
