

PRAGMA defer_foreign_keys = ON;
CREATE TABLE layoff_plans_kept AS SELECT * FROM layoff_plans;
DROP TABLE layoff_plans;
CREATE TABLE layoff_plans (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    union_id INTEGER REFERENCES organizations (id),
    status TEXT NOT NULL CHECK (status IN ('DRAFT', 'EXPLAINED', 'OPINION_GIVEN', 'ANSWERED', 'REPORTED', 'IMPLEMENTING', 'COMPLETED', 'WITHDRAWN')),
    ground TEXT NOT NULL CHECK (ground IN ('BANKRUPTCY_REORGANISATION', 'SERIOUS_DIFFICULTY', 'BUSINESS_CHANGE', 'CIRCUMSTANCES_CHANGED')),
    revision INTEGER NOT NULL CHECK (revision >= 1),
    workforce INTEGER NOT NULL CHECK (workforce >= 1),
    cut INTEGER NOT NULL CHECK (cut >= 1 AND cut <= workforce),
    procedure_required BOOLEAN NOT NULL,
    first_termination DATE NOT NULL,
    last_termination DATE NOT NULL CHECK (last_termination >= first_termination),
    explained_at TIMESTAMP,
    explained_to TEXT CHECK (explained_to IN ('UNION', 'ALL_WORKERS')),
    explanation TEXT,
    earliest_termination DATE,
    opinion TEXT,
    opinion_at TIMESTAMP,
    answer TEXT,
    answered_at TIMESTAMP,
    reported_at TIMESTAMP,
    reported_to_id INTEGER REFERENCES organizations (id),
    acknowledged_at TIMESTAMP,
    administration_opinion TEXT,
    withdrawn_at TIMESTAMP,
    withdrawal_reason TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((explained_at IS NULL) = (explanation IS NULL)),
    CHECK ((explained_at IS NULL) = (explained_to IS NULL)),
    CHECK ((explained_at IS NULL) = (earliest_termination IS NULL)),
    CHECK ((opinion IS NULL) = (opinion_at IS NULL)),
    CHECK ((answer IS NULL) = (answered_at IS NULL)),
    CHECK ((reported_at IS NULL) = (reported_to_id IS NULL)),
    CHECK (acknowledged_at IS NULL OR reported_at IS NOT NULL),
    CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL)),
    CHECK (status = 'DRAFT' OR status = 'WITHDRAWN' OR explained_at IS NOT NULL),
    CHECK (status <> 'REPORTED' OR answer IS NOT NULL),
    CHECK (NOT procedure_required OR status NOT IN ('IMPLEMENTING', 'COMPLETED') OR reported_at IS NOT NULL)
);
INSERT INTO layoff_plans (id, employer_id, region_id, union_id, status, ground, revision, workforce, cut, procedure_required, first_termination, last_termination, explained_at, explained_to, explanation, earliest_termination, opinion, opinion_at, answer, answered_at, reported_at, reported_to_id, acknowledged_at, administration_opinion, withdrawn_at, withdrawal_reason, version, created_at, updated_at)
    SELECT id, employer_id, region_id, union_id, status, ground, revision, workforce, cut, procedure_required, first_termination, last_termination, explained_at, explained_to, explanation, earliest_termination, opinion, opinion_at, answer, answered_at, reported_at, reported_to_id, acknowledged_at, administration_opinion, withdrawn_at, withdrawal_reason, version, created_at, updated_at FROM layoff_plans_kept;
DROP TABLE layoff_plans_kept;
CREATE INDEX layoff_plans_employer ON layoff_plans (employer_id, id);
CREATE INDEX layoff_plans_region ON layoff_plans (region_id, id);
CREATE INDEX layoff_plans_reported_to ON layoff_plans (reported_to_id, id);
