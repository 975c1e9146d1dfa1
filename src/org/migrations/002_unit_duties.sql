-- What each unit holds, in a line, for the public "which office holds
-- this?" hint on /apply (e.g. the towns' 村务、涉农补贴). Empty for units
-- whose 附件1 domains say it; the seed fills it in for the others.
ALTER TABLE units ADD COLUMN duties TEXT NOT NULL DEFAULT '';
