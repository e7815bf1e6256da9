-- Users, their sessions and memberships, the audit trail and login throttling.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    login_name TEXT NOT NULL UNIQUE CHECK (length(login_name) BETWEEN 3 AND 40),
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('zh-CN', 'en')),
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Only the hash of a session token is kept.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    role TEXT NOT NULL CHECK (role IN ('ADMIN', 'OFFICER', 'VIEWER')),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, organization_id)
);
CREATE INDEX memberships_organization ON memberships (organization_id);

CREATE TABLE audit_entries (
    id INTEGER PRIMARY KEY,
    occurred_at TIMESTAMP NOT NULL,
    actor_user_id INTEGER REFERENCES users (id),
    acting_organization_id INTEGER REFERENCES organizations (id),
    operation TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX audit_entries_time ON audit_entries (occurred_at);
CREATE INDEX audit_entries_actor ON audit_entries (actor_user_id, id);
CREATE INDEX audit_entries_organization ON audit_entries (acting_organization_id, id);
CREATE INDEX audit_entries_subject ON audit_entries (subject_type, subject_id, id);

-- Failed logins per key (`account:<login>` or `address:<ip>`) in the current window.
CREATE TABLE login_throttles (
    throttle_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_started_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);
