/**
 * Lets the event loop run everything that is waiting (I/O callbacks, other requests) before the
 * caller goes on: long synchronous work is cut into slices with one of these between them, so
 * that no slice holds the loop past the 50 ms budget. `setImmediate` rather than a resolved
 * promise, which would run before any I/O and so yield nothing.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
