import { BATCH } from './engine.ts';
import type { Engine } from './engine.ts';
import type { Outcome, Unit } from './unit.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

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

  constructor(engine: Engine, signal: AbortSignal) {
    this.engine = engine;
    this.signal = signal;
  }

  get stopped(): boolean {
    return this.signal.aborted;
  }

  async add(unit: Unit, done: (o: Outcome) => void): Promise<void> {
    // Units of one batch run concurrently and recovery judges each journal row alone: two units
    // on one path (two sources of one name overwriting the same file) go to separate batches.
    if (this.#paths.has(unit.src) || this.#paths.has(unit.dst)) await this.flush();
    this.#pending.push({ unit, done });
    this.#paths.add(unit.src).add(unit.dst);
    if (this.#pending.length >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    this.#paths.clear();
    if (batch.length > 0) {
      const outcomes = await this.engine.exclusive(() => this.engine.runBatch(batch.map((b) => b.unit), this.signal));
      batch.forEach((b, i) => b.done(outcomes[i] as Outcome));
    }
    await tick();
  }
}
