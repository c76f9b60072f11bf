import { EventEmitter } from 'node:events';
import type { Db } from '../db/open.ts';

export type ChangeAction = 'CREATE' | 'UPDATE' | 'DELETE' | 'MOVE';
export type ChangeType = 'album' | 'photo' | 'video' | 'task';

export interface ChangeEvent {
  cursor: number;
  action: ChangeAction;
  data_type: ChangeType;
  data_key: string;
  data: unknown;
}

/** Rows per statement of `gathered` (5 parameters each, far below SQLite's limit). */
const GATHER = 50;

interface ChangeRow {
  cursor: number;
  action: ChangeAction;
  data_type: ChangeType;
  data_key: string;
  data: string | null;
  at: number;
}

/**
 * The ordered change feed. `record` is synchronous and meant to be called inside the
 * transaction that makes the change; waiters are woken on a later tick, by which time that
 * transaction has committed (better-sqlite3 transactions never span an await).
 */
export class Changes {
  readonly #insert;
  readonly #insertMany;
  readonly #after;
  readonly #latest;
  readonly #afterOfType;
  readonly #events = new EventEmitter();
  readonly #now: () => number;
  readonly #insertGathered;
  /** Events recorded inside `gathered`, four fields each, not written yet. */
  #held: (string | null)[] | undefined;
  #waking = false;

  constructor(db: Db, now: () => number) {
    this.#insert = db.prepare('INSERT INTO changes (action, data_type, data_key, data, at) VALUES (?, ?, ?, ?, ?)');
    // One row per element of a JSON array of keys, in the array's order (its `key` is the index).
    this.#insertMany = db.prepare('INSERT INTO changes (action, data_type, data_key, data, at) SELECT ?, ?, value, ?, ? FROM json_each(?) ORDER BY key');
    this.#insertGathered = db.prepare(`INSERT INTO changes (action, data_type, data_key, data, at) VALUES ${Array(GATHER).fill('(?, ?, ?, ?, ?)').join(', ')}`);
    this.#after = db.prepare<[number, number], ChangeRow>('SELECT * FROM changes WHERE cursor > ? ORDER BY cursor LIMIT ?');
    this.#latest = db.prepare('SELECT coalesce(max(cursor), 0) FROM changes').pluck();
    this.#afterOfType = db.prepare<[number, string, number], ChangeRow>('SELECT * FROM changes WHERE cursor > ? AND data_type = ? ORDER BY cursor LIMIT ?');
    this.#now = now;
    // Every long-poll adds a listener; there may be many clients waiting at once.
    this.#events.setMaxListeners(0);
  }

  record(action: ChangeAction, type: ChangeType, key: string, data?: unknown): void {
    const json = data === undefined ? null : JSON.stringify(data);
    if (this.#held) this.#held.push(action, type, key, json);
    else this.#insert.run(action, type, key, json, this.#now());
    this.#wake();
  }

  /**
   * Runs `work` (synchronous, inside the caller's transaction) with the events it records written
   * together when it ends, in their order, by statements of GATHER rows: a batch of 200 item moves
   * made 200 single-row inserts, a twelfth of a move's main-thread time (profile in
   * docs/performance.md). When `work` throws nothing is written; its transaction rolls back.
   */
  gathered<T>(work: () => T): T {
    if (this.#held) return work();
    const held: (string | null)[] = [];
    this.#held = held;
    let result: T;
    try {
      result = work();
    } finally {
      this.#held = undefined;
    }
    this.#writeHeld(held);
    return result;
  }

  #writeHeld(held: (string | null)[]): void {
    const at = this.#now();
    const rows = held.length / 4;
    let r = 0;
    const params: (string | number | null)[] = [];
    for (; r + GATHER <= rows; r += GATHER) {
      params.length = 0;
      for (let i = r * 4; i < (r + GATHER) * 4; i += 4) params.push(held[i] as string, held[i + 1] as string, held[i + 2] as string, held[i + 3] as string | null, at);
      this.#insertGathered.run(params);
    }
    for (let i = r * 4; i < held.length; i += 4) this.#insert.run(held[i], held[i + 1], held[i + 2], held[i + 3], at);
  }

  /** Long-polls are woken once per turn, however many events the turn recorded. */
  #wake(): void {
    if (this.#waking) return;
    this.#waking = true;
    queueMicrotask(() => {
      this.#waking = false;
      this.#events.emit('change');
    });
  }

  /**
   * One event per key, in order, written by one statement: what a scan records for the files it
   * finds in a folder (a statement per event was a fifth of a first scan's time).
   */
  recordMany(action: ChangeAction, type: ChangeType, keys: readonly string[], data?: unknown): void {
    if (keys.length === 0) return;
    const json = data === undefined ? null : JSON.stringify(data);
    // Inside `gathered`: after the events held before these, in order.
    if (this.#held) for (const key of keys) this.#held.push(action, type, key, json);
    else this.#insertMany.run(action, type, json, this.#now(), JSON.stringify(keys));
    this.#wake();
  }

  latest(): number {
    return this.#latest.get() as number;
  }

  /** Up to `limit` events after `cursor`, oldest first. */
  after(cursor: number, limit: number): ChangeEvent[] {
    return this.#after.all(cursor, limit).map((r) => ({
      cursor: r.cursor,
      action: r.action,
      data_type: r.data_type,
      data_key: r.data_key,
      data: r.data === null ? null : (JSON.parse(r.data) as unknown),
    }));
  }

  /**
   * As `after`, of one data type only: the seed-002 feed shows jobs, and a bulk move of 5 000
   * items records 5 000 item events between two of its job's.
   */
  afterOfType(cursor: number, type: ChangeType, limit: number): ChangeEvent[] {
    return this.#afterOfType
      .all(cursor, type, limit)
      .map((r) => ({ cursor: r.cursor, action: r.action, data_type: r.data_type, data_key: r.data_key, data: r.data === null ? null : (JSON.parse(r.data) as unknown) }));
  }

  /**
   * Events after `cursor`; when there are none, waits up to `waitMs` for the next change
   * (long-polling), or until `signal` aborts (the client went away).
   */
  async wait(cursor: number, limit: number, waitMs: number, signal?: AbortSignal): Promise<ChangeEvent[]> {
    const now = this.after(cursor, limit);
    if (now.length > 0 || waitMs <= 0) return now;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#events.off('change', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      this.#events.on('change', done);
      signal?.addEventListener('abort', done);
    });
    return this.after(cursor, limit);
  }
}
