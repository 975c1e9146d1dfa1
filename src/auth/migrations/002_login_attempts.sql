-- Login attempts for the throttles of auth/service.cc (issue 12): per client
-- address, per (name, address) and per name. In the database so that every
-- server process counts the same attempts. Keyed by the SHA-256 hex of the
-- name as typed, so names that do not exist count exactly like names that
-- do, and a password typed into the name field is not kept. A row is written
-- before the password is checked and removed when it was right; rows older
-- than twice the lockout window are deleted as new ones come.
CREATE TABLE login_attempts (
  id {{id}},
  address TEXT NOT NULL,    -- the client address; IPv6 by its /64
  name_hash TEXT NOT NULL,
  at TEXT NOT NULL          -- RFC 3339 UTC
);
CREATE INDEX login_attempts_address ON login_attempts (address, at);
CREATE INDEX login_attempts_name ON login_attempts (name_hash, at);
CREATE INDEX login_attempts_at ON login_attempts (at);
