DELETE FROM risk_case_links WHERE kind = 'LAYOFF_PLAN';
CREATE TABLE risk_case_links_kept AS SELECT * FROM risk_case_links;
DROP TABLE risk_case_links;
CREATE TABLE risk_case_links (
    case_id INTEGER NOT NULL REFERENCES risk_cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('OFFER', 'AGREEMENT')),
    subject_id INTEGER NOT NULL,
    linked_by_id INTEGER NOT NULL REFERENCES organizations (id),
    linked_at TIMESTAMP NOT NULL,
    CONSTRAINT risk_case_links_key PRIMARY KEY (case_id, kind, subject_id)
);
INSERT INTO risk_case_links (case_id, kind, subject_id, linked_by_id, linked_at)
    SELECT case_id, kind, subject_id, linked_by_id, linked_at FROM risk_case_links_kept;
DROP TABLE risk_case_links_kept;
