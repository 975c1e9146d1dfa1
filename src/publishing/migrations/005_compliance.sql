-- The supervision dashboard (issue 15). 工作动态 joins the genres offered
-- when drafting (the 动态 columns key on it); a fresh database gets it from
-- data/genres.json when seeded, so only a list already seeded is extended.
INSERT INTO pub_genres (name, position)
  SELECT '工作动态', (SELECT MAX(position) FROM pub_genres) + 1
  WHERE EXISTS (SELECT 1 FROM pub_genres)
    AND NOT EXISTS (SELECT 1 FROM pub_genres WHERE name = '工作动态');
-- Columns: public records of a 体裁, a 公文类别 or a domain on a day, and the
-- newest, read from these indexes alone.
CREATE INDEX pub_records_genre_first
  ON pub_records (genre, status, disclosure, first_published_on);
CREATE INDEX pub_records_class_first
  ON pub_records (doc_class, status, disclosure, first_published_on);
CREATE INDEX pub_records_domain_first
  ON pub_records (domain_id, status, disclosure, first_published_on);
-- Catalog items with a recurring 公开时限: the newest record filed under one.
CREATE INDEX pub_records_item_first
  ON pub_records (domain_id, item_level1, item_level2, first_published_on);
-- Records published late in a year.
CREATE INDEX pub_records_late ON pub_records (status, published_on, unit_id)
  WHERE days_late > 0;
-- Published records with a change waiting (Compliance's OpenAt): without it
-- the condition reads every published row.
CREATE INDEX pub_records_pending ON pub_records (status, publish_by)
  WHERE pending_json IS NOT NULL;
