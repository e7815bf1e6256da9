-- Agreements (集体合同 and the lighter outcomes), the employers they cover,
-- their text versions and clause comments, workers' congress votes, the
-- labour administration's reviews, and the per-region filing rules.
CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('COLLECTIVE_CONTRACT', 'SPECIAL_CONTRACT', 'SECTOR_CONTRACT', 'REGIONAL_CONTRACT', 'AGREEMENT', 'MEMORANDUM', 'MEETING_MINUTES')),
    special_subject TEXT CHECK (special_subject IN ('WAGE', 'SAFETY_HEALTH', 'WOMEN_WORKERS', 'SKILL_LEVEL_WAGE', 'OTHER')),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    offer_id INTEGER REFERENCES offers (id),
    predecessor_id INTEGER REFERENCES agreements (id),
    workers_party_id INTEGER NOT NULL REFERENCES organizations (id),
    employer_party_id INTEGER NOT NULL REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    workers_covered INTEGER CHECK (workers_covered >= 0),
    term_starts_on DATE,
    term_ends_on DATE,
    term_override_reason TEXT,
    status TEXT NOT NULL CHECK (status IN ('DRAFTING', 'APPROVED', 'SIGNED', 'FILED', 'OBJECTED', 'EFFECTIVE', 'EXPIRED', 'RENEWED', 'TERMINATED')),
    text_version INTEGER NOT NULL CHECK (text_version >= 1),
    next_clause_key INTEGER NOT NULL CHECK (next_clause_key >= 1),
    workers_signed_by TEXT,
    workers_signed_at TIMESTAMP,
    employer_signed_by TEXT,
    employer_signed_at TIMESTAMP,
    effective_at TIMESTAMP,
    published_at TIMESTAMP,
    publication_method TEXT,
    ended_at TIMESTAMP,
    termination_ground TEXT CHECK (termination_ground IN ('BY_AGREEMENT', 'EMPLOYER_MERGED_DISSOLVED_OR_BANKRUPT', 'FORCE_MAJEURE', 'AGREED_CONDITION', 'OTHER_LEGAL_GROUND')),
    termination_note TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((kind = 'SPECIAL_CONTRACT') = (special_subject IS NOT NULL)),
    CHECK (term_starts_on IS NULL OR term_ends_on IS NULL OR term_ends_on >= term_starts_on)
);
CREATE INDEX agreements_status ON agreements (status, id);
CREATE INDEX agreements_region ON agreements (region_id);
CREATE INDEX agreements_parties ON agreements (workers_party_id, employer_party_id);
CREATE INDEX agreements_employer_party ON agreements (employer_party_id);
CREATE INDEX agreements_predecessor ON agreements (predecessor_id);
CREATE INDEX agreements_offer ON agreements (offer_id);

-- The employers an agreement binds: one, or many for sector and regional contracts.
CREATE TABLE agreement_employers (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (agreement_id, employer_id)
);
CREATE INDEX agreement_employers_employer ON agreement_employers (employer_id);

-- Numbered versions of the text: an ordered JSON list of clauses.
CREATE TABLE agreement_versions (
    id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    author_user_id INTEGER REFERENCES users (id),
    author_organization_id INTEGER NOT NULL REFERENCES organizations (id),
    note TEXT NOT NULL,
    clauses TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (agreement_id, number)
);

CREATE TABLE agreement_comments (
    id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    clause_key INTEGER NOT NULL,
    text_version INTEGER NOT NULL,
    author_user_id INTEGER REFERENCES users (id),
    author_organization_id INTEGER NOT NULL REFERENCES organizations (id),
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by_user_id INTEGER REFERENCES users (id)
);
CREATE INDEX agreement_comments_agreement ON agreement_comments (agreement_id, id);

-- CCP Art. 36: the workers' congress, or all workers, votes on the draft.
CREATE TABLE workers_congress_votes (
    id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    text_version INTEGER NOT NULL,
    body TEXT NOT NULL CHECK (body IN ('WORKERS_CONGRESS', 'ALL_WORKERS')),
    total_members INTEGER NOT NULL CHECK (total_members >= 1),
    present INTEGER NOT NULL CHECK (present >= 0 AND present <= total_members),
    in_favour INTEGER NOT NULL CHECK (in_favour >= 0 AND in_favour <= present),
    held_on DATE NOT NULL,
    valid BOOLEAN NOT NULL,
    reason TEXT NOT NULL,
    recorded_by_user_id INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX workers_congress_votes_agreement ON workers_congress_votes (agreement_id, id);

-- CCP Arts. 42-47: each filing with the labour administration and its review.
CREATE TABLE agreement_reviews (
    id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    reviewer_id INTEGER NOT NULL REFERENCES organizations (id),
    filed_at TIMESTAMP NOT NULL,
    receipt_number TEXT NOT NULL UNIQUE,
    filed_late BOOLEAN NOT NULL,
    late_explanation TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('PENDING', 'APPROVED', 'OBJECTED', 'NO_OBJECTION')),
    opinion TEXT,
    decided_at TIMESTAMP,
    CHECK (filed_late = FALSE OR late_explanation IS NOT NULL),
    CHECK (outcome <> 'OBJECTED' OR opinion IS NOT NULL)
);
CREATE INDEX agreement_reviews_agreement ON agreement_reviews (agreement_id, id);
CREATE INDEX agreement_reviews_queue ON agreement_reviews (outcome, filed_at, id);

-- Filing and publication periods per region and kind ('' subject: any).
CREATE TABLE agreement_rules (
    region_id INTEGER NOT NULL REFERENCES regions (id),
    kind TEXT NOT NULL CHECK (kind IN ('COLLECTIVE_CONTRACT', 'SPECIAL_CONTRACT', 'SECTOR_CONTRACT', 'REGIONAL_CONTRACT')),
    special_subject TEXT NOT NULL CHECK (special_subject IN ('', 'WAGE', 'SAFETY_HEALTH', 'WOMEN_WORKERS', 'SKILL_LEVEL_WAGE', 'OTHER')),
    filing_days INTEGER NOT NULL CHECK (filing_days BETWEEN 1 AND 60),
    publication_days INTEGER NOT NULL CHECK (publication_days BETWEEN 1 AND 60),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (region_id, kind, special_subject)
);
