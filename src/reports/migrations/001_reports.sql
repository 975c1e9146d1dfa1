-- 年报 (issue 15): one report per year and reporting body (unit_id 0 is the
-- county government, all units), in versions: a published report is
-- corrected only as a new version with a note. What units type (texts,
-- Table 二 entered figures with their source, Table 四 numbers or cases) is
-- kept as entered; the computed figures are frozen as JSON when published.
CREATE TABLE reports (
  id {{id}},
  year INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,        -- 0: 县人民政府 (all units)
  version INTEGER NOT NULL,        -- 1, 2, … (corrections)
  state TEXT NOT NULL,             -- draft | submitted | reviewed | published
  overview TEXT NOT NULL,          -- 一、总体情况
  problems TEXT NOT NULL,          -- 五、存在的主要问题及改进情况
  other TEXT NOT NULL,             -- 六、其他需要报告的事项
  entered_json TEXT NOT NULL,      -- Table 二 entered figures, Table 四
  figures_json TEXT,               -- frozen figures of a published version
  note TEXT NOT NULL,              -- what a correction changed
  review_comment TEXT NOT NULL,    -- the county office's last comment
  record_id INTEGER,               -- the portal record (genre 年报)
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  submitted_at TEXT,
  published_at TEXT,
  UNIQUE (year, unit_id, version)
);
CREATE INDEX reports_by_state ON reports (year, state);
