import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens the index the way better-sqlite3 wants it: one connection, WAL, foreign keys on, and
 * every migration in `migrations/` (applied in file-name order, each in its own transaction).
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; a power cut can lose the last commits.
  // Not FULL: better-sqlite3 commits synchronously, so FULL's fsync of the log would hold the
  // event loop (measured: 100-250 ms stalls on this machine's disk). What must survive a power
  // cut (a unit's intent, its commit, an upload's row) is flushed by Library.flushIndex, an fsync
  // of the log on the thread pool, before the work goes on or answers (docs/reliability.md, "Power loss").
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A log that a burst of writes grew is cut back to this size once it has been checkpointed.
  db.pragma('journal_size_limit = 67108864');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const done = new Set(db.prepare('SELECT name FROM migrations').pluck().all() as string[]);
  const files = readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const record = db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)');
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = readFileSync(path.join(migrationsDir, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      record.run(file, Date.now());
    })();
  }
}

export type { Db };
