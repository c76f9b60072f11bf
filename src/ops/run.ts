import { BATCH } from './engine.ts';
import type { Engine } from './engine.ts';
import { failed } from './results.ts';
import type { ItemResult, Recorder } from './results.ts';
import type { Outcome, Unit } from './unit.ts';
import { yieldToLoop } from '../runtime/yield.ts';

/**
 * One operation's stream of units: planners `add` units as they decide them, and every full
 * batch runs under the engine's lock, then yields to the event loop so other requests (and the
 * cancel) are answered between batches.
 */
export class OperationRun {
  readonly engine: Engine;
  readonly signal: AbortSignal;
  #pending: { unit: Unit; done: (o: Outcome) => void }[] = [];
  /** Paths the pending batch touches (photo-root paths and trash names never collide: trash names are UUIDs). */
  readonly #paths = new Set<string>();
  /** Every folder above a pending path: a unit on one of them would move what the batch works inside. */
  readonly #above = new Set<string>();

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
    if (this.#touches(unit.src) || this.#touches(unit.dst)) return this.flush().then(() => this.add(unit, done));
    this.#pending.push({ unit, done });
    this.#hold(unit.src);
    this.#hold(unit.dst);
    return this.#pending.length >= BATCH ? this.flush() : undefined;
  }

  /** Adds the unit that makes `result` true once committed; a failure is recorded as such. */
  addFor(unit: Unit, result: ItemResult, rec: Recorder): Promise<void> | undefined {
    return this.add({ ...unit, ...rec.onCommit(result) }, (o) => {
      if (o.state === 'failed') rec.record(failed(result.id, o));
    });
  }

  /** Notes `p` and the folders above it as the pending batch's. */
  #hold(p: string): void {
    this.#paths.add(p);
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) this.#above.add(p.slice(0, i));
  }

  /** Whether `p` is a pending path, lies inside one, or holds one. */
  #touches(p: string): boolean {
    if (this.#paths.has(p) || this.#above.has(p)) return true;
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) if (this.#paths.has(p.slice(0, i))) return true;
    return false;
  }

  /** The operation is over: what its batches committed is flushed before it answers (Engine.settle). */
  async settle(): Promise<void> {
    await this.engine.settle();
  }

  async flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    this.#paths.clear();
    this.#above.clear();
    if (batch.length > 0) {
      const outcomes = await this.engine.exclusive(() =>
        this.engine.runBatch(
          batch.map((b) => b.unit),
          this.signal,
        ),
      );
      batch.forEach((b, i) => b.done(outcomes[i] as Outcome));
    }
    await yieldToLoop();
  }
}
