-- Stable uids (SPEC §17): every album and item gets a UUID that survives moves, renames, album
-- moves and trips to the trash, so a client can hold an id that its path-derived id (SPEC §4)
-- cannot be. Item moves are UPDATEs of album_id/name and album moves rewrite album paths only,
-- so the column rides along at no per-item cost. A copy is a new row and gets a new uid.
--
-- The uid is a random (version 4) UUID in its text form, made by SQLite itself so existing rows
-- get theirs in one statement per table: an index of 100 000 items migrates in well under a
-- second (test/library/uids.test.ts measures it). src/library/uids.ts holds the same expression
-- for rows inserted by the code.
ALTER TABLE albums ADD COLUMN uid TEXT;
ALTER TABLE items ADD COLUMN uid TEXT;

UPDATE albums SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
  || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE items SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
  || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));

CREATE UNIQUE INDEX albums_uid ON albums(uid);
CREATE UNIQUE INDEX items_uid ON items(uid);

-- A row inserted without a uid (a statement that does not name the column, on any branch of the
-- code) still gets one: "every row has a uid" holds whoever inserts. The WHEN keeps the cost to
-- one comparison for the inserts that do supply it.
CREATE TRIGGER albums_uid_fill AFTER INSERT ON albums WHEN NEW.uid IS NULL BEGIN
  UPDATE albums SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
  WHERE id = NEW.id;
END;
CREATE TRIGGER items_uid_fill AFTER INSERT ON items WHEN NEW.uid IS NULL BEGIN
  UPDATE items SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
  WHERE id = NEW.id;
END;
