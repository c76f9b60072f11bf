import type { Library } from '../library/library.ts';
import { fsFaultShare } from '../runtime/fsx.ts';
import { timeSlices, yieldToLoop } from '../runtime/yield.ts';
import { sweepLitter } from '../runtime/litter.ts';
import { DiskSteps } from './disk-steps.ts';
import { fromWire, onDiskThread } from './disk-thread.ts';
import { Fault } from './fault.ts';
import { IndexChanges } from './index-changes.ts';
import { Journal } from './journal.ts';
import { TrashStore } from './trash-store.ts';
import type { Outcome, Unit } from './unit.ts';
import { UNITS } from './units/index.ts';

/** Units per batch: one journal transaction, the disk steps, one index transaction (each well under 50 ms). */
export const BATCH = 200;
/** Disk steps of a batch in flight at once; units of one batch never touch the same path. */
const PARALLEL = 4;
/** Synchronous disk steps (UnitSpec.diskSync) run back to back for at most this long, then the loop gets a turn. */
const SYNC_SLICE_MS = 10;

/** Serialises batches of all operations: two operations interleave batch by batch, never inside one. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  /** Callers waiting for the holder to release. */
  #waiting = 0;

  async lock(): Promise<() => void> {
    let release!: () => void;
    const prev = this.#tail;
    this.#tail = new Promise<void>((r) => (release = r));
    this.#waiting++;
    await prev;
    this.#waiting--;
    return release;
  }

  get contended(): boolean {
    return this.#waiting > 0;
  }
}

/** A batch whose disk half runs on the disk thread (Engine.ship): its intents are written, its outcomes come. */
export interface Shipped {
  units: Unit[];
  /** Its intents' ids; none when it was cancelled before it began. */
  ids: number[];
  outcomes: Promise<Outcome[]>;
}

/**
 * Runs batches of units with the journal protocol (docs/design.md, "Journal and recovery"):
 * (a) journal the intents and commit; (b) the disk steps; (c) one transaction applies the index
 * changes of the units done and deletes every intent of the batch.
 */
export class Engine {
  readonly lib: Library;
  readonly trash: TrashStore;
  readonly disk: DiskSteps;
  readonly changes: IndexChanges;
  /** Called (inside recovery's transaction) with the `receipt` of each unit recovery finishes. */
  onRecovered: ((receipt: unknown) => void) | undefined;
  readonly #fault: Fault;
  readonly journal: Journal;
  readonly #mutex = new Mutex();
  /** Index commits made by batches so far, and how many of them an fsync of the index log is known to cover. */
  #commits = 0;
  #flushedCommits = 0;

  constructor(lib: Library) {
    this.lib = lib;
    this.trash = new TrashStore(lib.db, lib.config.trashDir);
    this.disk = new DiskSteps(lib.config.photoRoot, lib.config.trashDir, lib.config.flush);
    this.changes = new IndexChanges(lib, this.trash);
    this.#fault = new Fault(lib.config.faultPoint);
    this.journal = new Journal(lib.db);
  }

  /** Holds the batch lock while `work` plans against the current state (free names, clashes). */
  async exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    const release = await this.#mutex.lock();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Takes the batch lock and answers its release; `exclusive` for a holder that spans several turns (OperationRun). */
  lock(): Promise<() => void> {
    return this.#mutex.lock();
  }

  /** Whether another caller waits for the batch lock. */
  get contended(): boolean {
    return this.#mutex.contended;
  }

  /** Whether the batch can run on the disk thread (`ship`): every unit's step is a plain synchronous one (and the thread is on, config.diskThread). */
  threadable(units: Unit[]): boolean {
    return this.lib.config.diskThread && units.every((u) => DiskSteps.synchronous(u));
  }

  /**
   * Starts a `threadable` batch: its intents are written here, then the disk thread flushes them,
   * runs the steps and flushes their folders (disk-thread.ts), while the caller goes on; `land`
   * commits it. The caller holds the lock until then. Units not started when `signal` fires are
   * cancelled.
   */
  ship(units: Unit[], signal: AbortSignal): Shipped {
    const cancelled: Outcome[] = units.map(() => ({ state: 'cancelled' }));
    if (units.length === 0 || signal.aborted) return { units, ids: [], outcomes: Promise.resolve(cancelled) };
    const { config } = this.lib;
    const ids = this.#intents(units);
    const covered = this.#commits;
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const onAbort = () => Atomics.store(stop, 0, 1);
    signal.addEventListener('abort', onAbort, { once: true });
    const batch = {
      root: config.photoRoot,
      trash: config.trashDir,
      durable: config.flush,
      dbPath: config.dbPath,
      units: units.map((u) => ({ kind: u.kind, src: u.src, dst: u.dst })),
      stop,
      fault: this.#fault.share(),
      fs: fsFaultShare(),
    };
    const outcomes = onDiskThread(batch)
      .then(
        (done) => {
          if (done.logError !== undefined) this.#journalUnflushed(done.logError);
          else this.#coverCommits(covered);
          if (done.flushError !== undefined) this.#foldersUnflushed(done.flushError);
          return done.outcomes.map(fromWire);
        },
        (error: unknown) => this.#judge(units, stop, error),
      )
      .finally(() => signal.removeEventListener('abort', onAbort));
    return { units, ids, outcomes };
  }

  /** Commits a shipped batch once its disk half is done (the caller awaited `shipped.outcomes`). */
  land(shipped: Shipped, outcomes: Outcome[]): void {
    if (shipped.ids.length === 0) return;
    this.#fault.reach('before-commit', shipped.units.length);
    this.#commit(shipped.units, shipped.ids, outcomes);
  }

  /**
   * The disk thread stopped during a batch (it should not; a test stops it on purpose): each
   * unit it finished is read off the disk as start-up recovery reads it (UnitSpec.inspect), and
   * the others run here, as a batch that never left would have (the intents flushed first,
   * the folders after).
   */
  async #judge(units: Unit[], stop: Int32Array, error: unknown): Promise<Outcome[]> {
    this.lib.config.log({ level: 'warn', msg: 'the disk thread stopped during a batch; the batch is finished on the main thread', error: String(error) });
    await this.lib.flushIndex().catch(() => {});
    const outcomes = units.map((u): Outcome => {
      const row = { id: 0, kind: u.kind, src: u.src, dst: u.dst, trash: null, tmp: null, data: null, created_at: 0 };
      try {
        if (UNITS[u.kind].inspect(this, row).done) {
          this.disk.touchedByUnit(u);
          return { state: 'done', trashed: false };
        }
        if (Atomics.load(stop, 0) === 1) return { state: 'cancelled' };
        return { state: 'done', trashed: this.disk.runSync(u) ?? false };
      } catch (failure) {
        return { state: 'failed', error: failure };
      }
    });
    await this.#flush();
    return outcomes;
  }

  #intents(units: Unit[]): number[] {
    const now = this.lib.config.now();
    return this.lib.db.transaction(() => this.journal.writeAll(units, now))();
  }

  /** Runs one batch; the caller holds the lock (see `exclusive`). Units not started when `signal` fires are cancelled. */
  async runBatch(units: Unit[], signal: AbortSignal): Promise<Outcome[]> {
    const outcomes: Outcome[] = units.map(() => ({ state: 'cancelled' }));
    if (units.length === 0 || signal.aborted) return outcomes;
    const ids = this.#intents(units);
    // The intents reach the disk before any step they describe (else a power cut could keep a
    // step and lose the intent recovery needs to judge it). The same fsync of the log carries the
    // earlier batches' commits (group commit, see `settle`).
    const covered = this.#commits;
    await this.lib.flushIndex().then(
      () => this.#coverCommits(covered),
      (error: unknown) => this.#journalUnflushed(error),
    );
    this.#fault.reach('after-journal', units.length);

    let next = 0;
    const slices = timeSlices(SYNC_SLICE_MS);
    const worker = async () => {
      while (next < units.length) {
        const i = next++;
        if (signal.aborted) return;
        try {
          const u = units[i] as Unit;
          const trashed = this.disk.runSync(u) ?? (await this.disk.run(u, ids[i] as number));
          outcomes[i] = { state: 'done', trashed };
        } catch (error) {
          outcomes[i] = { state: 'failed', error };
        }
        this.#fault.reach('after-disk');
        if (slices.over()) await yieldToLoop();
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, units.length) }, worker));
    await this.#flush();

    this.#fault.reach('before-commit', units.length);
    this.#commit(units, ids, outcomes);
    return outcomes;
  }

  /**
   * One transaction applies the index changes of the units done and deletes every intent of the
   * batch; should it fail, unit by unit (a failing unit's outcome becomes failed).
   */
  #commit(units: Unit[], ids: number[], outcomes: Outcome[]): void {
    const { db, config } = this.lib;
    const commit = (guarded: boolean) =>
      db.transaction(() => {
        const each = (fn: () => void) => (guarded ? fn() : this.lib.changes.gathered(fn));
        each(() =>
          units.forEach((u, i) => {
            const o = outcomes[i] as Outcome;
            if (o.state === 'done') {
              if (!guarded) {
                this.changes.apply(u, o.trashed);
                u.onCommit?.();
              } else {
                try {
                  // A savepoint per unit: one unit whose index change fails keeps its journal row for recovery, the others commit.
                  db.transaction(() => {
                    this.changes.apply(u, o.trashed);
                    u.onCommit?.();
                  })();
                } catch (error) {
                  config.log({ level: 'error', msg: 'index change failed; left to recovery', kind: u.kind, stack: (error as Error).stack });
                  outcomes[i] = { state: 'failed', error };
                  return;
                }
              }
            }
            if (guarded) this.journal.remove(ids[i] as number);
          }),
        );
        // The batch's intents were inserted in one transaction, so their ids are contiguous.
        if (!guarded) this.journal.removeRange(ids[0] as number, ids[ids.length - 1] as number);
      })();
    this.changes.forgetAlbums();
    try {
      commit(false);
    } catch (error) {
      config.log({ level: 'warn', msg: 'batch commit failed; retrying unit by unit', stack: (error as Error).stack });
      this.changes.forgetAlbums();
      // Rare (the index disagreed with the disk): redo the batch unit by unit to isolate the culprit.
      commit(true);
    }
    // Not flushed here: the next batch's intent fsync carries this commit, and the operation's
    // `settle` flushes what is left before it answers.
    this.#commits++;
    // Temporaries of failed units whose removal failed too (a failing disk): a second try.
    sweepLitter(config.log);
  }

  /**
   * Makes every batch committed so far survive a power cut (SPEC §20); an operation calls it
   * before it answers. Group commit: a batch does not fsync the index log after its commit,
   * because the next batch's intent fsync carries it (one fsync per batch instead of two). Until
   * then a power cut loses only the commit, not the unit: the batch's intents were flushed before
   * its disk steps, its folders before its commit, so recovery sees each step done and applies
   * it again (docs/design.md, "Journal and recovery").
   */
  async settle(): Promise<void> {
    const covered = this.#commits;
    if (this.#flushedCommits >= covered) return;
    try {
      await this.lib.flushIndex();
      this.#coverCommits(covered);
    } catch (error) {
      this.lib.config.log({ level: 'error', msg: 'could not flush the index log; a power cut may lose the last batch', error: String(error) });
    }
  }

  #coverCommits(covered: number): void {
    this.#flushedCommits = Math.max(this.#flushedCommits, covered);
  }

  /**
   * The batch's folders flushed before its index commit (SPEC §20: a unit that answers success
   * survives a power cut). A flush that fails (twice, DiskSteps.flush) does not undo the units:
   * their renames are on disk and the index must follow them; the error is logged (the file
   * system is failing, and the operator must hear it), and such units might not survive a power cut.
   */
  async #flush(): Promise<void> {
    try {
      await this.disk.flush();
    } catch (error) {
      this.#foldersUnflushed(error);
    }
  }

  /** A batch's intents could not be flushed before its steps (here or on the disk thread). */
  #journalUnflushed(error: unknown): void {
    this.lib.config.log({ level: 'error', msg: 'could not flush the journal; a power cut during this batch may need the start-up scan', error: String(error) });
  }

  /** A batch's folders could not be flushed after its steps (here or on the disk thread). */
  #foldersUnflushed(error: unknown): void {
    this.lib.config.log({ level: 'error', msg: 'could not flush folders a batch changed; its units stand, a power cut may lose them', error: String(error) });
  }
}
