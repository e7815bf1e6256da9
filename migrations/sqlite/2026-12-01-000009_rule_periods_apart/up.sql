-- A region may set its filing period or its publication period alone; the
-- other is then the nearest region's above, or the national default. The
-- table is made anew (SQLite cannot drop a NOT NULL in place).
ALTER TABLE agreement_rules RENAME TO agreement_rules_before;
CREATE TABLE agreement_rules (
    region_id INTEGER NOT NULL REFERENCES regions (id),
    kind TEXT NOT NULL CHECK (kind IN ('COLLECTIVE_CONTRACT', 'SPECIAL_CONTRACT', 'SECTOR_CONTRACT', 'REGIONAL_CONTRACT')),
    special_subject TEXT NOT NULL CHECK (special_subject IN ('', 'WAGE', 'SAFETY_HEALTH', 'WOMEN_WORKERS', 'SKILL_LEVEL_WAGE', 'OTHER')),
    filing_days INTEGER CHECK (filing_days BETWEEN 1 AND 60),
    publication_days INTEGER CHECK (publication_days BETWEEN 1 AND 60),
    updated_at TIMESTAMP NOT NULL,
    CHECK (filing_days IS NOT NULL OR publication_days IS NOT NULL),
    CONSTRAINT agreement_rules_region_kind_subject PRIMARY KEY (region_id, kind, special_subject)
);
INSERT INTO agreement_rules (region_id, kind, special_subject, filing_days, publication_days, updated_at)
    SELECT region_id, kind, special_subject, filing_days, publication_days, updated_at FROM agreement_rules_before;
DROP TABLE agreement_rules_before;
