import { bookkeepingRows } from '../db/bookkeeping.ts';
import { dataVersionPerTurn } from '../db/data-version.ts';
import type { Db } from '../db/open.ts';

/**
 * A number that changes whenever the index may have changed, so caches of listings can be
 * dropped without every write path having to remember to say so. It combines:
 * - SQLite's `total_changes()`: rows written by this connection (any table, any helper's code),
 *   less the bookkeeping rows no cache reads (sessions, the PhotoLog: src/db/bookkeeping.ts);
 * - `PRAGMA data_version`: commits by other connections (`npm run scan` beside a running server);
 * - a manual counter, `bump()`, for changes the index cannot see.
 */
export class Generation {
  readonly #changes;
  readonly #db: Db;
  /** Read once per turn of the event loop, not at each of a request's cache lookups (8 % of a cached Photo.list). */
  readonly #dataVersion: () => number;
  #manual = 0;

  constructor(db: Db) {
    this.#db = db;
    this.#changes = db.prepare<[], number>('SELECT total_changes()').pluck();
    this.#dataVersion = dataVersionPerTurn(db);
  }

  current(): string {
    return `${(this.#changes.get() as number) - bookkeepingRows(this.#db)}:${this.#dataVersion()}:${this.#manual}`;
  }

  bump(): void {
    this.#manual += 1;
  }
}

/**
 * Values computed from the index, kept until the generation changes. Bounded: when full, the
 * oldest entry goes (Map keeps insertion order).
 */
export class GenerationCache<V> {
  readonly #generation: Generation;
  readonly #max: number;
  #seen = '';
  readonly #entries = new Map<string, V>();

  constructor(generation: Generation, max = 256) {
    this.#generation = generation;
    this.#max = max;
  }

  get(key: string, build: () => V): V {
    const hit = this.find(key);
    if (hit !== undefined) return hit;
    const value = build();
    this.#store(key, value);
    return value;
  }

  /** The value kept for `key` at the current generation, if any. */
  find(key: string): V | undefined {
    const now = this.#generation.current();
    if (now !== this.#seen) {
      this.#entries.clear();
      this.#seen = now;
    }
    return this.#entries.get(key);
  }

  /**
   * Keeps a value built asynchronously, only if the index has not changed since `built`, the
   * generation it was built at: a value read before a write must not outlive it.
   */
  keep(key: string, value: V, built: string): void {
    if (this.#generation.current() !== built) return;
    if (this.#seen !== built) {
      this.#entries.clear();
      this.#seen = built;
    }
    this.#store(key, value);
  }

  #store(key: string, value: V): void {
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, value);
  }
}
