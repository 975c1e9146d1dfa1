-- 保密审查 across the site (issue 18): each run of `zwgk privacy scan` or of
-- the office's 重新扫描全站, with its counts. The findings themselves live
-- with the records (publishing's privacy tables); a run only says when the
-- site was last checked and what it found then.
CREATE TABLE privacy_scan_runs (
  id {{id}},
  started_at TEXT NOT NULL,            -- RFC 3339
  finished_at TEXT,                    -- NULL while running or when it failed
  started_by TEXT NOT NULL,            -- the account's name, or 命令行
  records INTEGER NOT NULL DEFAULT 0,
  attachments INTEGER NOT NULL DEFAULT 0,
  findings INTEGER NOT NULL DEFAULT 0,
  records_with_findings INTEGER NOT NULL DEFAULT 0,
  not_scanned INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT ''       -- why a run stopped, for the office
);
CREATE INDEX privacy_scan_runs_started ON privacy_scan_runs (started_at);
