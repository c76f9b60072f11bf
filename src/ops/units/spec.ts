import type { Changes } from '../../feed/changes.ts';
import type { DiskSteps } from '../disk-steps.ts';
import type { Engine } from '../engine.ts';
import type { IndexChanges } from '../index-changes.ts';
import type { JournalRow, Unit, UnitKind } from '../unit.ts';

/** What recovery concludes from the disk: the unit happened (and whether it trashed), or not. */
export type Verdict = { done: false } | { done: true; trashed: boolean };

/**
 * Everything the engine and recovery need to know about one kind of unit. One declaration per
 * kind (ops/units/<kind>.ts), gathered in `UNITS`; the engine, the index changes and recovery
 * never name a kind.
 */
export interface UnitSpec {
  /**
   * The paths under the photo root its disk step reaches (the others are trash names). Each is
   * checked for a symlink on the way before the disk step, and again by recovery before a redo.
   */
  rootPaths(u: Pick<Unit, 'src' | 'dst'>): string[];
  /** The disk half; every step ends with one rename(2). Answers whether it went to the trash (`album-drop`). */
  disk(steps: DiskSteps, u: Unit, journalId: number): Promise<boolean>;
  /**
   * The same step with synchronous calls, for the kinds whose step is one lookup and one
   * rename(2) (a few µs each: cheaper than a thread-pool round trip; the engine yields between
   * time slices). Undefined when this unit takes the asynchronous path (e.g. an overwrite).
   */
  diskSync?(steps: DiskSteps, u: Unit): boolean | undefined;
  /** Whether its index change moves, adds or removes album rows (the batch's album cache is then dropped). */
  changesAlbums: boolean;
  /** The index half, inside the transaction that deletes the unit's journal row. */
  index(changes: IndexChanges, u: Unit, trashed: boolean, now: number): void;
  /** What it tells the change feed, in the same transaction. */
  announce(feed: Changes, u: Unit): void;
  /**
   * Start-up recovery: whether the interrupted unit happened, judged from the disk, finishing
   * the few two-step states forward. The index still shows the state before the unit.
   */
  inspect(engine: Engine, row: JournalRow): Verdict;
  /** Recovery of a unit with a link on the way: no disk step under the root; answers whether it was applied. */
  refuse(engine: Engine, row: JournalRow, unit: Unit, receipt: unknown): boolean;
  /** Recovery, after judging the unit not done: index what it had already made on disk. */
  undone?(engine: Engine, row: JournalRow): void;
}

export type UnitTable = Record<UnitKind, UnitSpec>;
