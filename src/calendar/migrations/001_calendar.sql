-- Named days: national (from the State Council notices, keyed by the
-- notice's year like holiday-cn) and local overrides (who, when, why).
CREATE TABLE calendar_days (
  id {{id}},
  day TEXT NOT NULL,
  status TEXT NOT NULL,          -- off | work
  name TEXT NOT NULL,            -- holiday name, or the local reason
  source TEXT NOT NULL,          -- national | local
  notice_year INTEGER,           -- national rows: the notice they come from
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (day, source)
);

-- Notice years that are loaded (a year without one is weekends-only).
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  papers TEXT NOT NULL,          -- JSON list of notice titles or URLs
  import_id INTEGER
);

CREATE TABLE calendar_imports (
  id {{id}},
  at TEXT NOT NULL,
  by_user TEXT NOT NULL,
  format TEXT NOT NULL,
  source_name TEXT NOT NULL,
  years TEXT NOT NULL,
  days INTEGER NOT NULL,
  notes TEXT NOT NULL
);

-- Every calendar change and how many open deadlines it moved.
CREATE TABLE calendar_changes (
  id {{id}},
  at TEXT NOT NULL,
  by_user TEXT NOT NULL,
  cause TEXT NOT NULL,
  deadlines_checked INTEGER NOT NULL,
  deadlines_moved INTEGER NOT NULL,
  details TEXT NOT NULL
);
