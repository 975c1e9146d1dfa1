-- 依申请公开 applications (条例 Art 27–45). Personal data lives only here;
-- it is never copied to search indexes or feeds.
CREATE TABLE applications (
  id {{id}},
  tracking_number TEXT UNIQUE,
  query_code_hash TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  channel TEXT NOT NULL,
  state TEXT NOT NULL,
  applicant_type TEXT NOT NULL,
  category TEXT NOT NULL,
  applicant_name TEXT NOT NULL,
  id_type TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT '',
  credit_code TEXT NOT NULL DEFAULT '',
  legal_representative TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL,
  address TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  -- Who the applicant is for fees per applicant per month.
  applicant_key TEXT NOT NULL,
  description TEXT NOT NULL,
  doc_number TEXT NOT NULL DEFAULT '',
  delivery_form TEXT NOT NULL,
  delivery_way TEXT NOT NULL DEFAULT '',
  -- Art 31: the raw arrival (timestamp) and the confirmed receipt date.
  arrived_at TEXT NOT NULL,
  received_on TEXT,
  reply_type TEXT,
  reply_ground TEXT,
  reply_text TEXT NOT NULL DEFAULT '',
  concluded_on TEXT,
  -- A cache of the due date derived from the event log (refreshed after
  -- every event and every calendar change); never the source of truth.
  due_on TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX applications_unit_state ON applications (unit_id, state);
CREATE INDEX applications_applicant ON applications (applicant_key, received_on);

-- Everything that happened to an application, in order. The clock is
-- computed from these rows.
CREATE TABLE application_events (
  id {{id}},
  application_id INTEGER NOT NULL REFERENCES applications(id),
  kind TEXT NOT NULL,
  on_day TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX application_events_app ON application_events (application_id, id);

CREATE TABLE application_attachments (
  id {{id}},
  application_id INTEGER NOT NULL REFERENCES applications(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,            -- the file in the blob store (data dir)
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

-- Art 36(一) answered before an application existed: the visitor found the
-- record among the published ones ("this is what I need").
CREATE TABLE application_self_served (
  id {{id}},
  unit_id INTEGER REFERENCES units(id),
  query TEXT NOT NULL,
  record_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
