-- A catalog's 公开时限 is kept as written (often the national guide's legal
-- wording, naming several cases); the county may add the wording the clock
-- counts by ("20个工作日内", "及时公开"). Empty: the 公开时限 itself counts.
ALTER TABLE catalog_items ADD COLUMN time_limit_clock TEXT NOT NULL DEFAULT '';
