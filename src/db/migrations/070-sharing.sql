-- Sharing (SPEC §18): shared albums are a user's collections of items (not folders), and public
-- links to a shared album or to a normal album. Items are referenced by row id: a move or a
-- rename UPDATEs the item row (src/ops/units/item-move.ts), so membership follows the item at no
-- cost; a delete removes the row (it goes to the trash), and the cascade takes it out of every
-- shared album. A restore makes a new row: the item does not come back into shared albums.
CREATE TABLE shared_albums (
  id         INTEGER PRIMARY KEY,
  owner_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL              -- ms
);
CREATE INDEX shared_albums_owner ON shared_albums(owner_id);

CREATE TABLE shared_album_items (
  shared_album_id INTEGER NOT NULL REFERENCES shared_albums(id) ON DELETE CASCADE,
  item_id         INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  added_at        INTEGER NOT NULL,        -- ms; the shared album's order
  PRIMARY KEY (shared_album_id, item_id)
) WITHOUT ROWID;
CREATE INDEX shared_album_items_item ON shared_album_items(item_id);

-- One public link per shared album or per album (exactly one of the two). The share id is kept
-- as it is (not hashed): its owner reads the link back (getinfo, additional=public_share) and an
-- edit of the window or password keeps the link the friends already have. It is 128 random
-- bits, looked up by this unique index.
CREATE TABLE public_shares (
  id              INTEGER PRIMARY KEY,
  share_id        TEXT NOT NULL UNIQUE,
  shared_album_id INTEGER UNIQUE REFERENCES shared_albums(id) ON DELETE CASCADE,
  album_id        INTEGER UNIQUE REFERENCES albums(id) ON DELETE CASCADE,
  owner_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  is_shared       INTEGER NOT NULL DEFAULT 1,
  start_at        INTEGER,                 -- ms, server time; NULL: open from the start
  end_at          INTEGER,                 -- ms, exclusive; NULL: never closes
  password        TEXT,                    -- scrypt hash (src/auth/password.ts); NULL: none
  enable_comment  INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  CHECK ((shared_album_id IS NULL) <> (album_id IS NULL))
);

-- What visitors looked at (AdvancedShare.list_log).
CREATE TABLE share_views (
  id       INTEGER PRIMARY KEY,
  share_id INTEGER NOT NULL REFERENCES public_shares(id) ON DELETE CASCADE,
  at       INTEGER NOT NULL,               -- ms
  ip       TEXT NOT NULL,
  action   TEXT NOT NULL,                  -- list, view, download
  item     TEXT                            -- the item's id then (SPEC §4), NULL for a list
);
CREATE INDEX share_views_share ON share_views(share_id, at);
