-- Events (the outbox), per-user notifications and their email delivery,
-- statutory deadlines, and the working-day calendar.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    actor_user_id INTEGER REFERENCES users (id),
    occurred_at TIMESTAMP NOT NULL,
    payload TEXT NOT NULL,
    fanned_out BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX events_pending_fanout ON events (id) WHERE NOT fanned_out;
CREATE INDEX events_subject ON events (subject_type, subject_id);

-- The organizations an event concerns: they decide who sees and who is told.
CREATE TABLE event_organizations (
    event_id INTEGER NOT NULL REFERENCES events (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (event_id, organization_id)
);
CREATE INDEX event_organizations_organization ON event_organizations (organization_id);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    category TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    email_status TEXT NOT NULL CHECK (email_status IN ('PENDING', 'SENDING', 'SENT', 'SKIPPED', 'FAILED')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until TIMESTAMP,
    last_error TEXT,
    sent_at TIMESTAMP,
    UNIQUE (event_id, user_id)
);
CREATE INDEX notifications_outbox ON notifications (email_status, next_attempt_at);
CREATE INDEX notifications_inbox ON notifications (user_id, id);

-- Email on or off per user and category; no row means on.
CREATE TABLE notification_preferences (
    user_id INTEGER NOT NULL REFERENCES users (id),
    category TEXT NOT NULL,
    email_enabled BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, category)
);

CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    rule TEXT NOT NULL,
    period TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    start_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('OPEN', 'MET', 'MISSED', 'CANCELLED')),
    next_reminder_at TIMESTAMP,
    reminders_sent TEXT NOT NULL,
    closed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX deadlines_due ON deadlines (status, due_at);
CREATE INDEX deadlines_reminders ON deadlines (status, next_reminder_at);
CREATE INDEX deadlines_subject ON deadlines (subject_type, subject_id);

CREATE TABLE deadline_organizations (
    deadline_id INTEGER NOT NULL REFERENCES deadlines (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (deadline_id, organization_id)
);
CREATE INDEX deadline_organizations_organization ON deadline_organizations (organization_id);

CREATE TABLE calendar_days (
    day DATE PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('HOLIDAY', 'MAKEUP_WORKDAY')),
    name TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
