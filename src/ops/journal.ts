import type { Db } from '../db/open.ts';
import type { Statement } from 'better-sqlite3';
import type { JournalRow, Unit } from './unit.ts';

/** What rides along with an intent as JSON: the trash entry and a task's receipt. */
function dataOf(u: Unit): string | null {
  return u.entry == null && u.receipt === undefined ? null : JSON.stringify({ entry: u.entry ?? null, receipt: u.receipt });
}

/** Intents per INSERT statement in `writeAll`: one statement per 50 rows costs less than 50 statements. */
const ROWS = 50;

/**
 * The journal table (docs/reliability.md): a unit's intent is written and committed before its
 * disk step, and deleted in the transaction that applies its index change. Synchronous; callers
 * decide the transactions.
 */
export class Journal {
  readonly #db: Db;
  /** `writeAll`'s statements by their number of rows. */
  readonly #inserts = new Map<number, Statement>();
  readonly #delete;
  readonly #deleteRange;
  readonly #all;

  constructor(db: Db) {
    this.#db = db;
    this.#delete = db.prepare('DELETE FROM journal WHERE id = ?');
    this.#deleteRange = db.prepare('DELETE FROM journal WHERE id BETWEEN ? AND ?');
    this.#all = db.prepare<[], JournalRow>('SELECT * FROM journal ORDER BY id');
  }

  /**
   * Writes the intents of a batch, in order, by statements of up to ROWS rows; answers their ids
   * (the rows of one statement take consecutive ids, AUTOINCREMENT, and the last is reported).
   * The trash entry and a task's receipt ride along as JSON.
   */
  writeAll(units: readonly Unit[], now: number): number[] {
    const ids: number[] = [];
    for (let i = 0; i < units.length; i += ROWS) {
      const chunk = units.slice(i, i + ROWS);
      const values: unknown[] = [];
      for (const u of chunk) values.push(u.kind, u.src, u.dst, u.trash ?? null, null, dataOf(u), now);
      const last = Number(this.#insertRows(chunk.length).run(values).lastInsertRowid);
      for (let k = chunk.length - 1; k >= 0; k--) ids.push(last - k);
    }
    return ids;
  }

  #insertRows(n: number): Statement {
    let statement = this.#inserts.get(n);
    if (!statement) {
      const rows = Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
      statement = this.#db.prepare(`INSERT INTO journal (kind, src, dst, trash, tmp, data, created_at) VALUES ${rows}`);
      this.#inserts.set(n, statement);
    }
    return statement;
  }

  remove(id: number): void {
    this.#delete.run(id);
  }

  /** Removes intents `first`..`last`, written in one transaction (so their ids are contiguous). */
  removeRange(first: number, last: number): void {
    this.#deleteRange.run(first, last);
  }

  /** Every intent still there, oldest first (start-up recovery). */
  all(): JournalRow[] {
    return this.#all.all();
  }
}
