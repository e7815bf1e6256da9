-- The annual summary of a campaign (seed 000 §二.(三), M38): each district
-- office under the campaign's region reports to the office that runs it,
-- by a due day (15 December unless the organizer sets another). The
-- figures are the platform's, counted over the office's districts and the
-- campaign's period, and kept as they stood when the summary was
-- submitted; the narrative is the office's own.
CREATE TABLE campaign_summaries (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    office_id INTEGER NOT NULL REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    status TEXT NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED')),
    due_on DATE NOT NULL,
    work_done TEXT NOT NULL DEFAULT '',
    experience TEXT NOT NULL DEFAULT '',
    typical_cases TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    causes TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    -- The figures as submitted (JSON); null while a draft.
    figures TEXT,
    submitted_at TIMESTAMP,
    submitted_by TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, office_id),
    CHECK ((status = 'SUBMITTED') = (submitted_at IS NOT NULL AND figures IS NOT NULL))
);
CREATE INDEX campaign_summaries_office ON campaign_summaries (office_id);

-- A campaign's summaries export as a workbook (a report), each summary as
-- a document, and the office's account of them all as another. Exports live minutes, so the table is made anew.
DROP TABLE exports;
CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    ledger TEXT CHECK (ledger IN ('OFFERS', 'AGREEMENTS', 'DEADLINES', 'RISK_CASES', 'RECTIFICATION_ITEMS', 'LAYOFF_PLANS', 'EVALUATIONS')),
    report TEXT CHECK (report IN ('COVERAGE', 'CAMPAIGN_SUMMARIES')),
    document TEXT CHECK (document IN ('OFFER_LETTER', 'OFFER_RESPONSE', 'QUICK_REPORT', 'RISK_INFORMATION_FORM', 'FILING_RECEIPT', 'REVIEW_OPINION', 'AGREEMENT_TEXT', 'CAMPAIGN_SUMMARY', 'CAMPAIGN_SUMMARIES')),
    request TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    fetched_at TIMESTAMP,
    CHECK ((ledger IS NOT NULL) + (report IS NOT NULL) + (document IS NOT NULL) = 1)
);
CREATE INDEX exports_session ON exports (session_id);
