-- 村务公开 / 居务公开 (issue 17): a village's postings in the three kinds,
-- each for a period (a month or a quarter) or, for a major item posted at
-- once, none; the photos of the posted board; the office's settings.
CREATE TABLE village_postings (
  id {{id}},
  village_id INTEGER NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL,              -- party | village | finance
  period_year INTEGER,             -- NULL: a major item (重大事项)
  period_cadence TEXT,             -- monthly | quarterly
  period_index INTEGER,            -- month 1-12 or quarter 1-4
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL,             -- draft | published | withdrawn
  posted_on TEXT,                  -- YYYY-MM-DD, the 公开日期
  withdrawn_reason TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX village_postings_period ON village_postings
  (village_id, kind, period_year, period_cadence, period_index);
CREATE INDEX village_postings_state ON village_postings (state, village_id);

CREATE TABLE village_photos (
  id {{id}},
  posting_id INTEGER NOT NULL REFERENCES village_postings(id),
  blob_key TEXT NOT NULL,          -- SHA-256 in <data_dir>/blobs
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  uploaded_at TEXT NOT NULL,
  taken_at TEXT,                   -- EXIF DateTimeOriginal, as read
  uploaded_by TEXT NOT NULL
);
CREATE INDEX village_photos_posting ON village_photos (posting_id, id);

-- One row (id 1) once the office saves; the defaults apply before.
CREATE TABLE village_settings (
  id INTEGER PRIMARY KEY,
  due_working_days INTEGER NOT NULL
);

-- Villages whose finance is posted monthly (frequent transactions).
CREATE TABLE village_finance_cadence (
  village_id INTEGER PRIMARY KEY REFERENCES units(id),
  finance_monthly INTEGER NOT NULL
);
