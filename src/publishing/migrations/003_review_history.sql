-- Every 保密审查 decision is kept with its comment (approvals as well as
-- rejections), and who drafted and submitted what is under review, so
-- nobody reviews their own text. Reviews stored on the record before this
-- migration become the first entry of its history.
CREATE TABLE pub_reviews (
  id {{id}},
  record_id INTEGER NOT NULL REFERENCES pub_records(id),
  outcome TEXT NOT NULL,            -- approved | rejected
  remarks TEXT NOT NULL DEFAULT '',
  reviewer TEXT NOT NULL,
  reviewed_at TEXT NOT NULL,        -- RFC 3339 UTC
  of_change INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pub_reviews_record ON pub_reviews (record_id, id);
INSERT INTO pub_reviews (record_id, outcome, remarks, reviewer, reviewed_at)
  SELECT id, review_outcome, review_remarks, reviewed_by, reviewed_at
  FROM pub_records WHERE review_outcome <> '' ORDER BY id;

ALTER TABLE pub_records ADD COLUMN drafted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE pub_records ADD COLUMN submitted_by TEXT NOT NULL DEFAULT '';
UPDATE pub_records SET drafted_by = created_by;
