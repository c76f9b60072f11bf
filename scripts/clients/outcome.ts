/**
 * The end of a client run: the scenario's failure is printed (not thrown: the runner's own stack
 * says nothing), the server is stopped and the run's folders removed whatever happened, and the
 * process exits 1 when the scenario failed.
 */
export async function runScenario(scenario: () => Promise<void>, cleanUp: () => Promise<void>): Promise<never> {
  let failed = false;
  try {
    await scenario();
  } catch (err) {
    failed = true;
    console.error(err instanceof Error ? err.message : err);
  } finally {
    await cleanUp();
  }
  process.exit(failed ? 1 : 0);
}
