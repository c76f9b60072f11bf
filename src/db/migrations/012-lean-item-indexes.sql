-- Cheaper item rows (docs/design.md "The index"). Listings sort an album once into a cache
-- (src/library/listing.ts), so the per-album sort indexes of 002 are read once per change of the
-- index but written for every row the scanner adds: they were about half of a first scan's
-- insert time. The mtime one goes. The taken-date one becomes (album_id, taken_at), with no name
-- text in it: smaller, and it still serves Photo.list of one album by taken date (ORDER BY
-- taken_at, id is exactly its order, rowid included) and the takendate listing (sorted by name
-- only within equal dates).
DROP INDEX items_album_mtime;
DROP INDEX items_album_taken;
CREATE INDEX items_album_taken_at ON items(album_id, taken_at);
