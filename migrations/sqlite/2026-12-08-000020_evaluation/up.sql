-- The bargaining quality-evaluation guide (质效评价指引) as versioned data:
-- each scheme (`code`) in numbered editions; an edition is loaded as a
-- draft, published, and superseded by the next; a published edition never
-- changes. `body` is the guide as loaded (JSON), `max_points` its total in
-- tenths of a point.
CREATE TABLE evaluation_guides (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    edition INTEGER NOT NULL CHECK (edition >= 1),
    title TEXT NOT NULL,
    sample BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'SUPERSEDED')),
    body TEXT NOT NULL,
    max_points INTEGER NOT NULL CHECK (max_points > 0),
    loaded_by_id INTEGER REFERENCES organizations (id),
    published_at TIMESTAMP,
    superseded_at TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (code, edition),
    CHECK (status = 'DRAFT' OR published_at IS NOT NULL),
    CHECK ((status = 'SUPERSEDED') = (superseded_at IS NOT NULL))
);

-- At most one published edition of a scheme at a time.
CREATE UNIQUE INDEX evaluation_guides_published ON evaluation_guides (code) WHERE status = 'PUBLISHED';

-- An employer's evaluation of its bargaining for a year against one guide
-- edition, made with its union: self-evaluated, submitted, confirmed (or
-- returned) by the district office or a union federation, filed with the
-- tripartite office, possibly named a typical or model unit by the city
-- office. Totals are in tenths of a point; `total` and `grade` are the
-- employer's, `confirmed_*` after the confirming office's adjustments.
CREATE TABLE bargaining_evaluations (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    union_id INTEGER REFERENCES organizations (id),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    guide_id INTEGER NOT NULL REFERENCES evaluation_guides (id),
    status TEXT NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'RETURNED', 'CONFIRMED', 'FILED')),
    summary TEXT,
    total INTEGER NOT NULL CHECK (total >= 0),
    grade TEXT,
    submitted_at TIMESTAMP,
    returned_at TIMESTAMP,
    return_reason TEXT,
    confirmed_at TIMESTAMP,
    confirmed_by_id INTEGER REFERENCES organizations (id),
    confirmation_note TEXT,
    confirmed_total INTEGER CHECK (confirmed_total >= 0),
    confirmed_grade TEXT,
    filed_at TIMESTAMP,
    filed_with_id INTEGER REFERENCES organizations (id),
    receipt_number TEXT,
    nomination TEXT CHECK (nomination IN ('TYPICAL', 'MODEL')),
    nominated_at TIMESTAMP,
    nomination_note TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (employer_id, year),
    UNIQUE (filed_with_id, receipt_number),
    CHECK ((returned_at IS NULL) = (return_reason IS NULL)),
    CHECK ((confirmed_at IS NULL) = (confirmed_by_id IS NULL)),
    CHECK ((confirmed_at IS NULL) = (confirmed_total IS NULL)),
    CHECK ((filed_at IS NULL) = (filed_with_id IS NULL)),
    CHECK ((filed_at IS NULL) = (receipt_number IS NULL)),
    CHECK ((nomination IS NULL) = (nominated_at IS NULL)),
    CHECK (status IN ('DRAFT', 'RETURNED') OR submitted_at IS NOT NULL),
    CHECK (status NOT IN ('CONFIRMED', 'FILED') OR confirmed_at IS NOT NULL),
    CHECK (status <> 'FILED' OR filed_at IS NOT NULL),
    CHECK (nomination IS NULL OR status = 'FILED')
);

CREATE INDEX bargaining_evaluations_region ON bargaining_evaluations (region_id, id);
CREATE INDEX bargaining_evaluations_filed ON bargaining_evaluations (status, year, employer_id);

-- A scoring point's score in an evaluation, with the employer's evidence
-- note, and the confirming office's adjustment with its reason.
CREATE TABLE evaluation_scores (
    evaluation_id INTEGER NOT NULL REFERENCES bargaining_evaluations (id),
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score >= 0),
    note TEXT,
    adjusted INTEGER CHECK (adjusted >= 0),
    adjustment_reason TEXT,
    PRIMARY KEY (evaluation_id, code),
    CHECK ((adjusted IS NULL) = (adjustment_reason IS NULL))
);

-- A survey of an evaluation: how many answered, how many said yes.
CREATE TABLE evaluation_surveys (
    evaluation_id INTEGER NOT NULL REFERENCES bargaining_evaluations (id),
    rate TEXT NOT NULL CHECK (rate IN ('PARTICIPATION', 'AWARENESS', 'SATISFACTION', 'ENDORSEMENT')),
    sample INTEGER NOT NULL CHECK (sample >= 1),
    positive INTEGER NOT NULL CHECK (positive >= 0 AND positive <= sample),
    PRIMARY KEY (evaluation_id, rate)
);

-- The agreements and negotiations an evaluation rests on.
CREATE TABLE evaluation_links (
    evaluation_id INTEGER NOT NULL REFERENCES bargaining_evaluations (id),
    kind TEXT NOT NULL CHECK (kind IN ('AGREEMENT', 'NEGOTIATION')),
    subject_id INTEGER NOT NULL,
    PRIMARY KEY (evaluation_id, kind, subject_id)
);

-- A harmonious-labour-relations title (劳动关系和谐企业 …) an employer holds:
-- its level, the year named, the naming body and document, until when, and
-- its revocation with the reason.
CREATE TABLE harmony_titles (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    title TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('DISTRICT', 'CITY', 'PROVINCE', 'NATIONAL')),
    year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    named_by TEXT NOT NULL,
    document TEXT NOT NULL,
    valid_until DATE,
    revoked_at TIMESTAMP,
    revocation_reason TEXT,
    recorded_by_id INTEGER REFERENCES organizations (id),
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);

CREATE INDEX harmony_titles_employer ON harmony_titles (employer_id, id);
CREATE INDEX harmony_titles_level ON harmony_titles (level, employer_id);
