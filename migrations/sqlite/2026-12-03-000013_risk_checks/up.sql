-- Health checks (法治体检) and their prescriptions (用工处方), the
-- rectification items of a check or a case (the four lists), and the risk
-- bulletins the city office publishes or authorizes a district office to.

CREATE TABLE health_checks (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    recorded_by_id INTEGER NOT NULL REFERENCES organizations (id),
    visited_on DATE NOT NULL,
    diagnosis TEXT NOT NULL,
    prescription TEXT NOT NULL,
    acknowledged_at TIMESTAMP,
    acknowledged_by TEXT,
    acknowledgement TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);
CREATE INDEX health_checks_employer ON health_checks (employer_id, visited_on);
CREATE INDEX health_checks_region ON health_checks (region_id, visited_on);

-- Who made the visit: labour-relations coordinators, union legal
-- supervisors, bargaining instructors.
CREATE TABLE health_check_visitors (
    health_check_id INTEGER NOT NULL REFERENCES health_checks (id),
    position INTEGER NOT NULL CHECK (position >= 0),
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('COORDINATOR', 'UNION_LEGAL_SUPERVISOR', 'BARGAINING_INSTRUCTOR')),
    PRIMARY KEY (health_check_id, position)
);

-- What the visit found, one row per area looked at.
CREATE TABLE health_check_findings (
    health_check_id INTEGER NOT NULL REFERENCES health_checks (id),
    area TEXT NOT NULL CHECK (area IN ('CONTRACTS', 'WAGES', 'HOURS_AND_REST', 'SOCIAL_INSURANCE', 'WORKPLACE_RULES', 'SAFETY')),
    compliant BOOLEAN NOT NULL,
    finding TEXT NOT NULL,
    PRIMARY KEY (health_check_id, area)
);

-- A rectification item: the problem (整改清单), the measure (工作措施清单),
-- the responsible department (责任部门清单) and the time limit (整改时限清单).
CREATE TABLE rectification_items (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    case_id INTEGER REFERENCES risk_cases (id),
    health_check_id INTEGER REFERENCES health_checks (id),
    problem TEXT NOT NULL,
    measure TEXT NOT NULL,
    responsible_organization_id INTEGER REFERENCES organizations (id),
    responsible_department TEXT,
    due_on DATE NOT NULL,
    due_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('OPEN', 'DONE', 'VERIFIED')),
    evidence TEXT,
    done_at TIMESTAMP,
    verified_at TIMESTAMP,
    verified_by_id INTEGER REFERENCES organizations (id),
    verification_note TEXT,
    added_by_id INTEGER NOT NULL REFERENCES organizations (id),
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((case_id IS NULL) <> (health_check_id IS NULL)),
    CHECK (responsible_organization_id IS NOT NULL OR responsible_department IS NOT NULL),
    CHECK (status = 'OPEN' OR (evidence IS NOT NULL AND done_at IS NOT NULL)),
    CHECK ((status = 'VERIFIED') = (verified_at IS NOT NULL))
);
CREATE INDEX rectification_items_due ON rectification_items (due_at, id);
CREATE INDEX rectification_items_employer ON rectification_items (employer_id);
CREATE INDEX rectification_items_case ON rectification_items (case_id);
CREATE INDEX rectification_items_check ON rectification_items (health_check_id);
CREATE INDEX rectification_items_responsible ON rectification_items (responsible_organization_id);

-- Risk bulletins (seed 004 §九: 风险信息由市协调劳动关系三方委员会办公室统一发布).
CREATE TABLE risk_bulletins (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published_by_id INTEGER NOT NULL REFERENCES organizations (id),
    published_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP,
    withdraw_reason TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX risk_bulletins_published ON risk_bulletins (published_at, id);

-- District offices the city office has authorized to publish bulletins.
CREATE TABLE bulletin_authorizations (
    office_id INTEGER PRIMARY KEY REFERENCES organizations (id),
    authorized_by_id INTEGER NOT NULL REFERENCES organizations (id),
    authorized_at TIMESTAMP NOT NULL
);
