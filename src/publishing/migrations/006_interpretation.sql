-- 政策解读 三同步 (issue 16). The office marks genres whose records need an
-- interpretation like a 行政规范性文件 does; existing genres do not.
ALTER TABLE pub_genres ADD COLUMN needs_interpretation INTEGER NOT NULL DEFAULT 0;
-- How many working days after its policy an interpretation may follow
-- (one row; absent: the default of 3).
CREATE TABLE pub_interpretation_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  late_after_days INTEGER NOT NULL
);
-- Why a reviewer published a policy without its interpretation.
CREATE TABLE pub_interpretation_waivers (
  record_id INTEGER PRIMARY KEY REFERENCES pub_records(id),
  reason TEXT NOT NULL,
  waived_by TEXT NOT NULL,
  waived_at TEXT NOT NULL
);
-- The interpretations of a policy: relations by target and kind.
CREATE INDEX pub_relations_to_kind ON pub_relations (to_id, kind, from_id);
