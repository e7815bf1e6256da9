-- A case may be linked to a layoff plan of its employer too: a plan under
-- LCL Art. 41 is monitored item 6. The table is rebuilt, as SQLite cannot
-- change a CHECK in place.
CREATE TABLE risk_case_links_kept AS SELECT * FROM risk_case_links;
DROP TABLE risk_case_links;
CREATE TABLE risk_case_links (
    case_id BIGINT NOT NULL REFERENCES risk_cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('OFFER', 'AGREEMENT', 'LAYOFF_PLAN')),
    subject_id BIGINT NOT NULL,
    linked_by_id BIGINT NOT NULL REFERENCES organizations (id),
    linked_at TIMESTAMP NOT NULL,
    CONSTRAINT risk_case_links_key PRIMARY KEY (case_id, kind, subject_id)
);
INSERT INTO risk_case_links (case_id, kind, subject_id, linked_by_id, linked_at)
    SELECT case_id, kind, subject_id, linked_by_id, linked_at FROM risk_case_links_kept;
DROP TABLE risk_case_links_kept;
