-- Seeing photos (SPEC §14, docs/design.md "Thumbnails").
-- rotation: the user's clockwise rotation (0, 90, 180, 270) on top of the EXIF orientation; the
-- file itself is never rewritten. rotate_version counts the Rotate.set calls (clients bust caches
-- with it).
-- thumb_key: the identity the thumbnail cache is keyed by, together with size, mtime and
-- rotation. NULL means the row's own id. It is not the path: moves and renames keep the row (and
-- so the key), and a trip to the trash carries it in the saved row, so thumbnails survive both
-- untouched. A copy carries it too: same key, size and mtime mean the same bytes, so sharing the
-- cache files is right.
-- video: JSON of what ffprobe said of a video (codecs, bitrates, duration), NULL when unknown.
ALTER TABLE items ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN rotate_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN thumb_key INTEGER;
ALTER TABLE items ADD COLUMN video TEXT;
-- The item chosen as the album's cover (Cover.set). No foreign key on purpose: the choice is
-- checked when it is read (the item must still be in the album or below), so moving the item out
-- or deleting it costs nothing here and simply drops the choice.
ALTER TABLE albums ADD COLUMN cover_item_id INTEGER;
