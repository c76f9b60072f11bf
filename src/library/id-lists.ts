import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.ts';
import { logFailure } from '../log.ts';
import type { Log } from '../log.ts';
import { WorkerRpc } from '../threads/rpc.ts';
import { GenerationCache } from './generation.ts';
import type { Generation } from './generation.ts';

/** One ordered `SELECT id …` for the id-list thread (id-list.worker.ts). */
export interface IdListRequest {
  file: string;
  sql: string;
  args: unknown[];
}

/** One thread for the process: lists are built one after another, off the event loop. */
const thread = new WorkerRpc<IdListRequest, Int32Array>(new URL('./id-list.worker.ts', import.meta.url), 'id-list');

/**
 * Sorted id lists (an album's contents, a Photo.list query's matches), kept until the index
 * changes. A list of a few thousand rows is built right here, in a few milliseconds; a large one
 * (100 000 rows sort in about 100 ms, past the 50 ms the event loop may be held) is built on the
 * id-list thread, on a read-only connection of its own, while the server goes on answering.
 * Concurrent requests for the same list share one build. An in-memory index, which no other
 * connection can open, is always read here.
 */
export class IdLists {
  readonly #db: Db;
  readonly #log: Log;
  readonly #generation: Generation;
  readonly #cache: GenerationCache<Int32Array>;
  readonly #building = new Map<string, Promise<Int32Array>>();
  readonly #statements = new Map<string, Statement<unknown[], number>>();

  constructor(db: Db, generation: Generation, log: Log, max = 64) {
    this.#db = db;
    this.#log = log;
    this.#generation = generation;
    this.#cache = new GenerationCache(generation, max);
    // The first large album opened after a start would otherwise wait for the thread to load.
    if (!db.memory) thread.warm();
  }

  /** The list kept for `key` at the current generation, if any: a hit needs no promise. */
  cached(key: string): Int32Array | undefined {
    return this.#cache.find(key);
  }

  /** The ids `sql` selects with `args`, in its order; `small` says the caller knows it is cheap. */
  async get(key: string, sql: string, args: readonly unknown[], small = false): Promise<Int32Array> {
    const hit = this.#cache.find(key);
    if (hit) return hit;
    const built = this.#generation.current();
    if (small || this.#db.memory) {
      const ids = this.now(sql, args);
      this.#cache.keep(key, ids, built);
      return ids;
    }
    const flight = `${built}|${key}`;
    let pending = this.#building.get(flight);
    if (!pending) {
      pending = this.#offThread(sql, args).finally(() => this.#building.delete(flight));
      this.#building.set(flight, pending);
    }
    const ids = await pending;
    this.#cache.keep(key, ids, built);
    return ids;
  }

  /** The same list built on the event loop, for a caller that must not wait (a write in a transaction). */
  now(sql: string, args: readonly unknown[]): Int32Array {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.#db.prepare<unknown[], number>(sql).pluck();
      this.#statements.set(sql, stmt);
    }
    return Int32Array.from(stmt.all(...args));
  }

  async #offThread(sql: string, args: readonly unknown[]): Promise<Int32Array> {
    try {
      return await thread.call({ file: this.#db.name, sql, args: [...args] });
    } catch (err) {
      // A thread that cannot start or stopped: the list is still owed, built here.
      logFailure(this.#log, 'the id-list thread failed; the list is built on the event loop')(err);
      return this.now(sql, args);
    }
  }
}
