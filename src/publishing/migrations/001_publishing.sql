-- Government information records (政府信息) and their lifecycle. The row is
-- the current text: the working copy before first publication, the public
-- version afterwards (a change of a published record waits in
-- pending_json until it is published as the next version).
CREATE TABLE pub_records (
  id {{id}},
  unit_id INTEGER NOT NULL REFERENCES units(id),
  domain_id INTEGER REFERENCES domains(id),
  catalog_item_id INTEGER,          -- the item when drafted (versions change ids)
  item_level1 TEXT NOT NULL DEFAULT '',
  item_level2 TEXT NOT NULL DEFAULT '',
  period_kind TEXT NOT NULL,        -- working_days | calendar_days | realtime | timely
  period_days INTEGER NOT NULL,
  period_label TEXT NOT NULL,
  title TEXT NOT NULL,
  doc_number TEXT NOT NULL DEFAULT '',
  topic TEXT NOT NULL,
  subtopic TEXT NOT NULL DEFAULT '',
  genre TEXT NOT NULL,
  keywords TEXT NOT NULL DEFAULT '',  -- joined with '、'
  body_html TEXT NOT NULL,
  disclosure TEXT NOT NULL,         -- active | on_request | withheld
  withheld_ground TEXT NOT NULL DEFAULT '',
  formed_on TEXT NOT NULL,
  changed_on TEXT NOT NULL DEFAULT '',
  publish_by TEXT NOT NULL,
  status TEXT NOT NULL,             -- draft | submitted | reviewed | published | unpublished
  version INTEGER NOT NULL DEFAULT 0,
  index_number TEXT UNIQUE,
  published_on TEXT NOT NULL DEFAULT '',
  published_at TEXT NOT NULL DEFAULT '',
  first_published_on TEXT NOT NULL DEFAULT '',
  days_late INTEGER,
  validity TEXT NOT NULL DEFAULT 'valid',
  validity_on TEXT NOT NULL DEFAULT '',
  replaced_by INTEGER REFERENCES pub_records(id),
  review_outcome TEXT NOT NULL DEFAULT '',
  review_remarks TEXT NOT NULL DEFAULT '',
  reviewed_by TEXT NOT NULL DEFAULT '',
  reviewed_at TEXT NOT NULL DEFAULT '',
  unpublish_reason TEXT NOT NULL DEFAULT '',
  pending_json TEXT,
  pending_status TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Public lists: newest first, whole site or per domain / unit.
CREATE INDEX pub_records_public ON pub_records (status, disclosure, published_on, id);
CREATE INDEX pub_records_domain ON pub_records (domain_id, status, disclosure, published_on, id);
CREATE INDEX pub_records_unit ON pub_records (unit_id, status, disclosure, published_on, id);
-- Counts per catalog item on domain pages, from the index alone.
CREATE INDEX pub_records_item ON pub_records (domain_id, status, disclosure, item_level1, item_level2, published_on);
CREATE INDEX pub_records_due ON pub_records (status, publish_by);
-- The list filters people use most (体裁, 主题分类), newest first.
CREATE INDEX pub_records_genre ON pub_records (status, disclosure, genre, published_on, id);
CREATE INDEX pub_records_topic ON pub_records (status, disclosure, topic, published_on, id);

-- 索引号 serials: one counter per organisation and period, never reused.
CREATE TABLE pub_index_serials (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  period TEXT NOT NULL,
  last_serial INTEGER NOT NULL,
  PRIMARY KEY (unit_id, period)
);

-- Per-unit 索引号 pattern (default in the config).
CREATE TABLE pub_unit_settings (
  unit_id INTEGER PRIMARY KEY REFERENCES units(id),
  index_pattern TEXT NOT NULL
);

-- Every published version, for the history on the public page.
CREATE TABLE pub_versions (
  record_id INTEGER NOT NULL REFERENCES pub_records(id),
  version INTEGER NOT NULL,
  published_at TEXT NOT NULL,
  changed_on TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  doc_number TEXT NOT NULL DEFAULT '',
  body_html TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (record_id, version)
);

CREATE TABLE pub_attachments (
  id {{id}},
  record_id INTEGER NOT NULL REFERENCES pub_records(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  position INTEGER NOT NULL
);
CREATE INDEX pub_attachments_record ON pub_attachments (record_id, position);

CREATE TABLE pub_relations (
  from_id INTEGER NOT NULL REFERENCES pub_records(id),
  kind TEXT NOT NULL,               -- interprets | replaces | amends | attachment_of
  to_id INTEGER NOT NULL REFERENCES pub_records(id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (from_id, kind, to_id)
);
CREATE INDEX pub_relations_to ON pub_relations (to_id);

-- Channels other than the portal on which a record went out (■ in the item).
CREATE TABLE pub_channels (
  record_id INTEGER NOT NULL REFERENCES pub_records(id),
  channel TEXT NOT NULL,
  done_on TEXT NOT NULL,
  done_by TEXT NOT NULL,
  PRIMARY KEY (record_id, channel)
);

CREATE TABLE pub_genres (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);

-- Editable pages of the 政务公开 section.
CREATE TABLE pub_pages (
  slug TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  body_html TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
