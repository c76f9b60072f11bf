/**
 * Lets the event loop run everything that is waiting (I/O callbacks, other requests) before the
 * caller goes on: long synchronous work is cut into slices with one of these between them, so
 * that no slice holds the loop past the 50 ms budget. `setImmediate` rather than a resolved
 * promise, which would run before any I/O and so yield nothing.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The clock of a long synchronous walk cut into slices: `over()` answers true once the current
 * slice has run `ms`, and starts the next one; the caller then yields (`await yieldToLoop()`).
 * Checked after each small step, so a slice ends within one step of its budget.
 */
export function timeSlices(ms: number): { over(): boolean } {
  let start = performance.now();
  return {
    over() {
      const now = performance.now();
      if (now - start < ms) return false;
      start = now;
      return true;
    },
  };
}
