-- An album copy makes each of its folders as a unit, `album-create` (src/ops/units/album-create.ts),
-- so the folder's row goes through the journal like every other index change of a long operation.
-- Third rebuild of this table for a new kind: this one drops the CHECK on `kind` instead of
-- widening it. The kinds are declared once, in code (the unit table, src/ops/units/index.ts, and
-- the crossing kinds of src/ops/cross-unit.ts), and start-up recovery refuses to go on over a
-- row of a kind it does not know; a list repeated here only made each new kind a table rebuild.
-- SQLite cannot drop a CHECK in place: the table is rebuilt, keeping the rows a crash may have left.
CREATE TABLE journal_new (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL,
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
