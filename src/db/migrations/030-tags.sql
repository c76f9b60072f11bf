-- Tags (SPEC §15): desc (keywords), people (with a face region) and geo (places). Links are keyed
-- by the item row's id, which an item keeps through moves, renames and album moves, so tags follow
-- their item at no per-item cost; a copy or a trip to the trash carries them explicitly
-- (src/library/item-extras.ts).
CREATE TABLE tags (
  id         INTEGER PRIMARY KEY,
  type       TEXT NOT NULL CHECK (type IN ('desc', 'people', 'geo')),
  name       TEXT NOT NULL,
  lat        REAL,                       -- geo only; NULL: a place without coordinates
  lng        REAL,
  address    TEXT NOT NULL DEFAULT '',
  place_id   TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL             -- ms
);
-- One tag per name and kind, letter case aside: "Paris" found in a file is the "paris" a user made.
CREATE UNIQUE INDEX tags_type_name ON tags(type, name COLLATE NOCASE);

CREATE TABLE item_tags (
  id        INTEGER PRIMARY KEY,          -- item_tag_<id> on the wire
  item_id   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  tag_id    INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  -- People: the face region, fractions 0..1 of the image (x, y: its top left corner).
  x         REAL,
  y         REAL,
  width     REAL,
  height    REAL,
  confirmed INTEGER NOT NULL DEFAULT 1,
  UNIQUE (item_id, tag_id)
);
CREATE INDEX item_tags_tag ON item_tags(tag_id, item_id);
