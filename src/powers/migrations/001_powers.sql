-- 公开属性 inventory (issue 23): a unit's 权责清单 — its powers and services —
-- and per stage of each the information produced with its 公开属性
-- (active | on_request | withheld | undecided), the Art 14–16 ground when
-- not active, the catalog item it falls under and its time limit.
CREATE TABLE pw_powers (
  id {{id}},
  unit_id INTEGER NOT NULL REFERENCES units (id),
  code TEXT NOT NULL,               -- 事项编码; may be ''
  name TEXT NOT NULL,               -- 事项名称
  type TEXT NOT NULL,               -- PowerTypeName: license | penalty | …
  implementer TEXT NOT NULL,        -- 实施主体
  basis TEXT NOT NULL,              -- 设定依据
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX pw_powers_unit_name ON pw_powers (unit_id, name);
CREATE TABLE pw_stages (
  id {{id}},
  power_id INTEGER NOT NULL REFERENCES pw_powers (id),
  position INTEGER NOT NULL,
  stage TEXT NOT NULL,              -- 环节
  info TEXT NOT NULL,               -- 产生的政府信息
  attribute TEXT NOT NULL,          -- AttributeName
  withheld_ground TEXT NOT NULL,    -- core/withholding.h code, or ''
  catalog_item_id INTEGER,
  catalog_item TEXT NOT NULL,       -- "一级/二级" as shown
  period_days INTEGER NOT NULL,     -- working days; 0 = none
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL
);
CREATE UNIQUE INDEX pw_stages_power_stage ON pw_stages (power_id, stage, info);
-- Every change of a stage's attribute, with its reason.
CREATE TABLE pw_changes (
  id {{id}},
  stage_id INTEGER NOT NULL REFERENCES pw_stages (id),
  record_id INTEGER,                -- a record drafted from the stage
  from_attribute TEXT NOT NULL,
  to_attribute TEXT NOT NULL,
  from_ground TEXT NOT NULL,
  to_ground TEXT NOT NULL,
  reason TEXT NOT NULL,
  by_user TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX pw_changes_stage ON pw_changes (stage_id);
-- Records drafted from a stage.
CREATE TABLE pw_stage_records (
  stage_id INTEGER NOT NULL REFERENCES pw_stages (id),
  record_id INTEGER NOT NULL,
  PRIMARY KEY (stage_id, record_id)
);
