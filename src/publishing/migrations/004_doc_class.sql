-- 公文类别 (规章 / 行政规范性文件 / 其他), orthogonal to 体裁, with the 登记号
-- and 有效期 a 行政规范性文件 may carry (有效期: an end date YYYY-MM-DD or
-- 长期). Records written before are 其他.
ALTER TABLE pub_records ADD COLUMN doc_class TEXT NOT NULL DEFAULT 'other';
ALTER TABLE pub_records ADD COLUMN registration_number TEXT NOT NULL DEFAULT '';
ALTER TABLE pub_records ADD COLUMN valid_until TEXT NOT NULL DEFAULT '';
-- Table 二 of the 年报 reads the few 规章 and 规范性文件 of a unit.
CREATE INDEX pub_records_doc_class ON pub_records (doc_class, unit_id);
-- Publications per month on the supervision dashboard.
CREATE INDEX pub_records_first_published
  ON pub_records (status, first_published_on, unit_id);
