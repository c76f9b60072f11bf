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

  constructor(engine: Engine, signal: AbortSignal) {
    this.engine = engine;
    this.signal = signal;
  }

  get stopped(): boolean {
    return this.signal.aborted;
  }

  async add(unit: Unit, done: (o: Outcome) => void): Promise<void> {
    this.#pending.push({ unit, done });
    if (this.#pending.length >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length > 0) {
      const outcomes = await this.engine.exclusive(() => this.engine.runBatch(batch.map((b) => b.unit), this.signal));
      batch.forEach((b, i) => b.done(outcomes[i] as Outcome));
    }
    await tick();
  }
}
