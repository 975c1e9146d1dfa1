-- The county this installation serves (one row; a province runs one
-- installation per county for now).
CREATE TABLE county (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  province TEXT NOT NULL,
  city TEXT NOT NULL
);

CREATE TABLE units (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  credit_code TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0,
  retired_at TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE domains (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  unit_id INTEGER REFERENCES units(id),
  position INTEGER NOT NULL DEFAULT 0,
  retired_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX domains_unit ON domains (unit_id);

CREATE TABLE tasks (
  id {{id}},
  seq INTEGER NOT NULL UNIQUE,
  title TEXT NOT NULL,
  details TEXT NOT NULL,
  responsible TEXT NOT NULL,
  guiding TEXT NOT NULL
);

CREATE TABLE task_guiding_units (
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (task_id, unit_id)
);
