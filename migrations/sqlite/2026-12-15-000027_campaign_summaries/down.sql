DROP TABLE campaign_summaries;
DROP TABLE exports;
CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    ledger TEXT CHECK (ledger IN ('OFFERS', 'AGREEMENTS', 'DEADLINES', 'RISK_CASES', 'RECTIFICATION_ITEMS', 'LAYOFF_PLANS', 'EVALUATIONS')),
    report TEXT CHECK (report IN ('COVERAGE')),
    document TEXT CHECK (document IN ('OFFER_LETTER', 'OFFER_RESPONSE', 'QUICK_REPORT', 'RISK_INFORMATION_FORM', 'FILING_RECEIPT', 'REVIEW_OPINION', 'AGREEMENT_TEXT')),
    request TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    fetched_at TIMESTAMP,
    CHECK ((ledger IS NOT NULL) + (report IS NOT NULL) + (document IS NOT NULL) = 1)
);
CREATE INDEX exports_session ON exports (session_id);
