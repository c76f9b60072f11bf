/** The structured log every part writes to (`config.log`). */
export type Log = (line: Record<string, unknown>) => void;

/**
 * A `.catch()` handler for clean-up whose failure changes no answer (removing a temporary file,
 * a folder whose row could not be written) but must not vanish: the operator sees it. Failures
 * whose errno is in `expected` (ENOENT when the file was already moved) are the normal case and
 * are not logged.
 */
export function logFailure(log: Log, msg: string, fields: Record<string, unknown> = {}, expected: readonly string[] = []): (err: unknown) => void {
  return (err) => {
    if (expected.includes((err as NodeJS.ErrnoException)?.code ?? '')) return;
    log({ level: 'warn', msg, ...fields, error: (err as Error)?.message ?? String(err) });
  };
}
