import type { Db } from '../db/open.ts';
import type { JournalRow, Unit } from './unit.ts';

/**
 * The journal table (docs/reliability.md): a unit's intent is written and committed before its
 * disk step, and deleted in the transaction that applies its index change. Synchronous; callers
 * decide the transactions.
 */
export class Journal {
  readonly #insert;
  readonly #delete;
  readonly #deleteRange;
  readonly #all;

  constructor(db: Db) {
    this.#insert = db.prepare('INSERT INTO journal (kind, src, dst, trash, tmp, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.#delete = db.prepare('DELETE FROM journal WHERE id = ?');
    this.#deleteRange = db.prepare('DELETE FROM journal WHERE id BETWEEN ? AND ?');
    this.#all = db.prepare<[], JournalRow>('SELECT * FROM journal ORDER BY id');
  }

  /** Writes a unit's intent; answers its id. The trash entry and a task's receipt ride along as JSON. */
  write(u: Unit, now: number): number {
    const data = u.entry == null && u.receipt === undefined ? null : JSON.stringify({ entry: u.entry ?? null, receipt: u.receipt });
    return Number(this.#insert.run(u.kind, u.src, u.dst, u.trash ?? null, null, data, now).lastInsertRowid);
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
