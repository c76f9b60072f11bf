import { dataVersionPerTurn } from '../db/data-version.ts';
import type { Db } from '../db/open.ts';

/**
 * Tells a cache of index rows whether the index may have changed since it last asked, cheaply
 * enough to ask on every request (the rule LiveSessions follows, src/auth/live.ts):
 * - `total_changes()` counts every row this connection wrote (~0.1 µs, no file touched);
 * - `PRAGMA data_version` moves when another connection committed (`npm run token -- revoke`
 *   beside the running server). It opens a read transaction, so it is read once per turn of the
 *   event loop: requests read together in one turn see the index as it was when the turn began.
 */
export class IndexWatch {
  readonly #changes;
  readonly #dataVersion: () => number;
  #seenChanges = -1;
  #seenVersion = -1;

  constructor(db: Db) {
    this.#changes = db.prepare<[], number>('SELECT total_changes()').pluck();
    this.#dataVersion = dataVersionPerTurn(db);
  }

  /** True when the index may differ from what the caller saw at its last call (or `settle`). */
  changed(): boolean {
    const changes = this.#changes.get() as number;
    const version = this.#dataVersion();
    if (changes === this.#seenChanges && version === this.#seenVersion) return false;
    this.#seenChanges = changes;
    this.#seenVersion = version;
    return true;
  }

  /** The caller's own writes since `changed()` are reflected in its cache: do not report them. */
  settle(): void {
    this.#seenChanges = this.#changes.get() as number;
  }
}
