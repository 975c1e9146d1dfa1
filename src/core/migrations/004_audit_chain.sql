-- The audit log as a hash chain (issue 20; core/audit_chain.h defines the
-- canonical serialization): each entry's hash over its fields and the
-- previous entry's hash, and the head (newest id and hash, entry count) so
-- deleting the newest entries shows too. The entries already in the log are
-- chained in id order by core/migrate.cc right after this script, in the same
-- transaction (audit::ChainUnchained): SQL alone has no SHA-256 on SQLite.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE TABLE audit_chain_head (
  id INTEGER PRIMARY KEY,
  last_id BIGINT NOT NULL,
  last_hash TEXT NOT NULL,
  entries BIGINT NOT NULL
);
INSERT INTO audit_chain_head (id, last_id, last_hash, entries) VALUES
  (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);
-- The outcome of the last `zwgk audit verify`, shown on the admin audit page.
CREATE TABLE audit_verify_last (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  entries BIGINT NOT NULL,
  intact INTEGER NOT NULL,
  message TEXT NOT NULL
);
