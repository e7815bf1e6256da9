-- This installation, once: a random id that keeps the Message-IDs of its
-- emails apart from those of every other installation.
CREATE TABLE installation (
    one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    id TEXT NOT NULL CHECK (length(id) = 32)
);

INSERT INTO installation (id) VALUES (lower(hex(randomblob(16))));
