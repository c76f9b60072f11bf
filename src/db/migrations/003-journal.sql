-- Long operations (SPEC §10, §11). A unit writes its intent here and commits before it touches
-- the disk; the transaction that applies its index change deletes the row. A row that survives a
-- crash names a unit whose disk step may or may not have happened: start-up looks at the disk and
-- finishes or undoes it (src/ops/recovery.ts, docs/design.md "Journal and recovery").
CREATE TABLE journal (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL CHECK (kind IN ('item-move', 'item-copy', 'item-trash', 'album-move', 'album-trash', 'album-drop', 'restore')),
  src        TEXT NOT NULL,   -- path under the photo root; for 'restore' the stored name in the trash
  dst        TEXT NOT NULL,   -- path under the photo root; for '*-trash' and 'album-drop' the stored name in the trash
  trash      TEXT,            -- stored name for the file an overwrite replaces, if any
  tmp        TEXT,            -- hidden temporary path of a copy (under the photo root)
  data       TEXT,            -- JSON the index change needs (restore: the trash entry id)
  created_at INTEGER NOT NULL
);

-- Deleted albums and items, and files replaced by overwrite (SPEC §11). `meta` keeps the index
-- rows (title, rating, GPS, ...) so a restore re-indexes what was there.
CREATE TABLE trash (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  type       TEXT NOT NULL CHECK (type IN ('album', 'photo', 'video')),
  path       TEXT NOT NULL,   -- original path under the photo root
  stored     TEXT NOT NULL UNIQUE,  -- name under the trash folder
  reason     TEXT NOT NULL CHECK (reason IN ('delete', 'overwrite')),
  deleted_at INTEGER NOT NULL,       -- ms
  meta       TEXT NOT NULL
);
CREATE INDEX trash_deleted ON trash(deleted_at);
