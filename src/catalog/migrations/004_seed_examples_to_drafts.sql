-- Issue 17: the seed used to publish its example catalogs as 第1版 (by
-- "system", note 示例目录…待县政务公开办审核) although nobody had reviewed
-- them. They become what they are: the starting drafts (建议目录) of their
-- domains. Only a version nobody touched is changed: created and published
-- by the seed with the seed's note, still the domain's only version (no
-- draft opened, nothing published after it), and all its items still the
-- seed's examples. A county that edited or published its own catalog keeps
-- it as it is.
UPDATE catalog_versions
SET version = NULL, status = 'draft', published_at = NULL,
    published_by = NULL,
    note = '据建议目录（示例）创建的草稿，尚未发布'
WHERE status = 'published' AND version = 1
  AND created_by = 'system' AND published_by = 'system'
  AND note LIKE '示例目录%'
  AND NOT EXISTS (
    SELECT 1 FROM catalog_versions other
    WHERE other.domain_id = catalog_versions.domain_id
      AND other.id <> catalog_versions.id)
  AND NOT EXISTS (
    SELECT 1 FROM catalog_items i
    WHERE i.version_id = catalog_versions.id AND i.example = 0);
