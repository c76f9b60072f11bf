-- The change feed (SPEC §12, SYNO.PhotoStation.Sync): one row per change, in commit order.
-- Rows are written in the same transaction as the change they describe, so the feed can never
-- show a change that was rolled back nor miss one that was committed.
CREATE TABLE changes (
  cursor    INTEGER PRIMARY KEY AUTOINCREMENT,
  action    TEXT NOT NULL CHECK (action IN ('CREATE', 'UPDATE', 'DELETE', 'MOVE')),
  data_type TEXT NOT NULL CHECK (data_type IN ('album', 'photo', 'video', 'task')),
  data_key  TEXT NOT NULL,
  data      TEXT,                  -- JSON
  at        INTEGER NOT NULL       -- ms
);
