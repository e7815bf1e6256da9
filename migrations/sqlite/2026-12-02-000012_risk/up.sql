-- Risk monitoring and early warning (劳动关系领域风险监测预警, seed 004).

-- A case: one matter of one employer, reported by it or found otherwise,
-- received by the tripartite office of its district. attention_at is the
-- instant the office must next act by (the form's due instant, then the
-- next follow-up); a closed case sorts last (9999-12-31).
CREATE TABLE risk_cases (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    office_id INTEGER NOT NULL REFERENCES organizations (id),
    source TEXT NOT NULL CHECK (source IN ('EMPLOYER_REPORT', 'UNION', 'OFFICE_VISIT', 'DATA_SIGNAL', 'MEDIA', 'CITY_DEPARTMENT', 'AUTOMATIC_DETECTION')),
    status TEXT NOT NULL CHECK (status IN ('REPORTED', 'ASSESSED', 'RESOLVING', 'CLOSED', 'MERGED')),
    summary TEXT NOT NULL,
    urgent BOOLEAN NOT NULL,
    major BOOLEAN NOT NULL,
    tracker TEXT,
    tracker_phone TEXT,
    level TEXT CHECK (level IN ('LEVEL_1', 'LEVEL_2', 'LEVEL_3')),
    outcome TEXT CHECK (outcome IN ('RESOLVED', 'REFERRED', 'UNFOUNDED')),
    outcome_summary TEXT,
    merged_into_id INTEGER REFERENCES risk_cases (id),
    received_at TIMESTAMP NOT NULL,
    attention_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (NOT major OR status IN ('CLOSED', 'MERGED') OR tracker IS NOT NULL)
);
CREATE INDEX risk_cases_attention ON risk_cases (attention_at, id);
CREATE INDEX risk_cases_region ON risk_cases (region_id, attention_at, id);
CREATE INDEX risk_cases_employer ON risk_cases (employer_id, status);

-- The monitored items of a case (seed 004 §六).
CREATE TABLE risk_case_items (
    case_id INTEGER NOT NULL REFERENCES risk_cases (id),
    item TEXT NOT NULL CHECK (item IN ('CLOSURE', 'RESTRUCTURING', 'RELOCATION', 'STOPPAGE', 'WAGE_ARREARS', 'LAYOFF', 'MASS_DEPARTURE', 'RULE_CHANGE', 'COLLECTIVE_ACTION', 'PUBLIC_OPINION', 'OTHER_MAJOR')),
    CONSTRAINT risk_case_items_key PRIMARY KEY (case_id, item)
);
CREATE INDEX risk_case_items_item ON risk_case_items (item, case_id);

-- The employer's quick reports (附件3 用人单位速报表). The employer's
-- particulars are taken from its profile when submitted, as corrected.
CREATE TABLE risk_reports (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES risk_cases (id),
    submitted_by_id INTEGER NOT NULL REFERENCES organizations (id),
    employer_name TEXT NOT NULL,
    legal_representative TEXT NOT NULL,
    operating_status TEXT NOT NULL,
    headcount INTEGER NOT NULL CHECK (headcount >= 0),
    address TEXT NOT NULL,
    reporter TEXT NOT NULL,
    reporter_phone TEXT NOT NULL,
    office_name TEXT NOT NULL,
    office_phone TEXT NOT NULL,
    items TEXT NOT NULL,
    details TEXT NOT NULL,
    measures TEXT NOT NULL,
    report_date DATE NOT NULL,
    notified_at TIMESTAMP NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('PHONE', 'WECHAT', 'PLATFORM', 'IN_PERSON')),
    workers_affected INTEGER CHECK (workers_affected >= 0),
    arrears_fen INTEGER CHECK (arrears_fen >= 0),
    arrears_months INTEGER CHECK (arrears_months BETWEEN 1 AND 120),
    received_at TIMESTAMP NOT NULL
);
CREATE INDEX risk_reports_case ON risk_reports (case_id);

-- The office's information forms (附件4 风险监测预警信息情况表): the first
-- within 24 hours of receipt, then follow-up forms as the case develops.
CREATE TABLE risk_forms (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES risk_cases (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    office_id INTEGER NOT NULL REFERENCES organizations (id),
    title TEXT NOT NULL,
    level TEXT CHECK (level IN ('LEVEL_1', 'LEVEL_2', 'LEVEL_3')),
    situation TEXT NOT NULL,
    cause TEXT NOT NULL,
    trend TEXT NOT NULL,
    measures TEXT NOT NULL,
    next_steps TEXT NOT NULL,
    remarks TEXT NOT NULL,
    responsible_head TEXT NOT NULL,
    filled_by TEXT NOT NULL,
    phone TEXT NOT NULL,
    form_date DATE NOT NULL,
    filed_at TIMESTAMP NOT NULL,
    CONSTRAINT risk_forms_case_number UNIQUE (case_id, number)
);

-- Follow-up entries and referrals to labour inspection or arbitration.
CREATE TABLE risk_follow_ups (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES risk_cases (id),
    happened_at TIMESTAMP NOT NULL,
    done TEXT NOT NULL,
    next_step TEXT NOT NULL,
    next_at TIMESTAMP,
    referred_to TEXT CHECK (referred_to IN ('LABOUR_INSPECTION', 'ARBITRATION')),
    answer TEXT,
    answered_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX risk_follow_ups_case ON risk_follow_ups (case_id);

-- Warnings (预警, seed 004 §三): level 1 issued by the city office, levels
-- 2 and 3 recorded with the body above that decided them.
CREATE TABLE warnings (
    id INTEGER PRIMARY KEY,
    level TEXT NOT NULL CHECK (level IN ('LEVEL_1', 'LEVEL_2', 'LEVEL_3')),
    title TEXT NOT NULL,
    details TEXT NOT NULL,
    industries TEXT NOT NULL,
    workers INTEGER CHECK (workers >= 0),
    status TEXT NOT NULL CHECK (status IN ('ISSUED', 'LIFTED')),
    decided_by TEXT,
    document_number TEXT,
    decided_on DATE,
    issued_by_id INTEGER NOT NULL REFERENCES organizations (id),
    issued_at TIMESTAMP NOT NULL,
    lifted_at TIMESTAMP,
    lift_reason TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (level = 'LEVEL_1' OR (decided_by IS NOT NULL AND document_number IS NOT NULL))
);

-- The regions a warning covers, each with every region below it.
CREATE TABLE warning_regions (
    warning_id INTEGER NOT NULL REFERENCES warnings (id),
    region_id INTEGER NOT NULL REFERENCES regions (id),
    CONSTRAINT warning_regions_key PRIMARY KEY (warning_id, region_id)
);
CREATE INDEX warning_regions_region ON warning_regions (region_id, warning_id);

-- The employers and the cases a warning names.
CREATE TABLE warning_employers (
    warning_id INTEGER NOT NULL REFERENCES warnings (id),
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    CONSTRAINT warning_employers_key PRIMARY KEY (warning_id, employer_id)
);
CREATE TABLE warning_cases (
    warning_id INTEGER NOT NULL REFERENCES warnings (id),
    case_id INTEGER NOT NULL REFERENCES risk_cases (id),
    CONSTRAINT warning_cases_key PRIMARY KEY (warning_id, case_id)
);
CREATE INDEX warning_cases_case ON warning_cases (case_id, warning_id);

-- Reports upward (向市、省、国家报告): of a case or a warning, to whom,
-- when and by whom.
CREATE TABLE risk_upward_reports (
    id INTEGER PRIMARY KEY,
    case_id INTEGER REFERENCES risk_cases (id),
    warning_id INTEGER REFERENCES warnings (id),
    recipient TEXT NOT NULL,
    reported_at TIMESTAMP NOT NULL,
    reported_by_id INTEGER NOT NULL REFERENCES organizations (id),
    reported_by_user_id INTEGER REFERENCES users (id),
    note TEXT NOT NULL,
    CHECK ((case_id IS NULL) <> (warning_id IS NULL))
);
CREATE INDEX risk_upward_reports_case ON risk_upward_reports (case_id);
CREATE INDEX risk_upward_reports_warning ON risk_upward_reports (warning_id);

-- A region's risk rules: the hours within which an urgent case reaches
-- the city office (seed 004 §八: 立即报告; 2 unless a region above sets
-- otherwise), and the day of the next month by which an employer files its
-- monthly headcount return (10 unless set).
CREATE TABLE risk_rules (
    region_id INTEGER PRIMARY KEY REFERENCES regions (id),
    urgent_hours INTEGER CHECK (urgent_hours BETWEEN 1 AND 24),
    return_day INTEGER CHECK (return_day BETWEEN 1 AND 28),
    updated_at TIMESTAMP NOT NULL,
    CHECK (urgent_hours IS NOT NULL OR return_day IS NOT NULL)
);

-- Employers' monthly headcount returns: from these the platform detects
-- item 七 (mass departures) and opens a case.
CREATE TABLE headcount_returns (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    month DATE NOT NULL,
    headcount_start INTEGER NOT NULL CHECK (headcount_start >= 0),
    headcount_end INTEGER NOT NULL CHECK (headcount_end >= 0),
    departures INTEGER NOT NULL CHECK (departures >= 0),
    filed_at TIMESTAMP NOT NULL,
    filed_by_id INTEGER NOT NULL REFERENCES organizations (id),
    case_id INTEGER REFERENCES risk_cases (id),
    CONSTRAINT headcount_returns_employer_month UNIQUE (employer_id, month)
);

-- Credit reminders (信用提醒, seed 004 §十) for a missed, late or concealed
-- report, each with the integrity interview (诚信约谈) it may schedule.
CREATE TABLE credit_reminders (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES risk_cases (id),
    employer_id INTEGER NOT NULL REFERENCES organizations (id),
    fault TEXT NOT NULL CHECK (fault IN ('MISSED', 'LATE', 'CONCEALED')),
    note TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    issued_by_id INTEGER NOT NULL REFERENCES organizations (id),
    interview_at TIMESTAMP,
    attendees TEXT,
    outcome TEXT,
    interviewed_at TIMESTAMP,
    CONSTRAINT credit_reminders_case_fault UNIQUE (case_id, fault)
);
CREATE INDEX credit_reminders_employer ON credit_reminders (employer_id);
