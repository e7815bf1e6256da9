-- A region's layoff rules, set by the labour administration: the days
-- within which the employer answers the union's opinion in writing (LCL
-- Art. 43 sets no period; 7 unless a region says otherwise).
CREATE TABLE layoff_rules (
    region_id INTEGER PRIMARY KEY REFERENCES regions (id),
    answer_days INTEGER NOT NULL CHECK (answer_days BETWEEN 1 AND 30),
    set_by_id INTEGER NOT NULL REFERENCES organizations (id),
    updated_at TIMESTAMP NOT NULL
);

-- An employer's plan to cut workers (裁减人员方案, LCL Art. 41), as it
-- stands now; `revision` names its latest version in layoff_plan_revisions.
CREATE TABLE layoff_plans (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    -- The employer's grassroots union when the plan was drawn up; without
    -- one, the employer records what the workers said.
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

CREATE INDEX layoff_plans_employer ON layoff_plans (employer_id, id);
CREATE INDEX layoff_plans_region ON layoff_plans (region_id, id);
CREATE INDEX layoff_plans_reported_to ON layoff_plans (reported_to_id, id);

-- Every version of a plan: the first as drawn up, then each revision
-- (after the union's opinion, say) with its reason.
CREATE TABLE layoff_plan_revisions (
    plan_id INTEGER NOT NULL REFERENCES layoff_plans (id),
    revision INTEGER NOT NULL CHECK (revision >= 1),
    workforce INTEGER NOT NULL CHECK (workforce >= 1),
    cut INTEGER NOT NULL CHECK (cut >= 1 AND cut <= workforce),
    first_termination DATE NOT NULL,
    last_termination DATE NOT NULL CHECK (last_termination >= first_termination),
    steps TEXT NOT NULL,
    compensation TEXT NOT NULL,
    criteria TEXT NOT NULL,
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT layoff_plan_revisions_key PRIMARY KEY (plan_id, revision),
    CHECK ((revision = 1) = (reason IS NULL))
);

-- The list of names of a version, with what Art. 42, Art. 41 ¶2 and
-- severance turn on. Personal data: seen by the employer, its union and
-- the labour administration the plan is reported to, no one else.
CREATE TABLE layoff_workers (
    plan_id INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 0),
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    post TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('MALE', 'FEMALE')),
    job_category TEXT NOT NULL CHECK (job_category IN ('CADRE', 'WORKER')),
    birth_date DATE NOT NULL,
    service_start DATE NOT NULL,
    contract TEXT NOT NULL CHECK (contract IN ('FIXED_TERM', 'OPEN_ENDED', 'TASK_BASED')),
    long_fixed_term BOOLEAN NOT NULL,
    sole_earner BOOLEAN NOT NULL,
    hazard_unchecked BOOLEAN NOT NULL,
    disease_or_injury BOOLEAN NOT NULL,
    medical_treatment BOOLEAN NOT NULL,
    maternity BOOLEAN NOT NULL,
    other_by_law TEXT,
    monthly_wage INTEGER NOT NULL CHECK (monthly_wage >= 0),
    CONSTRAINT layoff_workers_key PRIMARY KEY (plan_id, revision, position),
    CONSTRAINT layoff_workers_revision FOREIGN KEY (plan_id, revision) REFERENCES layoff_plan_revisions (plan_id, revision),
    CHECK (service_start > birth_date),
    CHECK (contract = 'FIXED_TERM' OR NOT long_fixed_term)
);

-- The posts a version cuts from that keep workers without a priority of
-- Art. 41 ¶2, as the employer states them: a worker with a priority on the
-- list from such a post is warned of.
CREATE TABLE layoff_posts (
    plan_id INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    post TEXT NOT NULL,
    kept_without_priority INTEGER NOT NULL CHECK (kept_without_priority >= 0),
    CONSTRAINT layoff_posts_key PRIMARY KEY (plan_id, revision, post),
    CONSTRAINT layoff_posts_revision FOREIGN KEY (plan_id, revision) REFERENCES layoff_plan_revisions (plan_id, revision)
);

-- Each worker's termination as carried out (LCL Art. 41 ¶1: 实施): the last
-- day of work, the severance the calculator gives (null where the region's
-- rates are not set) and the amount paid (a different amount needs its
-- reason), the termination certificate, and the end of the worker's six
-- months of priority when the employer hires again (Art. 41 ¶3).
CREATE TABLE layoff_terminations (
    plan_id INTEGER NOT NULL REFERENCES layoff_plans (id),
    id_number TEXT NOT NULL,
    revision INTEGER NOT NULL,
    position INTEGER NOT NULL,
    last_day DATE NOT NULL,
    severance_due INTEGER CHECK (severance_due >= 0),
    severance_paid INTEGER NOT NULL CHECK (severance_paid >= 0),
    override_reason TEXT,
    certificate_issued_on DATE NOT NULL CHECK (certificate_issued_on >= last_day),
    rehire_until DATE NOT NULL CHECK (rehire_until > last_day),
    recorded_at TIMESTAMP NOT NULL,
    CONSTRAINT layoff_terminations_key PRIMARY KEY (plan_id, id_number),
    CONSTRAINT layoff_terminations_worker FOREIGN KEY (plan_id, revision, position) REFERENCES layoff_workers (plan_id, revision, position)
);

-- Re-employment services offered to those laid off (seed 000 §二.3(四)).
CREATE TABLE layoff_services (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES layoff_plans (id),
    kind TEXT NOT NULL CHECK (kind IN ('EMPLOYMENT_ASSISTANCE', 'PSYCHOLOGICAL_GUIDANCE', 'SKILLS_TRAINING')),
    provider TEXT NOT NULL,
    held_on DATE NOT NULL,
    participants INTEGER NOT NULL CHECK (participants >= 1),
    outcome TEXT NOT NULL,
    recorded_by_id INTEGER NOT NULL REFERENCES organizations (id),
    recorded_at TIMESTAMP NOT NULL
);

CREATE INDEX layoff_services_plan ON layoff_services (plan_id, id);

-- New hiring by the employer within six months of a termination, and the
-- laid-off workers told of it first (LCL Art. 41 ¶3).
CREATE TABLE layoff_hirings (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES layoff_plans (id),
    hired_on DATE NOT NULL,
    posts TEXT NOT NULL,
    openings INTEGER NOT NULL CHECK (openings >= 1),
    recorded_at TIMESTAMP NOT NULL
);

CREATE INDEX layoff_hirings_plan ON layoff_hirings (plan_id, id);

CREATE TABLE layoff_rehire_notices (
    hiring_id INTEGER NOT NULL REFERENCES layoff_hirings (id),
    plan_id INTEGER NOT NULL,
    id_number TEXT NOT NULL,
    notified_on DATE NOT NULL,
    CONSTRAINT layoff_rehire_notices_key PRIMARY KEY (hiring_id, id_number),
    CONSTRAINT layoff_rehire_notices_worker FOREIGN KEY (plan_id, id_number) REFERENCES layoff_terminations (plan_id, id_number)
);
