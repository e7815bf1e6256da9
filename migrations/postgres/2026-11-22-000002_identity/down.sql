DROP TABLE login_throttles;
DROP TABLE audit_entries;
DROP TABLE memberships;
DROP TABLE sessions;
DROP TABLE users;
