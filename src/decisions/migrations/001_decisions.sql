-- 重大行政决策事项目录 (issue 16): the year's major decisions with their
-- state, the steps taken (听证会, 专家论证, … with documents) and the
-- published versions of each year's catalog, frozen as JSON.
-- state: planned | consulting | decided | published | postponed | withdrawn
CREATE TABLE decisions (
  id {{id}},
  year INTEGER NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),  -- 承办单位
  title TEXT NOT NULL,
  deciding_body TEXT NOT NULL,                    -- 决策机关
  legal_basis TEXT NOT NULL,                      -- 依据
  planned_consultation_on TEXT,                   -- YYYY-MM-DD
  planned_decision_on TEXT,
  state TEXT NOT NULL,
  resume_to TEXT,                                 -- the state before 暂缓
  state_note TEXT NOT NULL DEFAULT '',            -- why 暂缓 / 撤销
  record_id INTEGER,                              -- the decision document
  decided_on TEXT,
  published_on TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX decisions_year_unit ON decisions (year, unit_id);
CREATE INDEX decisions_state ON decisions (state);

-- kind: hearing | expert | risk | legality | collective | other
CREATE TABLE decision_events (
  id {{id}},
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  kind TEXT NOT NULL,
  held_on TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  is_public INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX decision_events_decision ON decision_events (decision_id);

-- The files of an event, kept in the content-addressed blob store.
CREATE TABLE decision_event_documents (
  id {{id}},
  event_id INTEGER NOT NULL REFERENCES decision_events(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  blob_key TEXT NOT NULL,
  size INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  UNIQUE (event_id, position)
);

-- A published version of a year's catalog; items_json holds the decisions
-- as they were, so the portal shows what was published.
CREATE TABLE decision_catalog_versions (
  id {{id}},
  year INTEGER NOT NULL,
  version INTEGER NOT NULL,
  note TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  items_json TEXT NOT NULL,
  UNIQUE (year, version)
);

-- Which decisions a published version holds: the public may see a decision
-- only once it is in one.
CREATE TABLE decision_catalog_items (
  version_id INTEGER NOT NULL REFERENCES decision_catalog_versions(id),
  decision_id INTEGER NOT NULL REFERENCES decisions(id),
  PRIMARY KEY (version_id, decision_id)
);
CREATE INDEX decision_catalog_items_decision
  ON decision_catalog_items (decision_id);
