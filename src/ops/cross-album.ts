import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AlbumRow } from '../library/albums.ts';
import { checkWaySync } from '../library/disk.ts';
import { albumId, childPath, parentPath } from '../library/ids.ts';
import type { ItemRow } from '../library/items.ts';
import { fsyncPath, mkdir, rename, rm, rmdir } from '../runtime/fsx.ts';
import { yieldToLoop } from '../runtime/yield.ts';
import { crossOne, flushIndexes, has } from './cross-unit.ts';
import type { AcrossReceipt, UnitCommit, UnitSides } from './cross-unit.ts';
import type { Engine } from './engine.ts';
import type { Fault } from './fault.ts';
import { saveItem } from './trash-store.ts';
import type { SavedItem } from './trash-store.ts';

/**
 * Albums moved or copied between spaces (SPEC §18): the folder with its sub-albums, items and
 * their metadata (album titles and settings, item rows and extras; uids kept by a move, new for
 * a copy). Grants and shares name users and links of the source space and stay behind.
 *
 * - A move with both photo roots on one file system is one unit, `space-album-move`: intent in
 *   the source journal, one rename(2) of the folder, then the rows copied into the target index
 *   (a chunk per transaction, yielding between; idempotent: a row already holding its uid is
 *   skipped) and, in one last transaction, dropped from the source index with the intent.
 *   Recovery: the folder at its destination and gone from its source means done, and the rows
 *   are copied again from the source index, which keeps them until that last transaction.
 * - Otherwise (a copy, or a move across file systems) the album is expanded: its folders are
 *   made in the target (with their rows), then every item crosses as its own unit (copy, fsync,
 *   rename, then for a move delete: ops/cross-unit.ts), so a crash loses at most the unit in
 *   flight, which recovery finishes or undoes. A move then removes the emptied source folders.
 *   A Batch task notes the target before it starts, so a resumed task continues into it.
 */

const ROWS_PER_CHUNK = 500;

/** What crossing an album needs besides the two sides: the fault switch, the task's hooks. */
export interface AlbumCrossing {
  sides: UnitSides;
  move: boolean;
  fault: Fault;
  /** Runs `work` holding both spaces' batch locks (always in the same order). */
  locked<T>(work: () => Promise<T>): Promise<T>;
  signal?: AbortSignal;
  commit: UnitCommit;
  /** The target a resumed task noted: the album is continued there. */
  resumed: boolean;
}

/** How an album crossing ended: done, stopped (a task's stop: resumed later), or failed with an errno-like code. */
export type AlbumOutcome = 'done' | 'stopped' | 'failed';

const relOf = (top: string, p: string) => (p === top ? '' : p.slice(top.length + 1));
const under = (top: string, rel: string) => (rel === '' ? top : childPath(top, rel));

/** Moves or copies album `album` of the source space to `dst` (a free name, or a resumed task's noted target) in the target space. */
export async function crossAlbum(c: AlbumCrossing, album: AlbumRow, dst: string): Promise<AlbumOutcome> {
  const { from, to } = c.sides;
  checkWaySync(from.lib.config.photoRoot, album.path);
  checkWaySync(to.lib.config.photoRoot, dst);
  const srcAbs = from.disk.abs(album.path);
  const dstParent = to.disk.abs(parentPath(dst));
  const oneFs = (await stat(path.dirname(srcAbs))).dev === (await stat(dstParent)).dev;
  const started = has(to.disk.abs(dst));
  // A new crossing's folder name was free when it was chosen: anything there now is not ours to merge into.
  if (started && !c.resumed) throw Object.assign(new Error(`Destination exists: ${dst}`), { code: 'EEXIST' });
  if (c.move && oneFs && !started) return c.locked(() => renameAlbum(c, album, dst));
  return expand(c, album, dst);
}

/** The one-unit move: intent, one rename, the rows. */
async function renameAlbum(c: AlbumCrossing, album: AlbumRow, dst: string): Promise<AlbumOutcome> {
  const { from, to, toName } = c.sides;
  const data = { space: toName, ...(c.commit.receipt && { receipt: c.commit.receipt }) };
  const journalId = Number(
    from.lib.db
      .prepare("INSERT INTO journal (kind, src, dst, trash, tmp, data, created_at) VALUES ('space-album-move', ?, ?, NULL, NULL, ?, ?)")
      .run(album.path, dst, JSON.stringify(data), from.lib.config.now()).lastInsertRowid,
  );
  await flushIndexes(from.lib.config.log, from);
  c.fault.reach('after-journal');
  const srcAbs = from.disk.abs(album.path);
  const dstAbs = to.disk.abs(dst);
  try {
    // rename(2) would silently replace an empty folder: check first.
    if (has(dstAbs)) throw Object.assign(new Error(`Destination exists: ${dst}`), { code: 'EEXIST' });
    await rename(srcAbs, dstAbs);
  } catch (err) {
    from.lib.db.prepare('DELETE FROM journal WHERE id = ?').run(journalId);
    throw err;
  }
  for (const f of [path.dirname(dstAbs), path.dirname(srcAbs)]) {
    await fsyncPath(f).catch((error: unknown) => from.lib.config.log({ level: 'error', msg: 'could not flush a folder an album crossing changed', error: String(error) }));
  }
  c.fault.reach('after-disk');
  // Steps run as they are drawn: a generator reads its next page (or sees the last delete's count) only after the step before has run.
  for (const steps of [copyRows(from, to, album.path, dst, false), dropItemRows(from, album.path)]) {
    for (const step of steps) {
      step();
      await yieldToLoop();
    }
  }
  c.fault.reach('before-commit');
  finishRename(from, to, album.path, dst, toName, journalId, c.commit.host, c.commit.onCommit);
  await flushIndexes(from.lib.config.log, to, from);
  return 'done';
}

/**
 * The source's item rows of a moved album, a chunk per transaction: deleting 100 000 rows in one
 * would hold the loop for far more than 50 ms. Safe before the last transaction: every row is in
 * the target index by then, and a redo copies only the rows that are left.
 */
function* dropItemRows(from: Engine, src: string): Generator<() => void> {
  const chunk = from.lib.db.prepare(
    `DELETE FROM items WHERE id IN (SELECT items.id FROM items JOIN albums ON albums.id = items.album_id
     WHERE albums.path = ? OR (albums.path >= ? AND albums.path < ?) LIMIT ${ROWS_PER_CHUNK * 4})`,
  );
  for (;;) {
    let left = true;
    yield () => {
      left = chunk.run(src, `${src}/`, `${src}0`).changes > 0;
    };
    if (!left) return;
  }
}

/** The rename unit's last step: the source's rows and intent go (and a task's result is recorded) in one transaction per side. */
function finishRename(from: Engine, to: Engine, src: string, dst: string, toName: string, journalId: number, host: 'from' | 'to' | undefined, onCommit?: () => void): void {
  if (host === 'to') to.lib.db.transaction(() => onCommit?.())();
  from.lib.db.transaction(() => {
    if (host === 'from') onCommit?.();
    const album = from.lib.albums.byPath(src);
    if (album) from.lib.albums.deleteSubtree(album);
    from.lib.changes.record('DELETE', 'album', albumId(src), { moved_to: { space: toName, id: albumId(dst) } });
    from.lib.db.prepare('DELETE FROM journal WHERE id = ?').run(journalId);
  })();
  if (host === undefined) onCommit?.();
}

/**
 * The rows of album `src` (source index) under `dst` in the target index, as steps of one
 * transaction each: the albums first (their titles and settings), then the items a chunk at a
 * time, with their extras. `fresh`: a copy, whose rows get new uids. Idempotent.
 */
export function* copyRows(from: Engine, to: Engine, src: string, dst: string, fresh: boolean, itemsToo = true): Generator<() => void> {
  const now = to.lib.config.now();
  yield () =>
    to.lib.db.transaction(() => {
      to.changes.forgetAlbums();
      for (const a of from.lib.albums.subtree(src)) {
        const row = to.changes.ensureAlbum(under(dst, relOf(src, a.path)));
        const holder = a.uid && !fresh ? to.lib.albums.byUid(a.uid) : undefined;
        const uid = !fresh && a.uid && (!holder || holder.id === row.id) ? { uid: a.uid } : {};
        to.lib.albums.update(row.id, {
          title: a.title,
          description: a.description,
          password: a.password,
          sort_by: a.sort_by,
          sort_direction: a.sort_direction,
          allow_comment: a.allow_comment ?? null,
          ...uid,
        });
      }
      to.lib.changes.record('CREATE', 'album', albumId(dst), { space: true });
    })();
  if (!itemsToo) return;
  const page = from.lib.db.prepare<[string, string, string, number, number], ItemRow & { album_path: string }>(
    `SELECT items.*, albums.path AS album_path FROM items JOIN albums ON albums.id = items.album_id
     WHERE (albums.path = ? OR (albums.path >= ? AND albums.path < ?)) AND items.id > ? ORDER BY items.id LIMIT ?`,
  );
  let last = 0;
  for (;;) {
    const rows = page.all(src, `${src}/`, `${src}0`, last, ROWS_PER_CHUNK);
    if (rows.length === 0) return;
    yield () =>
      to.lib.db.transaction(() => {
        to.changes.forgetAlbums();
        for (const r of rows) {
          const { album_path: albumPath, ...row } = r;
          if (!fresh && row.uid && to.lib.items.byUid(row.uid)) continue;
          const album = to.changes.ensureAlbum(under(dst, relOf(src, albumPath)));
          // Thumbnails live in each space's own cache: the target makes its own.
          const saved: SavedItem = { ...saveItem(row), uid: fresh ? randomUUID() : row.uid, thumb_key: null };
          const id = to.changes.insertItem(album, row.name, saved, now);
          if (id !== undefined) to.lib.extras.restore(id, from.lib.extras.save(row.id), now);
        }
      })();
    last = (rows[rows.length - 1] as ItemRow).id;
  }
}

/** The expanded crossing: folders (and their rows) first, then item by item, then a move's empty source folders. */
async function expand(c: AlbumCrossing, album: AlbumRow, dst: string): Promise<AlbumOutcome> {
  const { from, to, toName } = c.sides;
  const src = album.path;
  const folders = from.lib.albums.subtree(src).map((a) => a.path);
  await c.locked(async () => {
    try {
      for (const f of folders) await mkdir(to.disk.abs(under(dst, relOf(src, f))), { recursive: true });
    } catch (err) {
      // Only empty folders of ours so far (a new target's name was free): they go, nothing changed.
      if (!c.resumed) await rm(to.disk.abs(dst), { recursive: true, force: true }).catch(() => {});
      throw err;
    }
    for (const f of new Set([parentPath(dst), ...folders.map((f) => parentPath(under(dst, relOf(src, f))))])) {
      await fsyncPath(to.disk.abs(f)).catch((error: unknown) =>
        to.lib.config.log({ level: 'error', msg: 'could not flush a folder an album crossing made', error: String(error) }),
      );
    }
    for (const step of copyRows(from, to, src, dst, !c.move, false)) step();
  });
  const page = from.lib.db.prepare<[string, string, string, number], ItemRow & { album_path: string }>(
    `SELECT items.*, albums.path AS album_path FROM items JOIN albums ON albums.id = items.album_id
     WHERE (albums.path = ? OR (albums.path >= ? AND albums.path < ?)) AND items.id > ? ORDER BY items.id LIMIT 200`,
  );
  let last = 0;
  let failed = 0;
  for (;;) {
    const rows = page.all(src, `${src}/`, `${src}0`, last);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (c.signal?.aborted) return 'stopped';
      const { album_path: albumPath, ...item } = r;
      const itemSrc = childPath(albumPath, item.name);
      const itemDst = childPath(under(dst, relOf(src, albumPath)), item.name);
      try {
        await c.locked(async () => {
          // A resumed copy finds the items it had copied: those are done.
          if (c.resumed && !c.move && has(to.disk.abs(itemDst))) return;
          await crossOne(c.sides, c.move, item, itemSrc, itemDst, false, c.fault, {});
        });
      } catch (err) {
        failed++;
        from.lib.config.log({ level: 'error', msg: 'an item of an album crossing spaces failed', code: (err as NodeJS.ErrnoException).code, stack: (err as Error).stack });
      }
    }
    last = (rows[rows.length - 1] as ItemRow).id;
  }
  if (failed > 0) return 'failed';
  if (c.move) await dropEmptied(c.sides, src, folders, toName);
  if (c.commit.host) {
    const side = c.commit.host === 'to' ? to : from;
    side.lib.db.transaction(() => c.commit.onCommit?.())();
  } else c.commit.onCommit?.();
  return 'done';
}

/** A moved album's source folders, deepest first, and their rows; a folder still holding files the index does not know stays, with its row. */
async function dropEmptied(sides: UnitSides, src: string, folders: string[], toName: string): Promise<void> {
  const { from } = sides;
  const kept = new Set<string>();
  for (const f of [...folders].reverse()) {
    try {
      await rmdir(from.disk.abs(f));
    } catch (err) {
      kept.add(f);
      for (let p = f; p !== src && p !== ''; p = parentPath(p)) kept.add(parentPath(p));
      from.lib.config.log({ level: 'warn', msg: 'a moved album left a folder it could not remove', folder: f, code: (err as NodeJS.ErrnoException).code });
    }
  }
  await fsyncPath(from.disk.abs(parentPath(src))).catch(() => {});
  from.lib.db.transaction(() => {
    for (const f of [...folders].reverse()) {
      if (kept.has(f)) continue;
      const row = from.lib.albums.byPath(f);
      if (row) from.lib.albums.deleteSubtree(row);
    }
    from.lib.changes.record('DELETE', 'album', albumId(src), { moved_to: { space: toName } });
  })();
}

/**
 * Recovery of a `space-album-move` intent (the source space's start, the target lent): the folder
 * at its destination and not at its source means the rename happened, and the unit is finished
 * (rows copied, source rows and intent dropped, a task's result recorded); otherwise dropped.
 */
export function recoverAlbumMove(
  engine: Engine,
  target: Engine,
  row: { id: number; src: string; dst: string },
  data: { space: string; receipt?: AcrossReceipt },
  record: (host: 'from' | 'to') => (() => void) | undefined,
): boolean {
  if (has(engine.disk.abs(row.src)) || !has(target.disk.abs(row.dst))) {
    engine.lib.db.prepare('DELETE FROM journal WHERE id = ?').run(row.id);
    return false;
  }
  for (const step of copyRows(engine, target, row.src, row.dst, false)) step();
  for (const step of dropItemRows(engine, row.src)) step();
  const host = data.receipt?.host;
  finishRename(engine, target, row.src, row.dst, data.space, row.id, host, host ? record(host) : undefined);
  return true;
}
