-- Index updates waiting to be applied (the transactional outbox): a row is
-- written in the same transaction as the record change and deleted only
-- after the Xapian index committed the change, so a crash between the two
-- leaves the row, and the next start applies it again.
CREATE TABLE search_outbox (
  id {{id}},
  record_id INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX search_outbox_record ON search_outbox (record_id);

-- Small settings: reindex_floor is the last outbox id a running rebuild
-- has read past (rows above it must survive until the rebuild applied them).
CREATE TABLE search_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
