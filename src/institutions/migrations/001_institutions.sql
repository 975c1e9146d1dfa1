-- 公共企事业单位办事公开 (issue 23). Institutions are org units (kind
-- 'institution', parent_id = the supervising department); their sector and
-- town live here.
CREATE TABLE inst_profiles (
  unit_id INTEGER PRIMARY KEY REFERENCES units(id),
  sector TEXT NOT NULL,           -- 教育 | 医疗卫生 | 供水 … (model.h kSectors)
  town_id INTEGER REFERENCES units(id),
  updated_at TEXT NOT NULL
);
CREATE INDEX inst_profiles_sector ON inst_profiles (sector, town_id);

-- What a supervising department set per sector: whether each standard
-- section applies and its update period. A missing row means the default
-- (every section, model.h DefaultPeriodDays).
CREATE TABLE inst_templates (
  department_id INTEGER NOT NULL REFERENCES units(id),
  sector TEXT NOT NULL,
  section TEXT NOT NULL,          -- guide | fees | commitments | channels | notices
  required INTEGER NOT NULL,      -- 0/1
  period_days INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (department_id, sector, section)
);

-- An institution's content per section: sanitized HTML, shown to the
-- public when published; updated_at is the server's clock at the save.
CREATE TABLE inst_sections (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  section TEXT NOT NULL,
  body_html TEXT NOT NULL,
  published INTEGER NOT NULL,     -- 0/1
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (unit_id, section)
);
