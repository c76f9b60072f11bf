import { UnsafePathError } from '../library/disk.ts';
import type { Reason } from '../errors.ts';
import type { Outcome, Unit } from './unit.ts';

/** The per-item status of SPEC §10 (ext): 200 done under a new name, 204 done, else not done. */
export type ItemStatus = 200 | 204 | 403 | 404 | 409 | 500;

/**
 * What one source came to, for every long operation (Photo, Album, Trash, Batch). `reason` says
 * why it was not done; each API turns it into its own error code at its edge.
 */
export interface ItemResult {
  id: string;
  status: ItemStatus;
  new_id: string | null;
  /** Batch only: the path the source now has (or had, for a delete). */
  path?: string | null;
  reason: Reason | null;
}

/** The per-item status a reason answers. */
const STATUS: Partial<Record<Reason, ItemStatus>> = {
  'not-found': 404,
  'bad-destination': 404,
  'no-access': 403,
  'no-upload': 403,
  'no-manage': 403,
  unsafe: 403,
  exists: 409,
  conflict: 409,
};

export function done(id: string, newId: string | null, renamed = false, path?: string | null): ItemResult {
  return { id, status: renamed ? 200 : 204, new_id: newId, ...(path !== undefined ? { path } : {}), reason: null };
}

/** The source was left as it was, for `reason`. */
export function refused(id: string, reason: Reason): ItemResult {
  return { id, status: STATUS[reason] ?? 500, new_id: null, reason };
}

/** A name clash that the strategy says to skip. */
export function skipped(id: string): ItemResult {
  return refused(id, 'exists');
}

/** A source or destination reached through a symlink since the check: for the client, it is not there. */
export function notThere(outcome: Outcome): boolean {
  if (outcome.state !== 'failed') return false;
  return outcome.error instanceof UnsafePathError || (outcome.error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

/** A unit that failed on the disk or in the index: vanished source (or a link on its way) 404, clash 409, anything else 500. */
export function failed(id: string, outcome: Outcome): ItemResult {
  const code = outcome.state === 'failed' ? (outcome.error as NodeJS.ErrnoException)?.code : undefined;
  if (notThere(outcome)) return refused(id, 'not-found');
  if (code === 'EEXIST' || code === 'ENOTEMPTY') return skipped(id);
  return refused(id, 'failed');
}

/** The answer of a long operation: `items`, plus `cancelled` when a cancel stopped it. */
export interface OperationAnswer {
  items: ItemResult[];
  cancelled?: true;
}

/**
 * Where a planner puts one source's result: `record` for a result known at once (refused, skipped,
 * failed), `onCommit` for the hooks of the unit whose commit makes the result true. Photo, Album
 * and Trash collect results in memory; a Batch task records them with its units (and journals a
 * receipt, so recovery can record a unit it finished).
 */
export interface Recorder {
  record(r: ItemResult): void;
  onCommit(r: ItemResult): Pick<Unit, 'onCommit' | 'receipt'>;
  /** Keeps an album copy's chosen target before it starts, so a resumed copy continues into it. */
  note?(path: string): void;
}

/** A Recorder that keeps results in memory, in the order of the sources (`at` is the source's index). */
export function collect(results: (ItemResult | undefined)[], at: number): Recorder {
  return new Collected(results, at);
}

/**
 * A class, not closures: one is made per item of an operation, and under tsx each named closure
 * made at run time is named by an `Object.defineProperty` (esbuild's keepNames, about 1 µs).
 */
class Collected implements Recorder {
  readonly #results: (ItemResult | undefined)[];
  readonly #at: number;

  constructor(results: (ItemResult | undefined)[], at: number) {
    this.#results = results;
    this.#at = at;
  }

  record(r: ItemResult): void {
    this.#results[this.#at] = r;
  }

  onCommit(r: ItemResult): Pick<Unit, 'onCommit'> {
    return { onCommit: this.record.bind(this, r) };
  }
}
