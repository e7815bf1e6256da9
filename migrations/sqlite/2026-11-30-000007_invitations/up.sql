-- An organization's admin invites a login name; the user joins by accepting.
-- The login name need not exist, so that inviting tells nothing about it.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    login_name TEXT NOT NULL CHECK (length(login_name) BETWEEN 1 AND 64),
    role TEXT NOT NULL CHECK (role IN ('ADMIN', 'OFFICER', 'VIEWER')),
    invited_by INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (organization_id, login_name)
);
CREATE INDEX invitations_login_name ON invitations (login_name);
