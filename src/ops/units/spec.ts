import type { Changes } from '../../feed/changes.ts';
import type { AlbumRow } from '../../library/albums.ts';
import type { ItemRow } from '../../library/items.ts';
import type { Library } from '../../library/library.ts';
import type { AlbumMeta, SavedItem, TrashStore } from '../trash-store.ts';
import type { JournalRow, Unit, UnitKind } from '../unit.ts';

/*
 * What a unit's declaration reaches of the engine, as narrow interfaces rather than the engine's
 * classes: the engine, its disk steps and its index changes read the table (UNITS), so naming
 * their classes here would make an import cycle. The classes satisfy these structurally.
 */

/** The disk half's helpers (src/ops/disk-steps.ts). */
export interface UnitDisk {
  touched(...dirs: string[]): void;
  flushFile(abs: string): Promise<void>;
  abs(rel: string): string;
  trashAbs(stored: string): string;
  tmpAbs(u: Unit, journalId: number): string;
  replace(u: Unit, put: () => Promise<void>): Promise<void>;
}

/** The index half's helpers (src/ops/index-changes.ts). */
export interface UnitIndex {
  readonly lib: Library;
  readonly trash: TrashStore;
  apply(u: Unit, trashed: boolean): void;
  moveKnown(row: number, src: string, dstAlbum: AlbumRow, name: string): boolean;
  moveItem(id: number, dstAlbum: AlbumRow, name: string): void;
  keepDisplaced(rel: string, stored: string): void;
  item(rel: string): ItemRow | undefined;
  ensureAlbum(path: string): AlbumRow;
  albumMeta(album: AlbumRow): AlbumMeta;
  trashItem(rel: string, stored: string, reason: 'delete' | 'overwrite', now: number): void;
  insertItem(album: AlbumRow, name: string, saved: SavedItem | undefined, now: number): number | undefined;
  restoreAlbum(dst: string, meta: AlbumMeta, now: number): void;
}

/** The engine as recovery hands it to a unit (src/ops/engine.ts). */
export interface UnitEngine {
  readonly trash: TrashStore;
  readonly disk: UnitDisk;
  readonly changes: UnitIndex;
  onRecovered: ((receipt: unknown) => void) | undefined;
}

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
  disk(steps: UnitDisk, u: Unit, journalId: number): Promise<boolean>;
  /**
   * The same step with synchronous calls, for the kinds whose step is one lookup and one
   * rename(2) (a few µs each: cheaper than a thread-pool round trip; the engine yields between
   * time slices). Undefined when this unit takes the asynchronous path (e.g. an overwrite).
   */
  diskSync?(steps: UnitDisk, u: Unit): boolean | undefined;
  /** Whether its index change moves, adds or removes album rows (the batch's album cache is then dropped). */
  changesAlbums: boolean;
  /** The index half, inside the transaction that deletes the unit's journal row. */
  index(changes: UnitIndex, u: Unit, trashed: boolean, now: number): void;
  /** What it tells the change feed, in the same transaction. */
  announce(feed: Changes, u: Unit): void;
  /**
   * Start-up recovery: whether the interrupted unit happened, judged from the disk, finishing
   * the few two-step states forward. The index still shows the state before the unit.
   */
  inspect(engine: UnitEngine, row: JournalRow): Verdict;
  /** Recovery of a unit with a link on the way: no disk step under the root; answers whether it was applied. */
  refuse(engine: UnitEngine, row: JournalRow, unit: Unit, receipt: unknown): boolean;
  /** Recovery, after judging the unit not done: index what it had already made on disk. */
  undone?(engine: UnitEngine, row: JournalRow): void;
}

export type UnitTable = Record<UnitKind, UnitSpec>;
