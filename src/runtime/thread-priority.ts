import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Lowers the scheduling priority of this process's threads that carry a given name (Linux:
 * `/proc/self/task/<tid>/comm`; `setpriority` on a thread id applies to that thread alone).
 * libvips decodes and resizes on threads of its own ("libvips worker"); at the process's
 * priority they took both cores from the event loop during a cold generation (stalls of 51-65 ms
 * in which the main thread ran 7-11 ms and waited for a CPU the rest). Below it, they yield to it.
 * Threads appear as libvips needs them, so `apply` looks again, at most once per `everyMs`.
 * Elsewhere than Linux, or where lowering is refused, it does nothing.
 */
export class NiceThreads {
  readonly #name: string;
  readonly #nice: number;
  readonly #everyMs: number;
  #last = -Infinity;
  #off = process.platform !== 'linux';

  constructor(name: string, nice: number, everyMs = 1000) {
    this.#name = name;
    this.#nice = nice;
    this.#everyMs = everyMs;
  }

  apply(): void {
    const now = performance.now();
    if (this.#off || now - this.#last < this.#everyMs) return;
    this.#last = now;
    let tids: string[];
    try {
      tids = readdirSync('/proc/self/task');
    } catch {
      this.#off = true;
      return;
    }
    for (const tid of tids) {
      try {
        if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() !== this.#name) continue;
        if (os.getPriority(Number(tid)) < this.#nice) os.setPriority(Number(tid), this.#nice);
      } catch {
        // The thread ended meanwhile, or lowering is not allowed: nothing to do.
      }
    }
  }
}
