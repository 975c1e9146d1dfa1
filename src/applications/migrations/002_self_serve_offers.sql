-- "This is what I need" counts once per offer (issue 12): the page offering
-- published records carries a one-time token; only its hash is kept, with
-- the search that produced the offer. A used or expired token counts nothing.
CREATE TABLE application_self_serve_offers (
  token_hash TEXT PRIMARY KEY,
  unit_id INTEGER REFERENCES units(id),
  query TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX application_self_serve_offers_issued
  ON application_self_serve_offers (issued_at);
