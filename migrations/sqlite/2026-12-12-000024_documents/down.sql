DROP TABLE exports;
CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    kind TEXT NOT NULL CHECK (kind IN ('OFFERS', 'AGREEMENTS', 'DEADLINES', 'RISK_CASES', 'RECTIFICATION_ITEMS', 'LAYOFF_PLANS', 'EVALUATIONS')),
    filter TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    fetched_at TIMESTAMP
);
CREATE INDEX exports_session ON exports (session_id);
