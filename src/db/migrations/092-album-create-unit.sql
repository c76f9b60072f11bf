-- An album copy makes each of its folders as a unit, `album-create` (src/ops/units/album-create.ts):
-- the folder's row is written through the journal like every other index change of a long
-- operation. SQLite cannot widen a CHECK in place: the table is rebuilt, keeping the rows a crash
-- may have left.
CREATE TABLE journal_new (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL CHECK (kind IN ('item-move', 'item-copy', 'item-trash', 'album-move', 'album-trash', 'album-drop', 'album-create', 'restore', 'space-move', 'space-copy', 'space-album-move')),
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
