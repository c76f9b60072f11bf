-- The item chosen as a smart album's cover (Cover.setsmart). As albums.cover_item_id (020): no
-- foreign key and nothing kept per item; the choice is checked when it is read (the smart album
-- must still select the item and the caller may browse it, src/library/smart-covers.ts), so an
-- item edited out of the condition, or deleted, stops being the cover without any write here.
-- Renaming the smart album keeps its row and so its choice; deleting it takes both.
ALTER TABLE smart_albums ADD COLUMN cover_item_id INTEGER;
