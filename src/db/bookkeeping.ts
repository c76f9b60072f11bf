import type { RunResult } from 'better-sqlite3';
import type { Db } from './open.ts';

/**
 * Rows written to tables that no cache of the library reads: sessions (a login, a logout, the
 * `last_seen` written once a minute per session) and the administrator's PhotoLog. The listing
 * caches drop everything when `total_changes()` moves (Generation); counting these rows apart
 * keeps a login or a session's touch from costing every cached Photo.list and Album.list its
 * rebuild (a Photo.list over 100 000 photos: a sort of the whole library on the next call).
 *
 * Only statements with no triggers belong here: `RunResult.changes` does not count a trigger's
 * rows, which `total_changes()` does.
 */
const counts = new WeakMap<Db, { rows: number }>();

/** Notes the rows `result` wrote as bookkeeping; answers it. */
export function bookkeeping(db: Db, result: RunResult): RunResult {
  const count = counts.get(db);
  if (count) count.rows += result.changes;
  else counts.set(db, { rows: result.changes });
  return result;
}

/** Bookkeeping rows written on `db` so far (this connection's, as `total_changes()` counts). */
export function bookkeepingRows(db: Db): number {
  return counts.get(db)?.rows ?? 0;
}
