import { randomUUID } from 'node:crypto';
import { constants, lstatSync, rmSync, unlinkSync } from 'node:fs';
import { copyFile, lstat, open, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { User } from '../auth/users.ts';
import type { Reason } from '../errors.ts';
import type { AlbumRow } from '../library/albums.ts';
import { checkWaySync, linkOnTheWay } from '../library/disk.ts';
import { baseName, childPath, decodeAlbumId, decodeItemId, itemId, parentPath } from '../library/ids.ts';
import type { ItemRow } from '../library/items.ts';
import type { SavedExtras } from '../library/item-extras.ts';
import type { Strategy } from './clash.ts';
import type { Engine } from './engine.ts';
import { Fault } from './fault.ts';
import { FolderNames } from './names.ts';
import { place } from './place.ts';
import { done, refused } from './results.ts';
import type { ItemResult } from './results.ts';
import { saveItem } from './trash-store.ts';
import type { SavedItem } from './trash-store.ts';
import type { JournalRow } from './unit.ts';
import { itemAt } from './units/support.ts';

/**
 * Items moved or copied between spaces (SPEC §18): from one space's photo root and index to
 * another's. A unit of its own, with the journal protocol of every unit (docs/design.md, "Journal
 * and recovery"), spread over two indexes:
 *
 * 1. Intent, in the source space's journal (`space-move` / `space-copy`), committed before the
 *    disk is touched. It carries the target space's name, the uid the item has there and what
 *    the index knows of the item (row and extras: titles, ratings, rotation, tags, comments), so
 *    recovery can finish it from the journal alone.
 * 2. Disk. Both photo roots on one file system (`st_dev` equal): a move is one rename(2). Else,
 *    and for every copy: copy to a hidden temporary name in the target folder, fsync the file,
 *    rename it into place, fsync the folder; a move then deletes the source and fsyncs its folder.
 * 3. Commit. The target index gets the row (with the saved metadata and the planned uid), then
 *    the source index loses it (a move) and the intent in one transaction.
 *
 * Recovery (per surviving intent, `recoverAcross`): a temporary file left is removed; the
 * destination present means done (a move whose source is still there, same size and mtime, had
 * not yet deleted it: deleted now); applying is idempotent (the target row is found by its uid).
 */
export type AcrossKind = 'space-move' | 'space-copy';
export const ACROSS_KINDS: ReadonlySet<string> = new Set<AcrossKind>(['space-move', 'space-copy']);

/** What the intent keeps for recovery. */
interface AcrossData {
  space: string;
  uid: string;
  item: SavedItem | null;
  extras: SavedExtras | undefined;
}

/** One space as the units see it: its engine, its name, and the caller as they act there. */
export interface SpaceSide {
  name: string;
  engine: Engine;
  user: User | null;
}

export interface AcrossRequest {
  /** The source item id (in the source space) and its result's id. */
  id: string;
  /** The destination album id in the target space. */
  dest: string;
  /** A new name (seed 004), else the item's own. */
  name?: string | null;
  strategy: Strategy;
}

const tmpAcross = (journalId: number) => `.ps-partial-space-${journalId}`;

async function fsyncPath(p: string): Promise<void> {
  const h = await open(p, constants.O_RDONLY);
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** Whether two files are the same copy: what a cross-device move leaves before deleting its source. */
function sameFile(a: string, b: string): boolean {
  const x = lstatSync(a, { throwIfNoEntry: false });
  const y = lstatSync(b, { throwIfNoEntry: false });
  return !!x && !!y && x.isFile() && y.isFile() && x.size === y.size && Math.trunc(x.mtimeMs) === Math.trunc(y.mtimeMs);
}

const has = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;

/**
 * Moves or copies items from `from` to `to`, one unit each, in the order given. Rights are
 * checked on both sides with each side's rules: moving takes manage on the source album, copying
 * browse; both take upload on the destination. `overwrite` is not offered across spaces: a name
 * clash under it is `ask` (409). Albums do not cross spaces (refused, `bad-input`).
 */
export async function transferAcross(from: SpaceSide, to: SpaceSide, move: boolean, requests: AcrossRequest[], signal?: AbortSignal): Promise<ItemResult[]> {
  // Both engines' batch locks, always taken in the same order, so two crossings the other way round cannot wait on each other.
  const [first, second] = from.name < to.name ? [from, to] : [to, from];
  return first.engine.exclusive(() => second.engine.exclusive(() => runAll(from, to, move, requests, signal)));
}

async function runAll(from: SpaceSide, to: SpaceSide, move: boolean, requests: AcrossRequest[], signal?: AbortSignal): Promise<ItemResult[]> {
  const names = new FolderNames((rel) => to.engine.disk.abs(rel));
  const fault = new Fault(from.engine.lib.config.faultPoint);
  const out: ItemResult[] = [];
  for (const r of requests) {
    if (signal?.aborted) break;
    out.push(await one(from, to, move, r, names, fault));
  }
  return out;
}

function decodeItem(id: string) {
  try {
    return decodeItemId(id);
  } catch {
    return undefined;
  }
}

function decodeAlbum(id: string) {
  try {
    return decodeAlbumId(id);
  } catch {
    return undefined;
  }
}

async function one(from: SpaceSide, to: SpaceSide, move: boolean, r: AcrossRequest, names: FolderNames, fault: Fault): Promise<ItemResult> {
  const ref = decodeItem(r.id);
  if (!ref) return refused(r.id, 'bad-input');
  const srcAlbum = await from.engine.lib.usableAlbum(ref.albumPath);
  const row = srcAlbum && from.engine.lib.items.get(srcAlbum.id, ref.name);
  if (!srcAlbum || !row) return refused(r.id, 'not-found');
  const destPath = decodeAlbum(r.dest);
  const dest = destPath === undefined ? undefined : await to.engine.lib.usableAlbum(destPath);
  if (!dest) return refused(r.id, 'bad-destination');
  const denied = await deniedOn(from, to, srcAlbum, dest, move);
  if (denied) return refused(r.id, denied);
  const wanted = r.name ?? ref.name;
  const p = await place(names, dest.path, wanted, 'file', r.strategy === 'overwrite' ? 'ask' : r.strategy, false);
  if (p.decision === 'skip') return refused(r.id, 'exists');
  const src = childPath(ref.albumPath, ref.name);
  const dst = childPath(dest.path, p.name);
  try {
    await crossOne(from, to, move, row, src, dst, fault);
  } catch (err) {
    await names.set(dest.path, p.name, undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return refused(r.id, 'exists');
    if (code === 'ENOENT') return refused(r.id, 'not-found');
    from.engine.lib.config.log({ level: 'error', msg: 'cross-space unit failed', stack: (err as Error).stack });
    return refused(r.id, 'failed');
  }
  return done(r.id, itemId(dest.path, p.name, ref.kind), p.decision === 'rename', dst);
}

/** The rights of SPEC §5 on each side, each with that side's rules and the caller as they act there. */
async function deniedOn(from: SpaceSide, to: SpaceSide, source: AlbumRow, dest: AlbumRow, move: boolean): Promise<Reason | undefined> {
  if (!to.engine.lib.rights.granted(to.user, dest).upload) return 'no-upload';
  // The source side's own rule, with its destination standing in for itself: upload is asked on the target above.
  const ok = move ? from.engine.lib.rights.granted(from.user, source).manage : (await from.engine.lib.rights.of(from.user, source)).browse;
  return ok ? undefined : move ? 'no-manage' : 'no-access';
}

/** One unit: intent, disk, both commits. Throws (with nothing changed but a dropped intent) when the disk step fails. */
async function crossOne(from: SpaceSide, to: SpaceSide, move: boolean, row: ItemRow, src: string, dst: string, fault: Fault): Promise<void> {
  const fromLib = from.engine.lib;
  const now = fromLib.config.now();
  const data: AcrossData = {
    space: to.name,
    uid: move && row.uid ? row.uid : randomUUID(),
    item: saveItem(row),
    extras: fromLib.extras.save(row.id),
  };
  const kind: AcrossKind = move ? 'space-move' : 'space-copy';
  const journalId = fromLib.db.transaction(() =>
    Number(
      fromLib.db.prepare('INSERT INTO journal (kind, src, dst, trash, tmp, data, created_at) VALUES (?, ?, ?, NULL, ?, ?, ?)').run(kind, src, dst, null, JSON.stringify(data), now)
        .lastInsertRowid,
    ),
  )();
  fault.reach('after-journal');
  try {
    await crossDisk(from.engine, to.engine, move, src, dst, journalId);
  } catch (err) {
    fromLib.db.prepare('DELETE FROM journal WHERE id = ?').run(journalId);
    throw err;
  }
  fault.reach('after-disk');
  // Reached twice: before the target index's commit and between the two commits (the crash test kills at both).
  fault.reach('before-commit');
  applyTarget(to.engine, dst, data);
  fault.reach('before-commit');
  applySource(from.engine, move, src, dst, to.name, journalId);
}

/** The disk half: one rename on one file system, else copy + fsync + rename + fsync, then (a move) delete the source. */
async function crossDisk(fromEngine: Engine, toEngine: Engine, move: boolean, src: string, dst: string, journalId: number): Promise<void> {
  const fromRoot = fromEngine.lib.config.photoRoot;
  const toRoot = toEngine.lib.config.photoRoot;
  checkWaySync(fromRoot, src);
  checkWaySync(toRoot, dst);
  const srcAbs = fromEngine.disk.abs(src);
  const dstAbs = toEngine.disk.abs(dst);
  const st = await lstat(srcAbs);
  if (!st.isFile()) throw Object.assign(new Error('Only regular files cross spaces'), { code: 'ENOENT' });
  const oneFs = (await stat(path.dirname(srcAbs))).dev === (await stat(path.dirname(dstAbs))).dev;
  if (move && oneFs) {
    if (has(dstAbs)) throw Object.assign(new Error(`Destination exists: ${baseName(dst)}`), { code: 'EEXIST' });
    await rename(srcAbs, dstAbs);
    await fsyncPath(path.dirname(dstAbs));
    await fsyncPath(path.dirname(srcAbs));
    return;
  }
  const tmp = path.join(path.dirname(dstAbs), tmpAcross(journalId));
  try {
    await copyFile(srcAbs, tmp, constants.COPYFILE_EXCL);
    await utimes(tmp, st.atime, st.mtime);
    await fsyncPath(tmp);
    if (has(dstAbs)) throw Object.assign(new Error(`Destination exists: ${baseName(dst)}`), { code: 'EEXIST' });
    await rename(tmp, dstAbs);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncPath(path.dirname(dstAbs));
  if (move) {
    await unlink(srcAbs);
    await fsyncPath(path.dirname(srcAbs));
  }
}

/** The target's index half: the row with its saved metadata and planned uid. Idempotent: a row already holding the uid is the unit applied. */
function applyTarget(engine: Engine, dst: string, data: AcrossData): void {
  const { lib, changes } = engine;
  const now = lib.config.now();
  lib.db.transaction(() => {
    if (lib.items.byUid(data.uid)) return;
    changes.forgetAlbums();
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
function applySource(engine: Engine, move: boolean, src: string, dst: string, toSpace: string, journalId: number): void {
  const { lib, changes } = engine;
  lib.db.transaction(() => {
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

/**
 * Start-up recovery of the crossing units a space's journal still holds, before its start-up
 * scan. `other(name)` lends the engine of the space named in the intent (open, or opened for the
 * occasion) and takes it back; a space that no longer exists leaves the unit undone.
 */
export function recoverAcross(engine: Engine, other: (name: string) => { engine: Engine; release(): void } | undefined): { redone: number; undone: number } {
  const { lib } = engine;
  let redone = 0;
  let undone = 0;
  const rows = (lib.db.prepare('SELECT * FROM journal ORDER BY id').all() as JournalRow[]).filter((r) => ACROSS_KINDS.has(r.kind));
  for (const row of rows) {
    const data = JSON.parse(row.data ?? '{}') as AcrossData;
    const move = (row.kind as string) === 'space-move';
    const target = other(data.space);
    const drop = () => lib.db.prepare('DELETE FROM journal WHERE id = ?').run(row.id);
    if (!target) {
      lib.config.log({ level: 'warn', msg: 'recovery: the space of a crossing unit is gone', space: data.space });
      drop();
      undone++;
      continue;
    }
    try {
      const toRoot = target.engine.lib.config.photoRoot;
      if (linkOnTheWay(lib.config.photoRoot, row.src) || linkOnTheWay(toRoot, row.dst)) {
        lib.config.log({ level: 'warn', msg: 'recovery refused a crossing unit: a symlink is on the way', kind: row.kind });
        drop();
        undone++;
        continue;
      }
      const srcAbs = engine.disk.abs(row.src);
      const dstAbs = target.engine.disk.abs(row.dst);
      rmSync(path.join(path.dirname(dstAbs), tmpAcross(row.id)), { force: true });
      let isDone = has(dstAbs);
      if (isDone && move && has(srcAbs)) {
        // A copy across file systems that had not yet deleted its source; anything else at the destination is not ours.
        if (sameFile(srcAbs, dstAbs)) unlinkSync(srcAbs);
        else isDone = false;
      }
      if (isDone) {
        applyTarget(target.engine, row.dst, data);
        applySource(engine, move, row.src, row.dst, data.space, row.id);
        redone++;
      } else {
        drop();
        undone++;
      }
    } finally {
      target.release();
    }
  }
  if (rows.length > 0) lib.config.log({ level: 'info', msg: 'crossing units recovered', redone, undone });
  return { redone, undone };
}
