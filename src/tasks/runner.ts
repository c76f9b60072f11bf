import { DomainError } from '../errors.ts';
import type { Changes } from '../feed/changes.ts';
import type { Db } from '../db/open.ts';
import { FINISHED } from './store.ts';
import type { TaskRow, TaskStore, UnitResult, UnitRow, UnitSpec } from './store.ts';
import { yieldToLoop } from '../runtime/yield.ts';

/** What a kind of task does: resolve its spec into units once, then run them one by one. */
export interface TaskKind {
  /** Yields the task's units a chunk at a time (each chunk is committed before the next). */
  resolve(spec: unknown, task: TaskRow): AsyncIterable<UnitSpec[]>;
  /**
   * Runs a group of units and calls `record` once per unit it finished. `record` is
   * synchronous SQL: a kind calls it inside the transaction that commits the unit's own index
   * change, so a unit's effect and its result land together and a resumed task never runs a
   * finished unit again. Units not recorded (stopped by `signal`) stay pending.
   */
  run(units: UnitRow[], ctx: RunContext): Promise<void>;
}

export interface RunContext {
  spec: unknown;
  task: TaskRow;
  signal: AbortSignal;
  record(seq: number, result: UnitResult): void;
  /** Keeps a unit's chosen target (its `path`) before the unit runs, for a resume. */
  note(seq: number, path: string): void;
}

// Ten engine batches of 200 per group. Groups of 256 ran a full batch and a 56-unit one, and the
// kind re-reads each destination folder per group: 2x slower on 20 000 items. A stop still takes
// effect before the next batch (the group's signal), not at the end of the group.
const UNITS_PER_READ = 2000;
const PROGRESS_EVERY_MS = 500;

/**
 * Runs background tasks one at a time, in submission order, from the index: a restart (even
 * after SIGKILL) picks up a queued or interrupted task at its first unit without a result.
 * The queue is bounded; a task over the bound is recorded as `rejected` and refused with 603.
 */
export class TaskRunner {
  readonly #db: Db;
  readonly #store: TaskStore;
  readonly #changes: Changes;
  readonly #kinds = new Map<string, TaskKind>();
  readonly #now: () => number;
  readonly #maxQueued: number;
  readonly #stopRequested = new Set<number>();
  /** Aborts the group of units a task is running, so a stop takes effect before its next unit. */
  readonly #signals = new Map<number, AbortController>();
  readonly #log: (err: unknown) => void;
  readonly #warn: (line: Record<string, unknown>) => void;
  /** Tasks whose explicit units are still being written by `submit`. */
  readonly #preparing = new Set<number>();
  #loop: Promise<void> | undefined;
  #closing = false;

  constructor(db: Db, store: TaskStore, changes: Changes, now: () => number, maxQueued: number, log: (line: Record<string, unknown>) => void) {
    this.#warn = log;
    this.#log = (err) => log({ level: 'error', msg: 'task unit failed', stack: (err as Error)?.stack ?? String(err) });
    this.#db = db;
    this.#store = store;
    this.#changes = changes;
    this.#now = now;
    this.#maxQueued = maxQueued;
  }

  register(api: string, method: string, kind: TaskKind): void {
    this.#kinds.set(`${api}:${method}`, kind);
  }

  /**
   * Queues a task, or records it as rejected and throws 603 when the queue is full. Explicit
   * `units` are written before the task may start, a chunk per transaction, yielding between.
   */
  async submit(api: string, method: string, userId: number | null, spec: unknown, units?: Iterable<UnitSpec[]>): Promise<TaskRow> {
    if (!this.#kinds.has(`${api}:${method}`)) throw new Error(`No task kind ${api}:${method}`);
    const full = this.#store.countActive() >= this.#maxQueued;
    const task = this.#db.transaction(() => {
      const row = this.#store.create(api, method, userId, spec, full ? 'rejected' : 'queued', this.#now());
      this.#announce(row, 'CREATE');
      return row;
    })();
    if (full) throw new DomainError('queue-full', `Task queue is full (${this.#maxQueued})`);
    if (units) {
      this.#preparing.add(task.id);
      try {
        let seq = 0;
        for (const chunk of units) {
          const first = seq + 1;
          this.#db.transaction(() => this.#store.addUnits(task.id, first, chunk))();
          seq += chunk.length;
          await yieldToLoop();
        }
        this.#store.markResolved(task.id, seq, this.#now());
      } finally {
        this.#preparing.delete(task.id);
      }
    }
    this.#kick();
    return this.#store.byId(task.id) as TaskRow;
  }

  /** Asks a task to stop before its next unit; a queued task is cancelled at once. */
  stop(task: TaskRow): void {
    if (FINISHED.has(task.status)) return;
    if (task.status === 'queued' && !this.#stopRequested.has(task.id)) {
      this.#db.transaction(() => {
        this.#store.setStatus(task.id, 'cancelled', this.#now());
        this.#announce(this.#store.byId(task.id) as TaskRow, 'UPDATE');
      })();
      return;
    }
    this.#stopRequested.add(task.id);
    this.#signals.get(task.id)?.abort();
  }

  /** Resumes whatever the index says is unfinished. Called once at start-up. */
  start(): void {
    this.#kick();
  }

  /** Lets the current unit finish, then stops; unfinished tasks resume at the next start. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const signal of this.#signals.values()) signal.abort();
    await this.#loop;
  }

  /** Resolves when no task is queued or running (tests and benchmarks wait on it). */
  async idle(): Promise<void> {
    while (this.#loop) await this.#loop;
  }

  #kick(): void {
    if (this.#loop || this.#closing) return;
    this.#loop = this.#drain().finally(() => {
      this.#loop = undefined;
    });
  }

  async #drain(): Promise<void> {
    // Let the submitting request answer before work starts.
    await yieldToLoop();
    while (!this.#closing) {
      const next = this.#store.unfinished().find((t) => !this.#preparing.has(t.id));
      if (!next) return;
      await this.#run(next);
    }
  }

  async #run(initial: TaskRow): Promise<void> {
    const kind = this.#kinds.get(`${initial.api}:${initial.method}`);
    if (!kind) {
      this.#finish(initial.id, 'failed');
      return;
    }
    const spec: unknown = JSON.parse(initial.spec);
    this.#store.setStatus(initial.id, 'processing', this.#now());
    let task = this.#store.byId(initial.id) as TaskRow;
    this.#announce(task, 'UPDATE');
    try {
      if (!task.resolved) await this.#resolve(kind, spec, task);
      let after = 0;
      let lastReport = this.#now();
      for (;;) {
        const units = this.#store.pendingUnits(task.id, after, UNITS_PER_READ);
        if (units.length === 0) break;
        if (this.#closing) return;
        if (this.#stopRequested.has(task.id)) {
          this.#finish(task.id, 'cancelled');
          return;
        }
        const stop = new AbortController();
        this.#signals.set(task.id, stop);
        const pending = new Set(units.map((u) => u.seq));
        const record = (seq: number, result: UnitResult) => {
          if (!pending.delete(seq)) return;
          this.#store.finishUnit(task.id, seq, result, this.#now());
        };
        try {
          const note = (seq: number, path: string) => this.#store.notePath(task.id, seq, path);
          await kind.run(units, { spec, task, signal: stop.signal, record, note });
        } catch (err) {
          this.#log(err);
          // Units the kind could not finish are failures, not work to retry forever.
          this.#db.transaction(() => {
            for (const seq of [...pending]) record(seq, { status: 500, reason: 'failed' });
          })();
        } finally {
          this.#signals.delete(task.id);
        }
        // Closing stopped the group: its units left pending resume at the next start. Going on
        // would find no unit after this group's last and mark the task done with those pending.
        if (this.#closing) return;
        if (!stop.signal.aborted && pending.size > 0) {
          // A kind that returned without a word on some units: they failed, say so once.
          this.#db.transaction(() => {
            for (const seq of [...pending]) record(seq, { status: 500, reason: 'failed' });
          })();
        }
        after = (units[units.length - 1] as UnitRow).seq;
        if (this.#now() - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = this.#now();
          task = this.#store.byId(task.id) as TaskRow;
          this.#announce(task, 'UPDATE');
        }
        await yieldToLoop();
      }
      this.#finish(task.id, this.#stopRequested.has(task.id) ? 'cancelled' : 'done');
    } catch (err) {
      // A task that cannot go on (its units never completely recorded, its owner gone) fails; not a server bug.
      this.#warn({ level: 'warn', msg: 'task failed', taskid: task.taskid, reason: (err as Error)?.message ?? String(err) });
      this.#finish(task.id, 'failed');
    }
  }

  async #resolve(kind: TaskKind, spec: unknown, task: TaskRow): Promise<void> {
    // Resolution that a crash interrupted starts over: no unit has run yet.
    this.#store.clearUnits(task.id);
    let seq = 0;
    for await (const chunk of kind.resolve(spec, task)) {
      const first = seq + 1;
      this.#db.transaction(() => this.#store.addUnits(task.id, first, chunk))();
      seq += chunk.length;
      await yieldToLoop();
    }
    this.#store.markResolved(task.id, seq, this.#now());
  }

  #finish(id: number, status: 'done' | 'cancelled' | 'failed'): void {
    this.#stopRequested.delete(id);
    this.#db.transaction(() => {
      this.#store.setStatus(id, status, this.#now());
      this.#announce(this.#store.byId(id) as TaskRow, 'UPDATE');
    })();
  }

  #announce(task: TaskRow, action: 'CREATE' | 'UPDATE'): void {
    this.#changes.record(action, 'task', task.taskid, {
      job: `${task.api}.${task.method}`,
      status: task.status,
      info: { total: task.total, remaining: task.total - task.processed },
      created_on: task.created_on / 1000,
      updated_on: task.updated_on / 1000,
    });
  }
}
