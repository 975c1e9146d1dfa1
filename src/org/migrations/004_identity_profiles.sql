-- Issue 19: the site's identity block (one row, id 1) and each unit's
-- 概况信息 / 机构职能 (unit_id 0 is the county's own). Existing rows are
-- untouched; a missing identity row reads as the defaults.
CREATE TABLE site_identity (
  id INTEGER PRIMARY KEY,
  site_name TEXT NOT NULL DEFAULT '',
  sponsor TEXT NOT NULL DEFAULT '',
  organizer TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  id_code TEXT NOT NULL DEFAULT '',
  icp TEXT NOT NULL DEFAULT '',
  police TEXT NOT NULL DEFAULT '',
  mark_url TEXT NOT NULL DEFAULT '',
  mark_blob TEXT NOT NULL DEFAULT '',
  mark_type TEXT NOT NULL DEFAULT '',
  police_blob TEXT NOT NULL DEFAULT '',
  police_type TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE unit_profiles (
  unit_id INTEGER PRIMARY KEY,
  departments TEXT NOT NULL DEFAULT '',
  duties_html TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  fax TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  office_hours TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);

CREATE TABLE unit_leaders (
  id {{id}},
  unit_id INTEGER NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  resume TEXT NOT NULL DEFAULT '',
  portfolio TEXT NOT NULL DEFAULT '',
  photo_blob TEXT NOT NULL DEFAULT '',
  photo_type TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX unit_leaders_unit ON unit_leaders (unit_id, position);
