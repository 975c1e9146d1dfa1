-- The compliance dashboard (issue 15) keeps only what the county office
-- decides: how stale a column may get (inspection.md A3, A4, A7) and the
-- score rules (the county 考核 tables). A missing row means the default of
-- compliance/model.h, so nothing is seeded here.
CREATE TABLE compliance_thresholds (
  kind TEXT PRIMARY KEY,          -- news | notices | policies | plans | special
  days INTEGER NOT NULL,          -- 0: blank check only
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE compliance_rules (
  code TEXT PRIMARY KEY,          -- late_publication … (RuleCodeName)
  label TEXT NOT NULL,
  points INTEGER NOT NULL,        -- deducted per occurrence
  enabled INTEGER NOT NULL,       -- 0/1
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
