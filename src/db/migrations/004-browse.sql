-- Browsing and scanning (SPEC §7, §8). The scanner indexes a file in two passes: a fast structural
-- pass (readdir + lstat, taken date = mtime) marks new and changed rows `meta_pending`, and a
-- metadata pass reads their EXIF later. The partial index keeps the "what is still to read" query
-- proportional to the pending rows, not to the library.
ALTER TABLE items ADD COLUMN meta_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX items_meta_pending ON items(id) WHERE meta_pending = 1;
