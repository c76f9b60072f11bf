import { randomUUID } from 'node:crypto';
import { constants, lstatSync } from 'node:fs';
import { lstat, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { checkWaySync } from '../library/disk.ts';
import { baseName, parentPath } from '../library/ids.ts';
import type { ItemRow } from '../library/items.ts';
import type { SavedExtras } from '../library/item-extras.ts';
import { copyFile, fsyncPath, rename, rm, rmSync, unlink } from '../runtime/fsx.ts';
import { discard, sweepLitter, TEMP_PREFIX } from '../runtime/litter.ts';
import { TaskStore } from '../tasks/store.ts';
import type { UnitResult } from '../tasks/store.ts';
import type { Engine } from './engine.ts';
import type { Fault } from './fault.ts';
import { dropPartialSync, moveAcross, moveAcrossSync } from './fsmove.ts';
import { saveItem } from './trash-store.ts';
import type { SavedItem } from './trash-store.ts';
import type { JournalRow } from './unit.ts';
import { itemAt } from './units/support.ts';

/**
 * One item moved or copied between spaces (SPEC §18): from one space's photo root and index to
 * another's. A unit of its own, with the journal protocol of every unit (docs/design.md, "Journal
 * and recovery"), spread over two indexes:
 *
 * 1. Intent, in the source space's journal (`space-move` / `space-copy`), committed before the
 *    disk is touched. It carries the target space's name, the uid the item has there, what the
 *    index knows of the item (row and extras: titles, ratings, rotation, tags, comments), the
 *    trash name of a file it replaces (`overwrite`) and, in a Batch task, the unit's result, so
 *    recovery can finish it from the journal alone.
 * 2. Disk, every call through runtime/fsx.ts (the fault switch). An overwrite first moves the
 *    file there into the target space's trash. Both photo roots on one file system (`st_dev`
 *    equal): a move is one rename(2). Else, and for every copy: copy to a hidden temporary name in
 *    the target folder, fsync the file, rename it into place, fsync the folder; a move then
 *    deletes the source and fsyncs its folder. A failure before the item is in place puts back
 *    what was displaced: nothing changed.
 * 3. Commit. The target index gets the row (with the saved metadata and the planned uid; a
 *    replaced item's row goes to a trash entry), then the source index loses it (a move) and the
 *    intent in one transaction. A task's result is recorded inside the commit of the space whose
 *    index holds the task.
 *
 * Recovery (per surviving intent, `recoverAcross`): a temporary file left is removed; the
 * destination present means done (a move whose source is still there, same size and mtime, had
 * not yet deleted it: deleted now); an overwrite whose old file is not in the trash never started,
 * one whose new file is not in place is undone (the old file goes back). Applying is idempotent
 * (the target row is found by its uid; a task result is recorded only on a pending unit).
 */
export type AcrossKind = 'space-move' | 'space-copy' | 'space-album-move';
/** The units recoverAcross finishes or undoes (ops/cross-recovery.ts); the start-up recovery of one space leaves them alone. */
export const ACROSS_KINDS: ReadonlySet<string> = new Set<AcrossKind>(['space-move', 'space-copy', 'space-album-move']);

/** A Batch task unit's result, recorded by recovery in the index of the space holding the task (`host`). */
export interface AcrossReceipt {
  host: 'from' | 'to';
  task: number;
  seq: number;
  result: UnitResult;
}

/** What the intent keeps for recovery. */
export interface AcrossData {
  space: string;
  uid: string;
  item: SavedItem | null;
  extras: SavedExtras | undefined;
  /** The target trash's name for the file an overwrite replaces. */
  trash?: string;
  receipt?: AcrossReceipt;
}

/** The two engines of one crossing unit, and the name of the target space. */
export interface UnitSides {
  from: Engine;
  to: Engine;
  toName: string;
}

/** How one unit's result is recorded: in the commit of the `host` side, or by recovery from `receipt`. */
export interface UnitCommit {
  host?: 'from' | 'to';
  onCommit?: () => void;
  receipt?: AcrossReceipt;
}

const tmpAcross = (journalId: number) => `${TEMP_PREFIX}space-${journalId}`;

/**
 * The trash name prefix of a file an overwrite across spaces displaced. Its intent is in the
 * other space's journal, which may open later: the target's start-up sweep of trash contents
 * without an entry leaves such a file to that recovery (put back, or given its entry).
 */
export const CROSSING_TRASH = 'space-';

/** Whether two files are the same copy: what a cross-device move leaves before deleting its source. */
function sameFile(a: string, b: string): boolean {
  const x = lstatSync(a, { throwIfNoEntry: false });
  const y = lstatSync(b, { throwIfNoEntry: false });
  return !!x && !!y && x.isFile() && y.isFile() && x.size === y.size && Math.trunc(x.mtimeMs) === Math.trunc(y.mtimeMs);
}

export const has = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;

const taken = (rel: string) => Object.assign(new Error(`Destination exists: ${baseName(rel)}`), { code: 'EEXIST' });

/**
 * One unit: intent, disk, both commits. `replace`: the file at `dst` goes to the target's trash
 * first. Throws (with nothing changed but a dropped intent) when the disk step fails.
 */
export async function crossOne(sides: UnitSides, move: boolean, row: ItemRow, src: string, dst: string, replace: boolean, fault: Fault, commit: UnitCommit): Promise<void> {
  const fromLib = sides.from.lib;
  const now = fromLib.config.now();
  // Decided under both batch locks: nothing of ours changes the folder before the disk step.
  const trash = replace && has(sides.to.disk.abs(dst)) ? `${CROSSING_TRASH}${sides.to.trash.storedName(baseName(dst))}` : undefined;
  const data: AcrossData = {
    space: sides.toName,
    uid: move && row.uid ? row.uid : randomUUID(),
    item: saveItem(row),
    extras: fromLib.extras.save(row.id),
    ...(trash !== undefined ? { trash } : {}),
    ...(commit.receipt && { receipt: commit.receipt }),
  };
  const kind: AcrossKind = move ? 'space-move' : 'space-copy';
  const journalId = Number(
    fromLib.db.prepare('INSERT INTO journal (kind, src, dst, trash, tmp, data, created_at) VALUES (?, ?, ?, NULL, NULL, ?, ?)').run(kind, src, dst, JSON.stringify(data), now)
      .lastInsertRowid,
  );
  // The intent reaches the disk before any step it describes (as Engine.runBatch's do).
  await flushIndexes(fromLib.config.log, sides.from);
  fault.reach('after-journal');
  try {
    await crossDisk(sides, move, src, dst, journalId, trash);
  } catch (err) {
    fromLib.db.prepare('DELETE FROM journal WHERE id = ?').run(journalId);
    sweepLitter(fromLib.config.log);
    throw err;
  }
  fault.reach('after-disk');
  // Reached twice: before the target index's commit and between the two commits (the crash test kills at both).
  fault.reach('before-commit');
  applyTarget(sides.to, dst, data, commit.host === 'to' ? commit.onCommit : undefined);
  fault.reach('before-commit');
  applySource(sides.from, move, src, dst, sides.toName, journalId, commit.host === 'from' ? commit.onCommit : undefined);
  if (commit.host === undefined) commit.onCommit?.();
  // Both commits survive a power cut before anyone hears of them (SPEC §20).
  await flushIndexes(fromLib.config.log, sides.to, sides.from);
}

/** Flushes the indexes' write-ahead logs; a failure is logged (the unit stands or was not yet started: recovery judges it by the disk). */
export async function flushIndexes(log: (line: Record<string, unknown>) => void, ...engines: Engine[]): Promise<void> {
  for (const e of engines) {
    await e.lib
      .flushIndex()
      .catch((error: unknown) => log({ level: 'error', msg: 'could not flush an index log; a power cut may lose a crossing unit’s last commit', error: String(error) }));
  }
}

/**
 * The disk half. Placing the item (displacing the old one, rename or copy + fsync + rename, and a
 * move's delete of its source) either happens or is undone; once it has happened, a folder flush
 * that fails is logged, not undone: the index must follow the disk (as Engine.#flush does).
 */
async function crossDisk(sides: UnitSides, move: boolean, src: string, dst: string, journalId: number, trash: string | undefined): Promise<void> {
  const { from, to } = sides;
  checkWaySync(from.lib.config.photoRoot, src);
  checkWaySync(to.lib.config.photoRoot, dst);
  const srcAbs = from.disk.abs(src);
  const dstAbs = to.disk.abs(dst);
  const st = await lstat(srcAbs);
  if (!st.isFile()) throw Object.assign(new Error('Only regular files cross spaces'), { code: 'ENOENT' });
  const oneFs = (await stat(path.dirname(srcAbs))).dev === (await stat(path.dirname(dstAbs))).dev;
  const old = trash === undefined ? undefined : to.disk.trashAbs(trash);
  if (old) await moveAcross(dstAbs, old);
  try {
    if (move && oneFs) {
      if (has(dstAbs)) throw taken(dst);
      await rename(srcAbs, dstAbs);
    } else {
      const tmp = path.join(path.dirname(dstAbs), tmpAcross(journalId));
      try {
        await copyFile(srcAbs, tmp, constants.COPYFILE_EXCL);
        await utimes(tmp, st.atime, st.mtime);
        await fsyncPath(tmp);
        if (has(dstAbs)) throw taken(dst);
        await rename(tmp, dstAbs);
      } catch (err) {
        await discard(tmp);
        throw err;
      }
      if (move) {
        try {
          // The copy's folder entry is on the disk before the source goes: a power cut never loses both.
          await fsyncPath(path.dirname(dstAbs));
          await unlink(srcAbs);
        } catch (err) {
          await rm(dstAbs, { force: true });
          throw err;
        }
      }
    }
  } catch (err) {
    if (old) await moveAcross(old, dstAbs).catch(() => {});
    throw err;
  }
  const folders = [path.dirname(dstAbs), ...(move ? [path.dirname(srcAbs)] : []), ...(old ? [path.dirname(old)] : [])];
  for (const f of folders) {
    await fsyncPath(f).catch((error: unknown) =>
      from.lib.config.log({ level: 'error', msg: 'could not flush a folder a crossing unit changed; it stands, a power cut may lose it', error: String(error) }),
    );
  }
}

/** The target's index half: the row with its saved metadata and planned uid. Idempotent: a row already holding the uid is the unit applied. */
export function applyTarget(engine: Engine, dst: string, data: AcrossData, onCommit?: () => void): void {
  const { lib, changes } = engine;
  const now = lib.config.now();
  lib.db.transaction(() => {
    onCommit?.();
    if (lib.items.byUid(data.uid)) return;
    changes.forgetAlbums();
    if (data.trash) changes.keepDisplaced(dst, data.trash);
    const album = changes.ensureAlbum(parentPath(dst));
    // Thumbnails live in each space's own cache: the target makes its own.
    const saved = data.item ? { ...data.item, uid: data.uid, thumb_key: null } : undefined;
    const id = changes.insertItem(album, baseName(dst), saved as SavedItem | undefined, now);
    if (id !== undefined) lib.extras.restore(id, data.extras, now);
    const to = itemAt(dst);
    lib.changes.record('CREATE', to.kind, to.id, { space: true });
  })();
}

/** The source's index half: a move's row goes; the intent goes in the same transaction. */
export function applySource(engine: Engine, move: boolean, src: string, dst: string, toSpace: string, journalId: number, onCommit?: () => void): void {
  const { lib, changes } = engine;
  lib.db.transaction(() => {
    onCommit?.();
    if (move) {
      changes.forgetAlbums();
      const row = changes.item(src);
      if (row) lib.items.delete(row.id);
      const from = itemAt(src);
      lib.changes.record('DELETE', from.kind, from.id, { moved_to: { space: toSpace, id: itemAt(dst).id } });
    }
    lib.db.prepare('DELETE FROM journal WHERE id = ?').run(journalId);
  })();
}

/** A task result that recovery records: only on a unit still pending, so applying twice records once. */
export function receiptWriter(engine: Engine, receipt: AcrossReceipt | undefined): (() => void) | undefined {
  if (!receipt) return undefined;
  return () => new TaskStore(engine.lib.db).finishPendingUnit(receipt.task, receipt.seq, receipt.result, engine.lib.config.now());
}

/**
 * What the disk says of one crossing intent: `done` (finish it), or not (drop it). Repairs on the
 * way: a temporary removed, a cross-device move's leftover source deleted, an overwrite's old file
 * put back when the new one never arrived, or given its trash entry when its place is taken.
 */
export function inspect(engine: Engine, target: Engine, row: JournalRow, data: AcrossData, move: boolean): boolean {
  const srcAbs = engine.disk.abs(row.src);
  const dstAbs = target.disk.abs(row.dst);
  rmSync(path.join(path.dirname(dstAbs), tmpAcross(row.id)), { force: true });
  const old = data.trash === undefined ? undefined : target.disk.trashAbs(data.trash);
  if (old) {
    dropPartialSync(old);
    // The old file never left: the unit never started its disk step.
    if (!has(old)) return false;
    if (!has(dstAbs)) {
      moveAcrossSync(old, dstAbs);
      return false;
    }
  }
  if (!has(dstAbs)) return false;
  if (move && has(srcAbs)) {
    // A copy across file systems that had not yet deleted its source; anything else at the destination is not ours.
    if (sameFile(srcAbs, dstAbs)) {
      rmSync(srcAbs, { force: true });
      return true;
    }
    if (old && data.trash) target.lib.db.transaction(() => target.changes.keepDisplaced(row.dst, data.trash as string))();
    return false;
  }
  return true;
}
