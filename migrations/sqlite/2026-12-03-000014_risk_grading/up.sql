-- Risk grading from shared data: the signals of each employer's month,
-- the city office's versioned rule sets, and each employer's grade.

CREATE TABLE risk_signals (
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    month DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('SOCIAL_INSURANCE_ARREARS', 'TAX_ARREARS', 'OVERDUE_LOANS', 'UTILITY_ARREARS', 'LABOUR_DISPUTES', 'COMPLAINTS', 'UNEMPLOYMENT_REGISTRATIONS', 'LOGISTICS_DROP')),
    value DOUBLE PRECISION NOT NULL CHECK (value >= 0),
    imported_at TIMESTAMP NOT NULL,
    PRIMARY KEY (employer_id, month, kind)
);

-- Each version of the rule set, as JSON: its indicators and grade bands.
CREATE TABLE risk_rule_sets (
    version INTEGER PRIMARY KEY CHECK (version >= 2),
    rules TEXT NOT NULL,
    note TEXT,
    created_by_id INTEGER NOT NULL REFERENCES organizations (id),
    created_at TIMESTAMP NOT NULL
);

-- Each employer's grade: the latest month of its signals under the rule
-- set in force, with the reasons as JSON.
CREATE TABLE risk_grades (
    employer_id INTEGER PRIMARY KEY REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    grade TEXT NOT NULL CHECK (grade IN ('LOW', 'WATCH', 'HIGH', 'SEVERE')),
    points INTEGER NOT NULL CHECK (points >= 0),
    reasons TEXT NOT NULL,
    rule_version INTEGER NOT NULL,
    month DATE NOT NULL,
    graded_at TIMESTAMP NOT NULL
);
CREATE INDEX risk_grades_region ON risk_grades (region_id, grade);
