-- The library (SPEC §1, §4, §5). Albums are rows with a cached path; items point at their album
-- by id, so moving an album rewrites the paths of the albums in its subtree and never touches an
-- item row (docs/design.md).
CREATE TABLE albums (
  id             INTEGER PRIMARY KEY,
  parent_id      INTEGER REFERENCES albums(id) ON DELETE CASCADE,  -- NULL only for the root
  name           TEXT NOT NULL,                 -- '' for the root
  path           TEXT NOT NULL UNIQUE,          -- relative path, '' for the root
  depth          INTEGER NOT NULL,              -- 0 root, 1 top-level, ...
  title          TEXT NOT NULL DEFAULT '',
  description    TEXT NOT NULL DEFAULT '',
  type           TEXT CHECK (type IN ('public', 'private', 'password')),  -- NULL: inherit
  password       TEXT,                          -- scrypt hash, for type 'password'
  sort_by        TEXT NOT NULL DEFAULT 'default',
  sort_direction TEXT NOT NULL DEFAULT 'asc',
  hits           INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,              -- ms
  mtime          INTEGER NOT NULL DEFAULT 0     -- ms, of the folder
);
CREATE UNIQUE INDEX albums_parent_name ON albums(parent_id, name);
INSERT INTO albums (id, parent_id, name, path, depth, created_at) VALUES (1, NULL, '', '', 0, 0);

CREATE TABLE items (
  id          INTEGER PRIMARY KEY,
  album_id    INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('photo', 'video')),
  size        INTEGER NOT NULL DEFAULT 0,
  mtime       INTEGER NOT NULL DEFAULT 0,       -- ms, of the file
  created_at  INTEGER NOT NULL,                 -- ms, when first indexed
  taken_at    INTEGER NOT NULL DEFAULT 0,       -- ms; EXIF capture time as wall-clock UTC, else mtime
  width       INTEGER NOT NULL DEFAULT 0,
  height      INTEGER NOT NULL DEFAULT 0,
  orientation INTEGER NOT NULL DEFAULT 1,       -- EXIF orientation 1..8
  lat         REAL,
  lng         REAL,
  title       TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  rating      INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
  exif        TEXT,                             -- JSON of the tags `photo_exif` answers
  UNIQUE (album_id, name)
);
CREATE INDEX items_album_taken ON items(album_id, taken_at, name);
CREATE INDEX items_album_mtime ON items(album_id, mtime, name);
CREATE INDEX items_taken ON items(taken_at);

CREATE TABLE album_rights (
  album_id INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  browse   INTEGER NOT NULL DEFAULT 0,
  upload   INTEGER NOT NULL DEFAULT 0,
  manage   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (album_id, user_id)
) WITHOUT ROWID;
CREATE INDEX album_rights_user ON album_rights(user_id);
