-- Documents (forms and letters as docx) are fetched as ledgers are. An
-- export is now either a ledger with its list's filter or a document of one
-- record; `request` holds that filter or `{"id": …}` as JSON. Exports live
-- minutes, so the table is made anew.
DROP TABLE exports;
CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    ledger TEXT CHECK (ledger IN ('OFFERS', 'AGREEMENTS', 'DEADLINES', 'RISK_CASES', 'RECTIFICATION_ITEMS', 'LAYOFF_PLANS', 'EVALUATIONS')),
    document TEXT CHECK (document IN ('OFFER_LETTER', 'OFFER_RESPONSE', 'QUICK_REPORT', 'RISK_INFORMATION_FORM', 'FILING_RECEIPT', 'REVIEW_OPINION', 'AGREEMENT_TEXT')),
    request TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    fetched_at TIMESTAMP,
    CHECK ((ledger IS NULL) <> (document IS NULL))
);
CREATE INDEX exports_session ON exports (session_id);
