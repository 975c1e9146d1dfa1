-- The portal's columns (栏目) with their update rules (issue 19). A column's
-- state on a day (正常 / 超期未更新 / 空白栏目) is derived from the modules
-- that fill it, never stored. Seeded at start; the county office edits the
-- name, type, rule, order and whether the plan requires it.
CREATE TABLE columns_registry (
  id {{id}},
  key TEXT NOT NULL,                   -- notices | domain:12 | xxgk:guide
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  type TEXT NOT NULL,                  -- news | notices | … | static
  update_days INTEGER NOT NULL,        -- 0: no update rule
  required INTEGER NOT NULL DEFAULT 0, -- 1: reachable even when blank
  unit_id INTEGER,                     -- the responsible unit, if one
  domain_id INTEGER,                   -- a domain's 专栏
  position INTEGER NOT NULL DEFAULT 0,
  changed_by TEXT NOT NULL DEFAULT '',
  changed_at TEXT NOT NULL
);
CREATE UNIQUE INDEX columns_registry_key ON columns_registry (key);
