-- 征求意见 (issue 16): a draft opened for public comment in a window of
-- calendar days (opens_on … closes_on, Beijing time, 国务院令第713号 Art 15),
-- the changes to the window (extended or ended early, always with a reason
-- shown publicly), the comments with their moderation and adoption, and the
-- 意见采纳情况反馈 once published. The window state is derived from the
-- clock on every read, never stored.
CREATE TABLE consultations (
  id {{id}},
  decision_id INTEGER,                      -- the catalog entry, if any
  unit_id INTEGER NOT NULL REFERENCES units(id),  -- 承办单位
  title TEXT NOT NULL,
  body TEXT NOT NULL,                       -- 草案
  explanation TEXT NOT NULL,                -- 起草说明
  sections_json TEXT NOT NULL,              -- ["第一条", …]
  opens_on TEXT NOT NULL,                   -- YYYY-MM-DD
  closes_on TEXT NOT NULL,                  -- YYYY-MM-DD (as extended)
  short_reason TEXT NOT NULL,               -- why fewer than 30 days
  recorded INTEGER NOT NULL DEFAULT 0,      -- held before: no comments
  allow_anonymous INTEGER NOT NULL DEFAULT 1,
  feedback_published_at TEXT,
  feedback_note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX consultations_unit ON consultations (unit_id, opens_on);
CREATE INDEX consultations_decision ON consultations (decision_id);

-- Every change of closes_on: later (Extend) or earlier (EndEarly).
CREATE TABLE consultation_window_changes (
  id {{id}},
  consultation_id INTEGER NOT NULL REFERENCES consultations(id),
  from_on TEXT NOT NULL,
  to_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
CREATE INDEX consultation_window_changes_consultation
  ON consultation_window_changes (consultation_id);

-- state: pending | published | hidden
-- adoption: none | adopted | partly | rejected | out_of_scope
-- phone, email and source_hash are private: never on a public page.
CREATE TABLE consultation_comments (
  id {{id}},
  consultation_id INTEGER NOT NULL REFERENCES consultations(id),
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  section TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL,
  moderation_reason TEXT NOT NULL DEFAULT '',
  moderated_by TEXT NOT NULL DEFAULT '',
  moderated_at TEXT NOT NULL DEFAULT '',
  adoption TEXT NOT NULL DEFAULT 'none',
  adoption_reason TEXT NOT NULL DEFAULT '',
  duplicate_of INTEGER,
  channel TEXT NOT NULL DEFAULT '',         -- '' online; 信函 | 电子邮件 | …
  received_on TEXT NOT NULL DEFAULT '',     -- staff-recorded comments
  text_hash TEXT NOT NULL,                  -- normalized text, duplicates
  source_hash TEXT NOT NULL,                -- sha256 of the address
  created_at TEXT NOT NULL
);
CREATE INDEX consultation_comments_state
  ON consultation_comments (consultation_id, state);
CREATE INDEX consultation_comments_source
  ON consultation_comments (consultation_id, source_hash, created_at);
CREATE INDEX consultation_comments_text
  ON consultation_comments (consultation_id, text_hash);
