-- 保密审查 (issue 18): personal data found in records. Findings are stored
-- masked only (kind, place, masked preview), replaced on each scan.
CREATE TABLE pub_privacy_findings (
  id {{id}},
  record_id INTEGER NOT NULL REFERENCES pub_records(id),
  kind TEXT NOT NULL,               -- privacy::KindName: id_card | mobile | …
  source TEXT NOT NULL,             -- 标题 | 正文 | an attachment's file name
  attachment_id INTEGER,
  place TEXT NOT NULL,
  preview TEXT NOT NULL,
  scanned_at TEXT NOT NULL
);
CREATE INDEX pub_privacy_findings_record ON pub_privacy_findings (record_id, kind);
-- The latest scan of a record.
CREATE TABLE pub_privacy_scans (
  record_id INTEGER PRIMARY KEY REFERENCES pub_records(id),
  scanned_at TEXT NOT NULL
);
-- Attachments the latest scan could not read, and why.
CREATE TABLE pub_privacy_not_scanned (
  record_id INTEGER NOT NULL REFERENCES pub_records(id),
  filename TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX pub_privacy_not_scanned_record ON pub_privacy_not_scanned (record_id);
-- A reviewer's reason for publishing a kind of personal data unmasked; kept
-- once given.
CREATE TABLE pub_privacy_reasons (
  record_id INTEGER NOT NULL REFERENCES pub_records(id),
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  given_by TEXT NOT NULL,
  given_at TEXT NOT NULL,
  PRIMARY KEY (record_id, kind)
);
-- A masked copy names its 原件 (no foreign key: an editor may delete the
-- original of a draft); an original with a masked copy is not public.
ALTER TABLE pub_attachments ADD COLUMN original_of INTEGER;
ALTER TABLE pub_attachments ADD COLUMN is_public INTEGER NOT NULL DEFAULT 1;
