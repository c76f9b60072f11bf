/** Where a unit can be interrupted; the crash test kills the process at each (SPEC §10). */
export type FaultPoint = 'after-journal' | 'after-disk' | 'before-commit';

/**
 * Test-only fault injection (config.faultPoint, env PHOTOSTATION_FAULT): `after-disk` or
 * `after-disk:N` kills the process with SIGKILL when the point is reached for the Nth unit
 * (default the first). SIGKILL, not an exception: nothing may run after it, as in a power cut.
 * The value may also hold `fs:` entries (failing file-system calls, runtime/fsx.ts), comma-separated.
 */
export class Fault {
  readonly #point: string | undefined;
  readonly #at: number;
  /** Units that reached the point; shared memory, so the engine's disk thread counts with it (`share`). */
  readonly #seen: Int32Array;
  readonly #value: string | undefined;

  constructor(value: string | undefined, seen: Int32Array = new Int32Array(new SharedArrayBuffer(4))) {
    this.#value = value;
    this.#seen = seen;
    // Entries are comma-separated; `fs:` ones and `fs-ipc` belong to the file-system switch (runtime/fsx.ts).
    const spec = value?.split(',').find((e) => e !== '' && e !== 'fs-ipc' && !e.startsWith('fs:'));
    if (!spec) {
      this.#at = 0;
      return;
    }
    const [point, n] = spec.split(':');
    if (point !== 'after-journal' && point !== 'after-disk' && point !== 'before-commit') {
      throw new Error(`Expected the fault point to be after-journal, after-disk or before-commit (optionally :N), got \`${spec}\``);
    }
    const at = n === undefined ? 1 : Number(n);
    if (!Number.isInteger(at) || at < 1) throw new Error(`Expected the fault count to be a positive integer, got \`${spec}\``);
    this.#point = point;
    this.#at = at;
  }

  /** Counts `units` units reaching `point`; dies when the Nth one is among them. */
  reach(point: FaultPoint, units = 1): void {
    if (point !== this.#point) return;
    if (Atomics.add(this.#seen, 0, units) + units >= this.#at) process.kill(process.pid, 'SIGKILL');
  }

  /** What another thread needs to count with this switch: `Fault.adopt(share)` there. */
  share(): FaultShare {
    return { value: this.#value, seen: this.#seen };
  }

  static adopt(share: FaultShare): Fault {
    return new Fault(share.value, share.seen);
  }
}

/** A fault switch as one thread hands it to another: the same setting, the same count. */
export interface FaultShare {
  value: string | undefined;
  seen: Int32Array;
}
