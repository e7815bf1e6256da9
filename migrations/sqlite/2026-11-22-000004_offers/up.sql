-- Campaigns, bargaining offers (要约), representatives, sessions and disputes.
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind TEXT NOT NULL CHECK (kind IN ('SPRING_CONCENTRATED_OFFER', 'SPECIAL_ACTION', 'OTHER')),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    organizer_id INTEGER NOT NULL REFERENCES organizations (id),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    targets TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on)
);

CREATE TABLE offers (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER REFERENCES campaigns (id),
    initiating_side TEXT NOT NULL CHECK (initiating_side IN ('WORKERS', 'EMPLOYER')),
    issuing_organization_id INTEGER NOT NULL REFERENCES organizations (id),
    receiving_organization_id INTEGER NOT NULL REFERENCES organizations (id),
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    union_id INTEGER NOT NULL REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    category TEXT NOT NULL CHECK (category IN ('SKILL_LEVEL_WAGE', 'DIFFICULTY_STABILIZATION', 'NEW_EMPLOYMENT_FORM', 'WAGE', 'COMPREHENSIVE', 'SPECIAL')),
    topics TEXT NOT NULL,
    proposed_terms TEXT NOT NULL,
    proposed_time TIMESTAMP,
    proposed_place TEXT NOT NULL,
    proposed_representatives INTEGER NOT NULL CHECK (proposed_representatives >= 3),
    information_requested TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('DRAFT', 'ISSUED', 'ACCEPTED', 'DECLINED', 'IN_NEGOTIATION', 'CONCLUDED', 'SUSPENDED', 'WITHDRAWN')),
    delivery TEXT CHECK (delivery IN ('PLATFORM', 'PAPER')),
    issued_at TIMESTAMP,
    received_at TIMESTAMP,
    answered_at TIMESTAMP,
    decline_reason TEXT,
    decline_flagged_at TIMESTAMP,
    outcome TEXT CHECK (outcome IN ('AGREEMENT_DRAFT', 'MEMORANDUM', 'MINUTES', 'NO_AGREEMENT')),
    outcome_summary TEXT,
    suspended_until DATE,
    concluded_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX offers_status ON offers (status, id);
CREATE INDEX offers_campaign ON offers (campaign_id);
CREATE INDEX offers_region ON offers (region_id);
CREATE INDEX offers_parties ON offers (issuing_organization_id, receiving_organization_id);
CREATE INDEX offers_employer ON offers (employer_id);

CREATE TABLE representatives (
    id INTEGER PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES offers (id),
    side TEXT NOT NULL CHECK (side IN ('WORKERS', 'EMPLOYER')),
    name TEXT NOT NULL,
    position TEXT NOT NULL,
    is_chief BOOLEAN NOT NULL,
    is_outside_expert BOOLEAN NOT NULL,
    removed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX representatives_offer ON representatives (offer_id, side);

CREATE TABLE bargaining_sessions (
    id INTEGER PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES offers (id),
    kind TEXT NOT NULL CHECK (kind IN ('MEETING', 'CONSULTATION_TALK')),
    scheduled_at TIMESTAMP NOT NULL,
    place TEXT NOT NULL,
    chairing_side TEXT NOT NULL CHECK (chairing_side IN ('WORKERS', 'EMPLOYER')),
    note_taker TEXT NOT NULL,
    attendance TEXT,
    minutes TEXT,
    held_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX bargaining_sessions_offer ON bargaining_sessions (offer_id);

CREATE TABLE bargaining_disputes (
    id INTEGER PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES offers (id),
    requested_by TEXT NOT NULL CHECK (requested_by IN ('WORKERS', 'EMPLOYER')),
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
    extended_days INTEGER NOT NULL DEFAULT 0,
    resolution TEXT,
    opened_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP
);
CREATE INDEX bargaining_disputes_offer ON bargaining_disputes (offer_id);

-- The optional local rule: bargaining starts within N working days of acceptance.
CREATE TABLE offer_rules (
    region_id INTEGER PRIMARY KEY REFERENCES regions (id),
    start_within_working_days INTEGER CHECK (start_within_working_days BETWEEN 1 AND 60),
    updated_at TIMESTAMP NOT NULL
);
