-- 回应关切 and 舆情回应 (issue 23): concerns logged with the minute they were
-- first seen, their due times in hours (computed when logged, with the
-- hours then in force), and the records of genre 回应 that answer them.
-- Times are RFC 3339 UTC; pages and the API show Beijing time.
CREATE TABLE concerns (
  id {{id}},
  title TEXT NOT NULL,
  source TEXT NOT NULL,             -- monitoring | media | netizen | hotline | deputies | other
  kind TEXT NOT NULL,               -- major | general
  unit_id INTEGER NOT NULL REFERENCES units (id),
  seen_at TEXT NOT NULL,            -- the minute first seen
  due_at TEXT NOT NULL,             -- first information (major) or response (general)
  press_due_at TEXT,                -- the press conference (major only)
  notes TEXT NOT NULL DEFAULT '',   -- internal: never public
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX concerns_by_unit_seen ON concerns (unit_id, seen_at);
CREATE INDEX concerns_by_seen ON concerns (seen_at);

-- A record of genre 回应 linked to a concern, and the obligation it meets:
-- first_information | press_conference | response. It meets it when the
-- record is first published (read from publishing).
CREATE TABLE concern_responses (
  id {{id}},
  concern_id INTEGER NOT NULL REFERENCES concerns (id),
  record_id INTEGER NOT NULL REFERENCES pub_records (id),
  obligation TEXT NOT NULL,
  linked_by TEXT NOT NULL,
  linked_at TEXT NOT NULL,
  UNIQUE (concern_id, record_id, obligation)
);
CREATE INDEX concern_responses_by_record ON concern_responses (record_id);

-- Hours after the first sighting, by obligation (the county office sets
-- them; 1–720). A change applies to concerns logged afterwards.
CREATE TABLE concern_hours (
  obligation TEXT PRIMARY KEY,
  hours INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO concern_hours (obligation, hours, updated_by, updated_at) VALUES
  ('first_information', 5, 'system', '2026-01-01T00:00:00Z'),
  ('press_conference', 24, 'system', '2026-01-01T00:00:00Z'),
  ('response', 48, 'system', '2026-01-01T00:00:00Z');
