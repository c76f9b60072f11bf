import { BATCH } from './engine.ts';
import type { Engine } from './engine.ts';
import { failed } from './results.ts';
import type { ItemResult, Recorder } from './results.ts';
import type { Outcome, Unit } from './unit.ts';
import { yieldToLoop } from '../runtime/yield.ts';

/**
 * Batches of one operation out on the disk thread at once: the one the thread works on and the
 * one written meanwhile. More did not measure faster (3 and 4: the same within the noise, the
 * main thread being the slower side), and each one more holds more paths back from the planner.
 */
const OUT = 2;

interface Pending {
  unit: Unit;
  done: (o: Outcome) => void;
}

/** The paths a batch holds (see `OperationRun.add`). */
class Held {
  /** Paths its units touch (photo-root paths and trash names never collide: trash names are UUIDs). */
  readonly paths = new Set<string>();
  /** Every folder above one of them: a unit on one of these would move what the batch works inside. */
  readonly above = new Set<string>();

  hold(p: string): void {
    this.paths.add(p);
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) this.above.add(p.slice(0, i));
  }

  /** Whether `p` is a held path, lies inside one, or holds one. */
  touches(p: string): boolean {
    if (this.paths.has(p) || this.above.has(p)) return true;
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) if (this.paths.has(p.slice(0, i))) return true;
    return false;
  }
}

/**
 * One operation's stream of units: planners `add` units as they decide them, and every full
 * batch runs under the engine's lock, then yields to the event loop so other requests (and the
 * cancel) are answered between batches.
 *
 * A batch of plain synchronous steps (Engine.threadable: item moves) is shipped to the disk
 * thread, and the planner goes on with the next one while the thread works; at most two such
 * batches are out (the one on the thread, the one being written), each lands (is committed) as
 * soon as its outcomes come back, in order. The lock is held while any is out: no other
 * operation's batch runs or commits between a batch's disk steps and its commit. Another
 * operation waiting for it gets it between two batches, as without the thread.
 */
export class OperationRun {
  readonly engine: Engine;
  readonly signal: AbortSignal;
  #pending: Pending[] = [];
  #held = new Held();
  /** Batches shipped and not landed yet, with the paths they hold; the lock is held while there are any. */
  readonly #out: Held[] = [];
  /**
   * The landings (settled when committed, never rejected) of the batches shipped and not waited
   * for yet, oldest first; the last one, kept until a drain, settles after all the others.
   */
  readonly #landings: Promise<void>[] = [];
  #release: (() => void) | undefined;
  /** A commit of a shipped batch that threw: the operation fails with it at its next step. */
  #failure: { error: unknown } | undefined;

  constructor(engine: Engine, signal: AbortSignal) {
    this.engine = engine;
    this.signal = signal;
  }

  get stopped(): boolean {
    return this.signal.aborted;
  }

  /**
   * Adds a unit to the pending batch; answers a promise only when a batch must run first or is
   * full (planners await it then, and plan the other 199 units of a batch without an await).
   */
  add(unit: Unit, done: (o: Outcome) => void): Promise<void> | undefined {
    // Units of one batch run concurrently and recovery judges each journal row alone: two units
    // on one path (two sources of one name overwriting the same file) go to separate batches.
    // The same holds along a path: an album moved in the batch and an item inside it (a Batch
    // listing both) would race, and the item's step would fail after displacing its destination.
    // A shipped batch is still running: the same rule holds against it.
    if (this.#touches(unit.src) || this.#touches(unit.dst)) return this.flush().then(() => this.add(unit, done));
    this.#pending.push({ unit, done });
    this.#held.hold(unit.src);
    this.#held.hold(unit.dst);
    return this.#pending.length >= BATCH ? this.#send().then(yieldToLoop) : undefined;
  }

  /** Adds the unit that makes `result` true once committed; a failure is recorded as such. */
  addFor(unit: Unit, result: ItemResult, rec: Recorder): Promise<void> | undefined {
    return this.add({ ...unit, ...rec.onCommit(result) }, (o) => {
      if (o.state === 'failed') rec.record(failed(result.id, o));
    });
  }

  /**
   * Whether a unit of the run not committed yet goes from or to `p` itself: a planner about to
   * look `p` up in the index (a Batch unit's source, which an earlier unit may have moved there)
   * flushes first. Not what lies inside or above such a path: a unit on those finds out at its
   * disk step, as before.
   */
  holds(p: string): boolean {
    return this.#held.paths.has(p) || this.#out.some((h) => h.paths.has(p));
  }

  #touches(p: string): boolean {
    return this.#held.touches(p) || this.#out.some((h) => h.touches(p));
  }

  /** The operation is over (also when it failed): what it shipped lands, and what its batches committed is flushed before it answers (Engine.settle). */
  async settle(): Promise<void> {
    await this.#drain();
    await this.engine.settle();
  }

  /** Runs the pending batch and waits until every batch of the operation is committed. */
  async flush(): Promise<void> {
    await this.#send();
    await this.#drain();
    this.#rethrow();
    await yieldToLoop();
  }

  /** Sends the pending batch: to the disk thread when it can go there, else run here once the shipped ones landed. */
  async #send(): Promise<void> {
    this.#rethrow();
    const batch = this.#pending;
    const held = this.#held;
    this.#pending = [];
    this.#held = new Held();
    if (batch.length === 0) return;
    const units = batch.map((b) => b.unit);
    if (!this.engine.threadable(units)) {
      await this.#drain();
      this.#rethrow();
      const outcomes = await this.engine.exclusive(() => this.engine.runBatch(units, this.signal));
      batch.forEach((b, i) => b.done(outcomes[i] as Outcome));
      return;
    }
    // Another operation waits for the lock: it gets it before this batch, as between any two batches.
    if (this.#out.length > 0 && this.engine.contended) {
      await this.#drain();
      this.#rethrow();
    }
    this.#release ??= await this.engine.lock();
    let shipped;
    try {
      shipped = this.engine.ship(units, this.signal);
    } catch (error) {
      await this.#drain();
      throw error;
    }
    this.#out.push(held);
    const landed = Promise.all([this.#landings.at(-1), shipped.outcomes]).then(
      ([, outcomes]) =>
        this.#land(held, () => {
          this.engine.land(shipped, outcomes);
          batch.forEach((b, i) => b.done(outcomes[i] as Outcome));
        }),
      (error: unknown) =>
        this.#land(held, () => {
          throw error;
        }),
    );
    this.#landings.push(landed);
    // At most OUT batches out: the planner goes on once the oldest beyond them landed.
    while (this.#landings.length >= OUT) await this.#landings.shift();
  }

  /** A shipped batch comes back: committed (or its failure kept), its paths freed, the lock released when none is out. */
  #land(held: Held, commit: () => void): void {
    try {
      commit();
    } catch (error) {
      this.#failure ??= { error };
    }
    this.#out.splice(this.#out.indexOf(held), 1);
    if (this.#out.length === 0) this.#unlock();
  }

  /** Waits until every shipped batch landed; the lock is free then. */
  async #drain(): Promise<void> {
    await this.#landings.at(-1);
    this.#landings.length = 0;
    this.#unlock();
  }

  #unlock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  #rethrow(): void {
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure) throw failure.error;
  }
}
