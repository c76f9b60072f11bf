import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open.ts';
import type { Reason } from '../errors.ts';

export type TaskStatus = 'queued' | 'processing' | 'done' | 'cancelled' | 'rejected' | 'failed';
export const FINISHED: ReadonlySet<TaskStatus> = new Set(['done', 'cancelled', 'rejected', 'failed']);

export interface TaskRow {
  id: number;
  taskid: string;
  api: string;
  method: string;
  user_id: number | null;
  status: TaskStatus;
  resolved: number;
  total: number;
  processed: number;
  failed: number;
  spec: string;
  created_on: number;
  updated_on: number;
}

/** One unit of a task: a source and where it goes. */
export interface UnitSpec {
  source: string;
  dest?: string | null;
  name?: string | null;
  duplicate?: string | null;
}

/** What a unit came to (SPEC §10 ext per-item result); `reason` says why it was not done. */
export interface UnitResult {
  status: number;
  new_id?: string | null;
  path?: string | null;
  reason?: Reason | null;
}

export interface UnitRow extends Required<UnitSpec> {
  seq: number;
  status: number | null;
  new_id: string | null;
  path: string | null;
  /** The unit's failure reason; a number is a code stored before reasons existed (read as is). */
  error: Reason | number | null;
}

/** The `error` column of a result; a journaled receipt written before reasons carries a code in `error`. */
function errorOf(result: UnitResult): Reason | number | null {
  return result.reason ?? (result as { error?: number | null }).error ?? null;
}

/** Tasks and their units in the index. Synchronous; the runner decides when to yield. */
export class TaskStore {
  readonly #db: Db;
  readonly #byTaskid;
  readonly #addUnit;
  readonly #pending;
  readonly #setUnit;
  readonly #setPending;
  readonly #progress;

  constructor(db: Db) {
    this.#db = db;
    this.#byTaskid = db.prepare<[string], TaskRow>('SELECT * FROM tasks WHERE taskid = ?');
    this.#addUnit = db.prepare('INSERT INTO task_units (task_id, seq, source, dest, name, duplicate) VALUES (?, ?, ?, ?, ?, ?)');
    this.#pending = db.prepare<[number, number, number], UnitRow>('SELECT * FROM task_units WHERE task_id = ? AND seq > ? AND status IS NULL ORDER BY seq LIMIT ?');
    this.#setUnit = db.prepare('UPDATE task_units SET status = ?, new_id = ?, path = ?, error = ? WHERE task_id = ? AND seq = ?');
    this.#setPending = db.prepare('UPDATE task_units SET status = ?, new_id = ?, path = ?, error = ? WHERE task_id = ? AND seq = ? AND status IS NULL');
    this.#progress = db.prepare('UPDATE tasks SET processed = processed + 1, failed = failed + ?, updated_on = ? WHERE id = ?');
  }

  create(api: string, method: string, userId: number | null, spec: unknown, status: TaskStatus, now: number): TaskRow {
    const taskid = randomBytes(12).toString('hex');
    this.#db
      .prepare('INSERT INTO tasks (taskid, api, method, user_id, status, spec, created_on, updated_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(taskid, api, method, userId, status, JSON.stringify(spec), now, now);
    return this.#byTaskid.get(taskid) as TaskRow;
  }

  get(taskid: string): TaskRow | undefined {
    return this.#byTaskid.get(taskid);
  }

  byId(id: number): TaskRow | undefined {
    return this.#db.prepare<[number], TaskRow>('SELECT * FROM tasks WHERE id = ?').get(id);
  }

  /** Tasks a restart must pick up again, oldest first. */
  unfinished(): TaskRow[] {
    return this.#db.prepare<[], TaskRow>("SELECT * FROM tasks WHERE status IN ('queued', 'processing') ORDER BY id").all();
  }

  countActive(): number {
    return this.#db.prepare("SELECT count(*) FROM tasks WHERE status IN ('queued', 'processing')").pluck().get() as number;
  }

  list(userId: number | null, status: TaskStatus | undefined, offset: number, limit: number): { total: number; rows: TaskRow[] } {
    const where = ['1 = 1'];
    const args: unknown[] = [];
    if (userId !== null) {
      where.push('user_id = ?');
      args.push(userId);
    }
    if (status) {
      where.push('status = ?');
      args.push(status);
    }
    const sql = where.join(' AND ');
    const total = this.#db
      .prepare(`SELECT count(*) FROM tasks WHERE ${sql}`)
      .pluck()
      .get(...args) as number;
    const rows = this.#db.prepare<unknown[], TaskRow>(`SELECT * FROM tasks WHERE ${sql} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...args, limit, offset);
    return { total, rows };
  }

  /** Appends units (call inside a transaction, a chunk at a time). */
  addUnits(taskId: number, firstSeq: number, units: UnitSpec[]): void {
    units.forEach((u, i) => this.#addUnit.run(taskId, firstSeq + i, u.source, u.dest ?? null, u.name ?? null, u.duplicate ?? null));
  }

  clearUnits(taskId: number): void {
    this.#db.prepare('DELETE FROM task_units WHERE task_id = ?').run(taskId);
  }

  markResolved(taskId: number, total: number, now: number): void {
    this.#db.prepare('UPDATE tasks SET resolved = 1, total = ?, updated_on = ? WHERE id = ?').run(total, now, taskId);
  }

  pendingUnits(taskId: number, afterSeq: number, limit: number): UnitRow[] {
    return this.#pending.all(taskId, afterSeq, limit);
  }

  /** Records a unit's result and the task's progress together. */
  finishUnit(taskId: number, seq: number, result: UnitResult, now: number): void {
    this.#setUnit.run(result.status, result.new_id ?? null, result.path ?? null, errorOf(result), taskId, seq);
    this.#progress.run(result.status >= 300 ? 1 : 0, now, taskId);
  }

  /** `finishUnit` for a unit that may already have a result (recovery): only a pending unit counts. */
  finishPendingUnit(taskId: number, seq: number, result: UnitResult, now: number): void {
    const changed = this.#setPending.run(result.status, result.new_id ?? null, result.path ?? null, errorOf(result), taskId, seq).changes;
    if (changed === 1) this.#progress.run(result.status >= 300 ? 1 : 0, now, taskId);
  }

  notePath(taskId: number, seq: number, path: string): void {
    this.#db.prepare('UPDATE task_units SET path = ? WHERE task_id = ? AND seq = ?').run(path, taskId, seq);
  }

  setStatus(taskId: number, status: TaskStatus, now: number): void {
    this.#db.prepare('UPDATE tasks SET status = ?, updated_on = ? WHERE id = ?').run(status, now, taskId);
  }

  units(taskId: number, offset: number, limit: number): UnitRow[] {
    return this.#db.prepare<[number, number, number], UnitRow>('SELECT * FROM task_units WHERE task_id = ? ORDER BY seq LIMIT ? OFFSET ?').all(taskId, limit, offset);
  }

  /** Removes finished tasks (and their units); answers how many. */
  clearFinished(userId: number | null): number {
    const sql = "DELETE FROM tasks WHERE status IN ('done', 'cancelled', 'rejected', 'failed')" + (userId === null ? '' : ' AND user_id = ?');
    return this.#db.prepare(sql).run(...(userId === null ? [] : [userId])).changes;
  }
}
