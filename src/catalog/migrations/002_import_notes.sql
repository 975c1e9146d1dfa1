-- Issue 14: an import into a draft keeps every item it can read. What it
-- found that the item's fields cannot show (a channel written without ■/□,
-- a mark it could not read) is kept with the item as a JSON array of
-- {"field", "reason"} until the item is next saved; publication is refused
-- while any item has notes or lacks a required element. Existing items have
-- none.
ALTER TABLE catalog_items ADD COLUMN import_notes TEXT NOT NULL DEFAULT '[]';
