import { UnsafePathError } from '../library/disk.ts';
import { Code } from '../webapi/codes.ts';
import type { Outcome } from './unit.ts';

/** (ext) One entry per source (SPEC §10): 200 done under a new name, 204 done, else not done with `error` = code. */
export interface ItemResult {
  id: string;
  status: 200 | 204 | 403 | 404 | 409 | 500;
  new_id: string | null;
  error: number | null;
}

export function done(id: string, newId: string | null, renamed = false): ItemResult {
  return { id, status: renamed ? 200 : 204, new_id: newId, error: null };
}

/** A name clash that the strategy says to skip. */
export function skipped(id: string): ItemResult {
  return { id, status: 409, new_id: null, error: Code.BatchConflict };
}

/** A source or destination reached through a symlink since the check: for the client, it is not there. */
export function notThere(outcome: Outcome): boolean {
  if (outcome.state !== 'failed') return false;
  return outcome.error instanceof UnsafePathError || (outcome.error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

/** A unit that failed on the disk or in the index: vanished source (or a link on its way) 404, clash 409, anything else 500. */
export function failed(id: string, outcome: Outcome, notFound: number): ItemResult {
  const code = outcome.state === 'failed' ? (outcome.error as NodeJS.ErrnoException)?.code : undefined;
  if (notThere(outcome)) return { id, status: 404, new_id: null, error: notFound };
  if (code === 'EEXIST' || code === 'ENOTEMPTY') return skipped(id);
  return { id, status: 500, new_id: null, error: Code.Unknown };
}

/** The answer of a long operation: `items`, plus `cancelled` when a cancel stopped it. */
export interface OperationAnswer {
  items: ItemResult[];
  cancelled?: true;
}
