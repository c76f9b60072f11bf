-- The rest of Photo Station's API (SPEC §15): comments, categories, smart albums, groups, the
-- about page, the administrator's log and the manual order of an album.

-- Comments are keyed by the item's row id: an item row survives moves, renames and album moves
-- (src/ops keeps it), so its comments follow at no per-item cost. A copy or a trip to the trash
-- carries them explicitly (src/library/item-extras.ts). Text is stored as given.
CREATE TABLE comments (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  email      TEXT NOT NULL DEFAULT '',
  comment    TEXT NOT NULL,
  created_at INTEGER NOT NULL            -- ms
);
CREATE INDEX comments_item ON comments(item_id, id);

-- Per album, as Photo Station's album setting (not inherited): 1 lets whoever may browse the
-- album's items comment on them; NULL or 0 does not.
ALTER TABLE albums ADD COLUMN allow_comment INTEGER;

-- The manual order of Album.arrangeitem, read by sort_by=preference; NULL sorts after every
-- arranged entry, by name.
ALTER TABLE albums ADD COLUMN position INTEGER;
ALTER TABLE items ADD COLUMN position INTEGER;

CREATE TABLE categories (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  hidden   INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE smart_albums (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,       -- the wire id is smart_<hex of name>
  kinds      TEXT NOT NULL DEFAULT 'photo,video',
  tags       TEXT NOT NULL DEFAULT '[]', -- JSON array of tag row ids
  tag_policy TEXT NOT NULL DEFAULT 'or' CHECK (tag_policy IN ('or', 'and')),
  date_from  TEXT,                       -- Y-m-d, taken date, inclusive
  date_to    TEXT,                       -- Y-m-d, taken date, inclusive
  rating     INTEGER NOT NULL DEFAULT 0, -- minimum
  created_at INTEGER NOT NULL
);

-- A category holds albums (by row id, so they stay through moves) and smart albums.
CREATE TABLE category_entries (
  category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  album_id    INTEGER REFERENCES albums(id) ON DELETE CASCADE,
  smart_id    INTEGER REFERENCES smart_albums(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL DEFAULT 0,
  CHECK ((album_id IS NULL) <> (smart_id IS NULL))
);
CREATE UNIQUE INDEX category_entries_album ON category_entries(category_id, album_id) WHERE album_id IS NOT NULL;
CREATE UNIQUE INDEX category_entries_smart ON category_entries(category_id, smart_id) WHERE smart_id IS NOT NULL;

CREATE TABLE groups (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_members_user ON group_members(user_id);
CREATE TABLE group_rights (
  album_id INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  browse   INTEGER NOT NULL DEFAULT 0,
  upload   INTEGER NOT NULL DEFAULT 0,
  manage   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (album_id, group_id)
) WITHOUT ROWID;

-- The one statement of "a user's rights = their own grants OR any of their groups' grants":
-- every reader of rights (src/library/rights.ts, visibility.ts) reads this view, never the tables.
CREATE VIEW user_grants AS
  SELECT album_id, user_id, browse, upload, manage FROM album_rights
  UNION ALL
  SELECT gr.album_id, gm.user_id, gr.browse, gr.upload, gr.manage
  FROM group_rights gr JOIN group_members gm ON gm.group_id = gr.group_id;

CREATE TABLE about_page (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  html TEXT NOT NULL
);

CREATE TABLE photo_log (
  id     INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,               -- ms
  user   TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
