-- An album moved into another space on one file system is one unit, `space-album-move`: one
-- rename of its folder, then its rows copied into the target index and dropped from the source's
-- (src/ops/cross-album.ts). SQLite cannot widen a CHECK in place: the table is rebuilt, keeping
-- the rows a crash may have left.
CREATE TABLE journal_new (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL CHECK (kind IN ('item-move', 'item-copy', 'item-trash', 'album-move', 'album-trash', 'album-drop', 'restore', 'space-move', 'space-copy', 'space-album-move')),
  src        TEXT NOT NULL,
  dst        TEXT NOT NULL,
  trash      TEXT,
  tmp        TEXT,
  data       TEXT,
  created_at INTEGER NOT NULL
);
INSERT INTO journal_new (id, kind, src, dst, trash, tmp, data, created_at) SELECT id, kind, src, dst, trash, tmp, data, created_at FROM journal;
DROP TABLE journal;
ALTER TABLE journal_new RENAME TO journal;
