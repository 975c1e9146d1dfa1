-- The self-inspection's reports (issue 19): one row per run, the verdict per
-- indicator with its findings as JSON (inspection/model.h VerdictJson).
CREATE TABLE inspection_reports (
  id {{id}},
  as_of TEXT NOT NULL,             -- YYYY-MM-DD the indicators were judged on
  month TEXT NOT NULL,             -- YYYY-MM of started_at (monthly reports)
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  run_by TEXT NOT NULL,
  trigger_kind TEXT NOT NULL,      -- manual | monthly | cli
  base_url TEXT NOT NULL,          -- "" when the crawl was skipped
  passed INTEGER NOT NULL,         -- 0/1: no veto
  vetoes INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  pages INTEGER NOT NULL,          -- pages crawled
  page_limit_reached INTEGER NOT NULL,
  verdict_json TEXT NOT NULL
);
CREATE INDEX inspection_reports_month ON inspection_reports (month);
