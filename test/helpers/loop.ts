/**
 * The longest turn of the event loop while `work` runs, in ms: a chain of setImmediate callbacks
 * notes the time between two of them.
 */
export async function longestTurn<T>(work: () => Promise<T>): Promise<{ value: T; longest: number }> {
  let longest = 0;
  let last = performance.now();
  let stop = false;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (!stop) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const value = await work();
    // The stretch since the last callback counts too: work that ends in one long turn ends before the next.
    return { value, longest: Math.max(longest, performance.now() - last) };
  } finally {
    stop = true;
  }
}
