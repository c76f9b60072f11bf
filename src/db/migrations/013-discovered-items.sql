-- Items discovered without a stat (docs/design.md "Scanning"). The structural pass lists folders
-- the way `find` does, from directory entries alone, and inserts a new file's row with
-- meta_pending = 2: size, mtime and taken_at are not known yet (0). The metadata pass opens the
-- file anyway to read its EXIF; it takes size and mtime from that open file and clears the mark.
-- meta_pending = 1 keeps its meaning: size and mtime known, EXIF to be read again.
-- The partial index of 004 covered only 1; it now covers every row the metadata pass has to visit.
DROP INDEX items_meta_pending;
CREATE INDEX items_meta_pending ON items(id) WHERE meta_pending > 0;
