-- Versions of each domain's 政务公开事项标准目录. Editors change the one draft;
-- the county office publishes it as the next numbered version; every
-- version stays readable.
CREATE TABLE catalog_versions (
  id {{id}},
  domain_id INTEGER NOT NULL REFERENCES domains(id),
  unit_id INTEGER REFERENCES units(id),
  version INTEGER,                 -- NULL while a draft
  status TEXT NOT NULL,            -- draft | published
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  published_at TEXT,
  published_by TEXT,
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (domain_id, version)
);
CREATE UNIQUE INDEX catalog_one_draft ON catalog_versions (domain_id) WHERE status = 'draft';

-- One row per catalog item of a version (附件2 columns). Lists are JSON text;
-- parsed fields (《…》 titles, the clock period) are recomputed on load.
CREATE TABLE catalog_items (
  id {{id}},
  version_id INTEGER NOT NULL REFERENCES catalog_versions(id),
  seq INTEGER NOT NULL,
  level1 TEXT NOT NULL,
  level2 TEXT NOT NULL,
  level3 TEXT,
  elements TEXT NOT NULL,
  basis TEXT NOT NULL,
  time_limit TEXT NOT NULL,
  subject TEXT NOT NULL,
  channels TEXT NOT NULL,
  audience TEXT NOT NULL,
  audience_detail TEXT NOT NULL,
  method TEXT NOT NULL,
  levels TEXT NOT NULL,
  example INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX catalog_items_version ON catalog_items (version_id, seq);
