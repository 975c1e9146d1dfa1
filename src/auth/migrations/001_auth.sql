-- Accounts, sessions and API tokens. Secrets are never stored: passwords as
-- argon2id hashes, sessions and tokens by the SHA-256 hex of their value.
CREATE TABLE users (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_id BIGINT REFERENCES units(id),
  created_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL,
  -- Lockout: consecutive failed logins since the last success or lock, and
  -- the instant (RFC 3339 UTC) until which logins are refused.
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  remote_ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

CREATE TABLE api_tokens (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
