-- Background tasks (SPEC §12). A task's units are resolved once into task_units (a stable
-- list, never re-queried by offset) and carry their own result, so a task's memory use does
-- not grow with its size and a restart resumes at the first unit without a result.
CREATE TABLE tasks (
  id         INTEGER PRIMARY KEY,
  taskid     TEXT NOT NULL UNIQUE,
  api        TEXT NOT NULL,
  method     TEXT NOT NULL,
  user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  status     TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'done', 'cancelled', 'rejected', 'failed')),
  resolved   INTEGER NOT NULL DEFAULT 0,   -- 1 once every unit is in task_units
  total      INTEGER NOT NULL DEFAULT 0,
  processed  INTEGER NOT NULL DEFAULT 0,
  failed     INTEGER NOT NULL DEFAULT 0,   -- units processed but not done (status >= 300)
  spec       TEXT NOT NULL,                -- JSON: what to resolve and how (strategy, destination)
  created_on INTEGER NOT NULL,
  updated_on INTEGER NOT NULL
);
CREATE INDEX tasks_status ON tasks(status);

CREATE TABLE task_units (
  task_id   INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  seq       INTEGER NOT NULL,
  source    TEXT NOT NULL,                 -- album or item id
  dest      TEXT,                          -- destination album id (move/copy)
  name      TEXT,                          -- new name (operations form)
  duplicate TEXT,                          -- per-unit strategy (operations form)
  status    INTEGER,                       -- NULL until processed; then 200/204/403/404/409/500
  new_id    TEXT,
  path      TEXT,
  error     INTEGER,
  PRIMARY KEY (task_id, seq)
) WITHOUT ROWID;
