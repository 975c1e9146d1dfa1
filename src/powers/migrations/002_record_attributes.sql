-- Changes of the 公开属性 on a record drafted from a stage (issue 23) join
-- the stage's history in pw_changes with their record_id; records are looked
-- up by id (the change, the 年报's Table 二 counts).
CREATE INDEX pw_stage_records_record ON pw_stage_records (record_id);
CREATE INDEX pw_changes_record ON pw_changes (record_id);
