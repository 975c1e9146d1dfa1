-- 政民互动 (issue 16): public messages to a unit (咨询, 建议, 投诉, 找错), their
-- transfers, reviewed replies and the published Q&A. The sender's contact
-- (name, phone, email) never leaves through a public page; only the query
-- code's hash and the address's hash are kept.
CREATE TABLE messages (
  id {{id}},
  tracking_number TEXT UNIQUE,      -- LY + year + 6 digits, set after insert
  query_code_hash TEXT NOT NULL,
  type TEXT NOT NULL,               -- consult | suggest | complain | error
  unit_id INTEGER REFERENCES units (id),  -- NULL: 不清楚, 待分办
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  publish_consent INTEGER NOT NULL,
  arrived_on TEXT NOT NULL,         -- Beijing day (YYYY-MM-DD)
  arrived_at TEXT NOT NULL,         -- RFC 3339 UTC
  clock_from TEXT NOT NULL,         -- arrival, or a restarting transfer
  due_days INTEGER NOT NULL,        -- working days in force when it arrived
  due_on TEXT NOT NULL,
  state TEXT NOT NULL,              -- unrouted | handling | reviewing | replied
  reply_text TEXT NOT NULL DEFAULT '',
  draft_on TEXT,                    -- the drafted reply's day
  drafted_by_id INTEGER NOT NULL DEFAULT 0,
  replied_by TEXT NOT NULL DEFAULT '',
  replied_on TEXT,                  -- set when the reply is approved
  reviewed_by TEXT NOT NULL DEFAULT '',
  review_remarks TEXT NOT NULL DEFAULT '',
  publish_requested INTEGER NOT NULL DEFAULT 0,
  published INTEGER NOT NULL DEFAULT 0,
  public_title TEXT NOT NULL DEFAULT '',
  public_text TEXT NOT NULL DEFAULT '',
  public_reply TEXT NOT NULL DEFAULT '',
  published_at TEXT,
  unpublish_reason TEXT NOT NULL DEFAULT '',
  rating INTEGER,
  rating_comment TEXT NOT NULL DEFAULT '',
  source_hash TEXT NOT NULL,        -- sha256 of the sender's address
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX messages_by_unit_state ON messages (unit_id, state);
CREATE INDEX messages_by_state_due ON messages (state, due_on);
CREATE INDEX messages_by_state_arrival ON messages (state, arrived_on);
CREATE INDEX messages_by_state_reply ON messages (state, replied_on);
CREATE INDEX messages_by_arrival ON messages (arrived_on);
CREATE INDEX messages_published ON messages (published, published_at);
CREATE INDEX messages_by_source ON messages (source_hash, arrived_at);

-- Routing (from 待分办: from_unit_id NULL) and transfers between units.
CREATE TABLE message_transfers (
  id {{id}},
  message_id INTEGER NOT NULL REFERENCES messages (id),
  from_unit_id INTEGER,
  to_unit_id INTEGER NOT NULL,
  on_day TEXT NOT NULL,
  restart INTEGER NOT NULL,         -- the office restarted the clock
  reason TEXT NOT NULL,
  by_name TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX message_transfers_by_message ON message_transfers (message_id);

-- Working days to reply by type (the office changes them; 1–60). A change
-- applies to messages arriving afterwards.
CREATE TABLE message_deadlines (
  type TEXT PRIMARY KEY,
  days INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO message_deadlines (type, days, updated_by, updated_at) VALUES
  ('consult', 5, 'system', '2026-01-01T00:00:00Z'),
  ('suggest', 10, 'system', '2026-01-01T00:00:00Z'),
  ('complain', 15, 'system', '2026-01-01T00:00:00Z'),
  ('error', 5, 'system', '2026-01-01T00:00:00Z');
