-- A case's links to the offers and agreements of the same employer (later
-- its layoff plans too), set by the office that follows it.
CREATE TABLE risk_case_links (
    case_id INTEGER NOT NULL REFERENCES risk_cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('OFFER', 'AGREEMENT')),
    subject_id INTEGER NOT NULL,
    linked_by_id INTEGER NOT NULL REFERENCES organizations (id),
    linked_at TIMESTAMP NOT NULL,
    CONSTRAINT risk_case_links_key PRIMARY KEY (case_id, kind, subject_id)
);

-- The cases merged into a case.
CREATE INDEX risk_cases_merged_into ON risk_cases (merged_into_id);
