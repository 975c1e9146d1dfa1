-- Villages and communities (issue 17) are units under their town: the
-- town's id and a contact line (村委会 phone / address). Existing rows keep
-- NULL / '' (they are no villages).
ALTER TABLE units ADD COLUMN parent_id INTEGER REFERENCES units(id);
ALTER TABLE units ADD COLUMN contact TEXT NOT NULL DEFAULT '';
CREATE INDEX units_parent ON units (parent_id, kind);
