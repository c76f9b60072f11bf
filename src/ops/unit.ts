import { TEMP_PREFIX } from '../runtime/litter.ts';

/**
 * A unit (SPEC §1): the smallest step of a long operation, done completely (disk and index) or
 * not at all. Paths are relative to the photo root unless said otherwise.
 */
export type UnitKind = 'item-move' | 'item-copy' | 'item-trash' | 'album-move' | 'album-trash' | 'album-drop' | 'album-create' | 'restore';

export interface Unit {
  kind: UnitKind;
  /** Path of the thing acted on; for `restore` its stored name in the trash. */
  src: string;
  /** Where it goes; for `item-trash`, `album-trash` and `album-drop` its stored name in the trash. */
  dst: string;
  /** Stored name in the trash for the file an overwrite replaces. */
  trash?: string | null;
  /** `restore`: the trash entry's id. */
  entry?: number | null;
  /** Item moves: the source's row id as planned, a shortcut the commit verifies (not journaled). */
  row?: number;
  /**
   * Runs inside the transaction that commits the unit's index change (never journaled): a
   * background task records the unit's result here, so effect and result land together.
   */
  onCommit?: () => void;
  /**
   * What `onCommit` records, as JSON, written with the journal row: when start-up recovery
   * finishes the unit after a crash (its disk step happened, its commit did not), it hands this
   * to `Engine.onRecovered` in the transaction that applies the unit, so a background task learns
   * the unit is done instead of running it a second time.
   */
  receipt?: unknown;
}

export interface JournalRow {
  id: number;
  kind: UnitKind;
  src: string;
  dst: string;
  trash: string | null;
  tmp: string | null;
  data: string | null;
  created_at: number;
}

/** How a unit ended in a run. `trashed`: an `album-drop` had leftovers and went to the trash rather than rmdir. */
export type Outcome = { state: 'done'; trashed: boolean } | { state: 'cancelled' } | { state: 'failed'; error: unknown };

/** The hidden temporary name a copy is written under before it is renamed into place. */
export function tmpName(journalId: number): string {
  return `${TEMP_PREFIX}${journalId}`;
}
