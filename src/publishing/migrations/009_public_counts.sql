-- Public record counts per list filter (the whole site, one domain, unit,
-- year, topic, genre or validity, one catalog item of a domain), kept in
-- step with pub_records by the store in the same transaction as the change
-- (store.cc, AdjustPublicCounts). A list's total is then one indexed read
-- instead of a COUNT over up to a million rows after every publication
-- (issue 22: 153 ms for /records at 950k public records).
CREATE TABLE pub_public_counts (
  dim TEXT NOT NULL,              -- all | domain | unit | year | topic | genre | validity | item
  val TEXT NOT NULL,              -- the value; for item the domain id
  val2 TEXT NOT NULL DEFAULT '',  -- item: 一级事项
  val3 TEXT NOT NULL DEFAULT '',  -- item: 二级事项
  n BIGINT NOT NULL,
  PRIMARY KEY (dim, val, val2, val3)
);
INSERT INTO pub_public_counts (dim, val, val2, val3, n)
  SELECT 'all', '', '', '', COUNT(*) FROM pub_records
  WHERE status = 'published' AND disclosure = 'active';
INSERT INTO pub_public_counts (dim, val, val2, val3, n)
  SELECT 'domain', CAST(domain_id AS TEXT), '', '', COUNT(*) FROM pub_records
  WHERE status = 'published' AND disclosure = 'active' AND domain_id IS NOT NULL
  GROUP BY domain_id;
INSERT INTO pub_public_counts (dim, val, val2, val3, n)
  SELECT 'unit', CAST(unit_id AS TEXT), '', '', COUNT(*) FROM pub_records
  WHERE status = 'published' AND disclosure = 'active'
  GROUP BY unit_id;
INSERT INTO pub_public_counts (dim, val, val2, val3, n)
  SELECT 'year', SUBSTR(published_on, 1, 4), '', '', COUNT(*) FROM pub_records
  WHERE status = 'published' AND disclosure = 'active'
  GROUP BY SUBSTR(published_on, 1, 4);
INSERT INTO pub_public_counts (dim, val, val2, val3, n)
  SELECT 'topic', topic, '', '', COUNT(*) FROM pub_records
  WHERE status = 'published' AND disclosure = 'active'
  GROUP BY topic;
INSERT INTO pub_public_counts (dim, val, val2, val3, n)
  SELECT 'genre', genre, '', '', COUNT(*) FROM pub_records
  WHERE status = 'published' AND disclosure = 'active'
  GROUP BY genre;
INSERT INTO pub_public_counts (dim, val, val2, val3, n)
  SELECT 'validity', validity, '', '', COUNT(*) FROM pub_records
  WHERE status = 'published' AND disclosure = 'active'
  GROUP BY validity;
INSERT INTO pub_public_counts (dim, val, val2, val3, n)
  SELECT 'item', CAST(domain_id AS TEXT), item_level1, item_level2, COUNT(*)
  FROM pub_records
  WHERE status = 'published' AND disclosure = 'active' AND domain_id IS NOT NULL
    AND item_level1 <> ''
  GROUP BY domain_id, item_level1, item_level2;

-- Sitemaps: public records in id order, each map one range of this index
-- (the planner took pub_records_topic and sorted 950k rows per map: 20 s for
-- /sitemap.xml at a million records).
CREATE INDEX pub_records_sitemap ON pub_records (status, disclosure, id, published_on, validity_on);
