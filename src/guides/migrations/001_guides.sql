-- 办事指南 (issue 17): one guide per 政务服务事项 of a unit. The row is the
-- working copy (draft → submitted → reviewed → published, or withdrawn);
-- published_json is the published snapshot the public reads, so a change to
-- a published guide is a draft while the published version stays public.
CREATE TABLE guides (
  id {{id}},
  service TEXT NOT NULL,               -- 事项名称
  unit_id INTEGER NOT NULL REFERENCES units (id),
  domain_id INTEGER,                   -- org domains; NULL none
  town_id INTEGER,                     -- a town's guide (乡镇便民服务中心)
  state TEXT NOT NULL,                 -- draft | submitted | reviewed | published | withdrawn
  version INTEGER NOT NULL DEFAULT 0,  -- published versions so far
  elements TEXT NOT NULL,              -- JSON {element name: text}
  not_applicable TEXT NOT NULL,        -- JSON {element name: reason}
  materials TEXT NOT NULL,             -- JSON [material]
  steps TEXT NOT NULL,                 -- JSON [step]
  life_events TEXT NOT NULL,           -- JSON [name]
  review_remarks TEXT NOT NULL DEFAULT '',
  submitted_by TEXT NOT NULL DEFAULT '',
  submitted_by_id INTEGER NOT NULL DEFAULT 0,
  reviewed_by TEXT NOT NULL DEFAULT '',
  published_by TEXT NOT NULL DEFAULT '',
  published_at TEXT,                   -- of the public version
  withdraw_reason TEXT NOT NULL DEFAULT '',
  published_json TEXT,                 -- the public snapshot; NULL none
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX guides_unit_service ON guides (unit_id, service);
CREATE INDEX guides_by_domain ON guides (domain_id);
CREATE INDEX guides_by_town ON guides (town_id);
CREATE INDEX guides_by_state ON guides (state);
CREATE INDEX guides_by_published ON guides (published_at);

-- Every published version, frozen as published.
CREATE TABLE guide_versions (
  id {{id}},
  guide_id INTEGER NOT NULL REFERENCES guides (id),
  version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,              -- JSON of the guide as published
  published_by TEXT NOT NULL,
  published_at TEXT NOT NULL,
  UNIQUE (guide_id, version)
);

-- 办事统计: a unit's services in a month, entered or imported.
CREATE TABLE guide_stats (
  id {{id}},
  unit_id INTEGER NOT NULL REFERENCES units (id),
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  received INTEGER NOT NULL,
  handled INTEGER NOT NULL,
  on_time INTEGER NOT NULL,
  entered_by TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  UNIQUE (unit_id, year, month)
);
CREATE INDEX guide_stats_by_period ON guide_stats (year, month);
