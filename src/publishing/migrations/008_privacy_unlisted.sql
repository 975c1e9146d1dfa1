-- 保密审查 (issue 18): a roster of 100,000 rows holds 400,000 findings. A
-- file lists the first 50 of each kind; one more row per kind and file
-- stands for the rest (`unlisted` of them, its place saying so). Rows
-- written before count as one finding each.
ALTER TABLE pub_privacy_findings ADD COLUMN unlisted INTEGER NOT NULL DEFAULT 0;
