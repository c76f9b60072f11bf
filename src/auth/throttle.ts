const SWEEP_MIN = 1024;

/**
 * Login throttling (docs/protocol.md §5): after `max` failures for one key (a username, or a client address)
 * within `windowMs`, that key is refused until its oldest failure leaves the window.
 * Kept in memory: a restart forgives, which is acceptable for a 15-minute window.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();
  readonly #max: number;
  readonly #windowMs: number;
  #sweepAt = SWEEP_MIN;

  constructor(max: number, windowMs: number) {
    this.#max = max;
    this.#windowMs = windowMs;
  }

  #recent(key: string, now: number): number[] {
    const list = (this.#failures.get(key) ?? []).filter((t) => now - t < this.#windowMs);
    if (list.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, list);
    return list;
  }

  blocked(keys: string[], now: number): boolean {
    return keys.some((k) => this.#recent(k, now).length >= this.#max);
  }

  fail(keys: string[], now: number): void {
    for (const k of keys) this.#failures.set(k, [...this.#recent(k, now), now]);
    // A key is pruned when it is asked about again; one never asked about again (a guessed
    // username, a passing address) would stay for the life of the process. Sweep them once the
    // map has doubled since the last sweep: amortised O(1), and the map holds at most twice the
    // keys that failed within the window.
    if (this.#failures.size >= this.#sweepAt) {
      for (const [k, list] of this.#failures) if (now - (list[list.length - 1] as number) >= this.#windowMs) this.#failures.delete(k);
      this.#sweepAt = Math.max(SWEEP_MIN, this.#failures.size * 2);
    }
  }

  /** Keys held (for tests). */
  get keys(): number {
    return this.#failures.size;
  }

  /** A good password clears the username's count; the address keeps its history. */
  succeed(key: string): void {
    this.#failures.delete(key);
  }
}
