/**
 * Hidden temporaries a failed step could not remove. A unit writes a copy under a hidden name
 * (`.ps-partial-<journal id>`) before renaming it into place; when the step fails, the temporary
 * is removed. On a failing disk that removal can fail too, and the unit's intent, which named the
 * temporary, is dropped with the failed unit. Two nets catch what is left:
 *
 * - while the server runs, `discard` keeps what it could not remove and `sweepLitter` (after each
 *   batch of units) tries again: a disk that failed once usually takes the second try;
 * - what outlives the process is removed by the next start-up scan (`removeStale`): a temporary
 *   made by an earlier process has a ctime before this one started (utimes sets the mtime of a
 *   copy to its source's, never its ctime), while this process's own units are still writing theirs.
 */
import { lstatSync } from 'node:fs';
import { rm, rmSync } from './fsx.ts';

type Log = (line: Record<string, unknown>) => void;

/** The prefix of every unit's temporary name (item copies, copies between spaces). */
export const TEMP_PREFIX = '.ps-partial-';

/** When this process started (ms since the epoch). */
const startedAt = Date.now() - process.uptime() * 1000;

/** Temporaries a failed removal left, with why, until a sweep takes them. */
const left = new Map<string, unknown>();

/**
 * Removes a failed step's temporary. A removal that fails is kept for `sweepLitter` and never
 * replaces the step's own error, which is what the client must hear (a clash, a full disk).
 */
export async function discard(abs: string): Promise<void> {
  try {
    await rm(abs, { recursive: true, force: true });
  } catch (error) {
    left.set(abs, error);
  }
}

/** Tries again to remove what `discard` could not; logs what is still there (the disk is failing). */
export function sweepLitter(log: Log): void {
  for (const [abs, first] of left) {
    try {
      rmSync(abs, { recursive: true, force: true });
      left.delete(abs);
    } catch (error) {
      log({ level: 'error', msg: 'could not remove a temporary; the next start-up scan will', path: abs, error: String(error), first: String(first) });
    }
  }
}

/** Whether a folder entry's name is a unit's temporary. */
export function isTemporaryName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

/**
 * Removes the temporaries among `names` in the folder `abs` that an earlier process left (see
 * above); answers how many went. One that cannot be removed is logged and left for the next start.
 */
export function removeStale(abs: string, names: readonly string[], log: Log): number {
  let removed = 0;
  for (const name of names) {
    const p = `${abs}/${name}`;
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (!st || st.ctimeMs >= startedAt) continue;
    try {
      rmSync(p, { recursive: true, force: true });
      removed += 1;
      log({ level: 'warn', msg: 'removed a temporary an earlier run left', path: p });
    } catch (error) {
      log({ level: 'error', msg: 'could not remove a temporary an earlier run left', path: p, error: String(error) });
    }
  }
  return removed;
}
