-- Incremented after every committed write (core/db.h): rendered pages
-- cached by any server process are tagged with it and go stale when it moves.
CREATE TABLE site_generation (
  id INTEGER PRIMARY KEY,
  n BIGINT NOT NULL
);
INSERT INTO site_generation (id, n) VALUES (1, 0);
