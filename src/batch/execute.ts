import { lstat, mkdir } from 'node:fs/promises';
import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { UnsafePathError } from '../library/disk.ts';
import { albumId, baseName, childPath, decodeAlbumId, decodeItemId, isAlbumId, isWithin, itemId, parentPath } from '../library/ids.ts';
import type { ItemKind } from '../library/media.ts';
import { merge } from '../ops/album-move.ts';
import { notThere } from '../ops/results.ts';
import type { Engine } from '../ops/engine.ts';
import { FolderNames } from '../ops/names.ts';
import { OperationRun } from '../ops/run.ts';
import type { Outcome } from '../ops/unit.ts';
import type { Services } from '../services.ts';
import type { UnitResult } from '../tasks/store.ts';
import { Code } from '../webapi/codes.ts';
import type { ErrorCode } from '../webapi/codes.ts';

export type BatchMethod = 'move' | 'copy' | 'delete';
type Strategy = 'ask' | 'rename' | 'overwrite' | 'ignore';

export interface BatchUnit {
  seq: number;
  source: string;
  dest: string | null;
  name: string | null;
  duplicate: string | null;
  /** An album copy's target, noted before it starts so a resumed task continues into it. */
  path: string | null;
}

export interface ExecuteContext {
  services: Services;
  user: User | null;
  method: BatchMethod;
  signal: AbortSignal;
  /** Called once per unit that ends; inside the engine's commit for units that changed something. */
  record(seq: number, result: UnitResult): void;
  /** Persists an album copy's chosen target before the copy starts (tasks only). */
  note?(seq: number, path: string): void;
  /**
   * Folder contents known from earlier groups of the same task. Re-reading a destination that
   * holds 100 000 files costs ~35 ms of main-thread time per group; a name taken meanwhile by
   * someone else is still caught by the unit's disk step (a 409, never an overwrite).
   */
  names?: FolderNames;
  /** The journaled form of `record(seq, result)`, for recovery to record after a crash (tasks only). */
  receipt?(seq: number, result: UnitResult): unknown;
}

/** A unit's result, recorded when the unit commits, or by recovery if a crash came first. */
function recording(ctx: ExecuteContext, seq: number, result: UnitResult): { onCommit: () => void; receipt: unknown } {
  return { onCommit: () => ctx.record(seq, result), receipt: ctx.receipt?.(seq, result) };
}

const fail = (status: 403 | 404 | 409 | 500, error: ErrorCode): UnitResult => ({ status, error, new_id: null, path: null });
const conflict = () => fail(409, Code.BatchConflict);

function engineFailure(o: Outcome, notFound: ErrorCode): UnitResult {
  const code = o.state === 'failed' ? (o.error as NodeJS.ErrnoException)?.code : undefined;
  if (notThere(o)) return fail(404, notFound);
  if (code === 'EEXIST' || code === 'ENOTEMPTY') return conflict();
  return fail(500, Code.Unknown);
}

/**
 * Album lookups of one group of units: thousands of units usually share a few albums, and the
 * symlink check is several file-system round trips, which under load cost an event-loop turn
 * each. Album units change albums, so they empty it. A stale entry is harmless: the disk step
 * of a unit whose source or destination went away fails (404) rather than acting elsewhere.
 */
class AlbumLookup {
  readonly #engine: Engine;
  readonly #seen = new Map<string, AlbumRow | undefined>();

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  async get(path: string): Promise<AlbumRow | undefined> {
    if (!this.#seen.has(path)) this.#seen.set(path, await this.#engine.lib.usableAlbum(path));
    return this.#seen.get(path);
  }

  forget(): void {
    this.#seen.clear();
  }
}

/** True unless a symlink is on the way to `path` (which may not exist yet). */
async function usableFolder(engine: Engine, path: string): Promise<boolean> {
  try {
    await engine.lib.disk.safe(path);
    return true;
  } catch (err) {
    if (err instanceof UnsafePathError) return false;
    throw err;
  }
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs Batch units (SPEC §12) on the move/copy engine: each source becomes journaled units with
 * the clash rules of SPEC §9 (`ask` and `ignore` leave it and answer 409/604, `rename` takes the
 * first free `name (n)`, `overwrite` replaces a file (to the trash) or merges into an album). An
 * album never replaces an item nor the other way round. Results are recorded through
 * `ctx.record`, inside the engine's commit when the unit changed something.
 */
export async function executeUnits(ctx: ExecuteContext, units: BatchUnit[]): Promise<void> {
  const engine = ctx.services.ops.engine;
  const run = new OperationRun(engine, ctx.signal);
  const names = ctx.names ?? new FolderNames((rel) => engine.disk.abs(rel));
  const albums = new AlbumLookup(engine);
  for (const unit of units) {
    if (run.stopped) break;
    if (isAlbumId(unit.source)) {
      albums.forget();
      await albumUnit(ctx, run, names, unit);
      albums.forget();
    } else await itemUnit(ctx, run, names, albums, unit);
  }
  await run.flush();
}

async function destination(albums: AlbumLookup, unit: BatchUnit): Promise<AlbumRow | undefined> {
  return albums.get(decodeAlbumId(unit.dest ?? ''));
}

async function itemUnit(ctx: ExecuteContext, run: OperationRun, names: FolderNames, albums: AlbumLookup, unit: BatchUnit): Promise<void> {
  const { engine } = run;
  const { rights, items } = engine.lib;
  const ref = decodeItemId(unit.source);
  const album = await albums.get(ref.albumPath);
  const row = album && items.get(album.id, ref.name);
  if (!album || !row) return ctx.record(unit.seq, fail(404, Code.PhotoBadParams));
  const src = childPath(ref.albumPath, ref.name);

  if (ctx.method === 'delete') {
    if (!rights.granted(ctx.user, album).manage) return ctx.record(unit.seq, fail(403, Code.PhotoAccessDeny));
    await names.set(ref.albumPath, ref.name, undefined);
    return run.add(
      { kind: 'item-trash', src, dst: engine.trash.storedName(ref.name), ...recording(ctx, unit.seq, { status: 204, new_id: null, path: src }) },
      (o) => o.state === 'failed' && ctx.record(unit.seq, engineFailure(o, Code.PhotoBadParams)),
    );
  }

  const dest = await destination(albums, unit);
  if (!dest) return ctx.record(unit.seq, fail(404, Code.PhotoBadParams));
  const move = ctx.method === 'move';
  const allowed = rights.granted(ctx.user, dest).upload && (move ? rights.granted(ctx.user, album).manage : (await rights.of(ctx.user, album)).browse);
  if (!allowed) return ctx.record(unit.seq, fail(403, Code.PhotoAccessDeny));

  let name = unit.name ?? ref.name;
  if (move && album.id === dest.id && name === ref.name) return ctx.record(unit.seq, { status: 204, new_id: unit.source, path: src });
  const strategy = (unit.duplicate ?? 'rename') as Strategy;
  const there = (await names.of(dest.path)).get(name);
  let trash: string | null = null;
  let renamed = false;
  if (there !== undefined) {
    if (strategy === 'rename') {
      name = await names.free(dest.path, name, true);
      renamed = true;
    } else if (strategy === 'overwrite' && there === 'file') {
      // Replacing an item destroys it: that takes manage on the destination (as an upload's overwrite does).
      if (!rights.granted(ctx.user, dest).manage) return ctx.record(unit.seq, fail(403, Code.PhotoAccessDeny));
      trash = engine.trash.storedName(name);
    } else return ctx.record(unit.seq, conflict());
  }
  await names.set(dest.path, name, 'file');
  if (move) await names.set(ref.albumPath, ref.name, undefined);
  const dst = childPath(dest.path, name);
  const result: UnitResult = { status: renamed ? 200 : 204, new_id: itemId(dest.path, name, ref.kind), path: dst };
  await run.add(
    { kind: move ? 'item-move' : 'item-copy', src, dst, trash, row: move ? row.id : undefined, ...recording(ctx, unit.seq, result) },
    (o) => o.state === 'failed' && ctx.record(unit.seq, engineFailure(o, Code.PhotoBadParams)),
  );
}

async function albumUnit(ctx: ExecuteContext, run: OperationRun, names: FolderNames, unit: BatchUnit): Promise<void> {
  const { engine } = run;
  const { rights } = engine.lib;
  const srcPath = decodeAlbumId(unit.source);
  const album = await engine.lib.usableAlbum(srcPath);
  if (!album) return ctx.record(unit.seq, fail(404, Code.BadRequest));

  if (ctx.method === 'delete') {
    if (!rights.granted(ctx.user, album).manage) return ctx.record(unit.seq, fail(403, Code.AlbumNoManageRight));
    await names.set(parentPath(srcPath), album.name, undefined);
    return run.add(
      { kind: 'album-trash', src: srcPath, dst: engine.trash.storedName(album.name), ...recording(ctx, unit.seq, { status: 204, new_id: null, path: srcPath }) },
      (o) => o.state === 'failed' && ctx.record(unit.seq, engineFailure(o, Code.BadRequest)),
    );
  }

  const dest = await engine.lib.usableAlbum(decodeAlbumId(unit.dest ?? ''));
  if (!dest) return ctx.record(unit.seq, fail(404, Code.PhotoBadParams));
  const move = ctx.method === 'move';
  const allowed = rights.granted(ctx.user, dest).upload && (move ? rights.granted(ctx.user, album).manage : (await rights.of(ctx.user, album)).browse);
  if (!allowed) return ctx.record(unit.seq, fail(403, Code.AlbumNoManageRight));
  // An album cannot go into itself or below itself.
  if (isWithin(dest.path, srcPath)) return ctx.record(unit.seq, fail(409, Code.AlbumSelectConflict));

  let name = unit.name ?? album.name;
  if (move && parentPath(srcPath) === dest.path && name === album.name) return ctx.record(unit.seq, { status: 204, new_id: unit.source, path: srcPath });
  const strategy = (unit.duplicate ?? 'rename') as Strategy;
  // A resumed copy goes on into the target it chose before the crash.
  let target = unit.path ?? undefined;
  let renamed = target !== undefined && baseName(target) !== name;
  let into = false;
  if (target === undefined) {
    const there = (await names.of(dest.path)).get(name);
    if (there !== undefined) {
      if (strategy === 'rename') {
        name = await names.free(dest.path, name, false);
        renamed = true;
      } else if (strategy === 'overwrite' && there === 'dir') into = true;
      else return ctx.record(unit.seq, conflict());
    }
    target = childPath(dest.path, name);
    await names.set(dest.path, name, 'dir');
  }
  const result: UnitResult = { status: renamed ? 200 : 204, new_id: albumId(target), path: target };

  if (move && !into) {
    return run.add(
      { kind: 'album-move', src: srcPath, dst: target, ...recording(ctx, unit.seq, result) },
      (o) => o.state === 'failed' && ctx.record(unit.seq, engineFailure(o, Code.BadRequest)),
    );
  }
  await run.flush();
  if (move) {
    // `overwrite` onto an album of that name merges (SPEC §9); running it again after a crash
    // finds only what is left to move, so it is safe to resume. The result lands with the
    // merge's last unit (the emptied source's removal), or with recovery if a crash came first.
    const outcome = await merge(run, names, srcPath, target, [], recording(ctx, unit.seq, result));
    if (!outcome.finished) return;
    return ctx.record(unit.seq, outcome.all ? result : conflict());
  }
  ctx.note?.(unit.seq, target);
  const replaces = rights.granted(ctx.user, dest).manage;
  // A resumed copy under the album's own name with `overwrite` may have been a merge: what it had
  // not yet replaced is still there and must be replaced now (the crash test's sweep found such
  // files left as they were, the unit answering 204). Renamed, it was a fresh album.
  const merging = strategy === 'overwrite' && replaces && !renamed;
  const mode: CopyMode = unit.path !== null ? (merging ? 'resume-merge' : 'resume') : into ? (replaces ? 'merge' : 'fill') : 'fresh';
  const complete = await copyAlbum(run, names, album, target, mode);
  if (complete) ctx.record(unit.seq, result);
}

const PAGE = 1000;

/**
 * How a copy meets names already in its target: `fresh` (a new album: none), `merge` (onto an
 * existing album with `overwrite`: files are replaced, the old ones to the trash), `fill` (the
 * same without the manage right to replace: existing files are left), `resume` (a task resumed
 * after a crash: a name present is a copy made before it, so it is left), `resume-merge` (a
 * resumed copy that may have been a merge: a file present is left only if it is the source's
 * copy, else replaced).
 */
type CopyMode = 'fresh' | 'merge' | 'fill' | 'resume' | 'resume-merge';

/**
 * Whether the file at `dst` is a copy of `src`: an item copy keeps the source's size and
 * modification time (utimes, millisecond precision), which a file that was there before almost
 * never shares; when it does, both hold the same picture and leaving it loses nothing.
 */
async function copied(engine: Engine, src: string, dst: string): Promise<boolean> {
  try {
    const [a, b] = await Promise.all([lstat(engine.disk.abs(src)), lstat(engine.disk.abs(dst))]);
    return a.isFile() && b.isFile() && a.size === b.size && Math.abs(a.mtimeMs - b.mtimeMs) < 2;
  } catch {
    return true; // one of them is gone: nothing to replace (a unit would fail with 404)
  }
}

/**
 * Copies an album's subtree into `target` (created as needed): folders and rows first, then one
 * item-copy unit per item. Answers whether it ran to its end (a stop leaves what was copied).
 */
async function copyAlbum(run: OperationRun, names: FolderNames, album: AlbumRow, target: string, mode: CopyMode): Promise<boolean> {
  const { engine } = run;
  const { lib } = engine;
  // Only the rows there when the copy starts (issue #11): an album copied onto itself (its parent
  // as destination, `overwrite`) replaces each file by its copy, and the copy's row is new, with a
  // higher id. Paging on `id > last` alone met those rows once an engine batch had committed them
  // (a subtree over 200 items) and copied the copies again, without end, filling the trash.
  const upTo = lib.db.prepare('SELECT coalesce(max(id), 0) FROM items').pluck().get() as number;
  const page = lib.db.prepare<[number, number, number], { id: number; name: string; kind: ItemKind }>(
    `SELECT id, name, kind FROM items WHERE album_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ${PAGE}`,
  );
  for (const source of lib.albums.subtree(album.path)) {
    if (run.stopped) return false;
    const rel = source.path.slice(album.path.length);
    const folder = target + rel;
    // A source folder swapped for a link since the check, or a target folder that is a link (or
    // lies below one), is left alone with its contents: mkdir and the copies would go through it.
    if (!(await usableFolder(engine, source.path)) || !(await usableFolder(engine, folder))) continue;
    await mkdir(engine.disk.abs(folder), { recursive: true });
    lib.db.transaction(() => {
      const fresh = lib.albums.byPath(folder) === undefined;
      const row = engine.changes.ensureAlbum(folder);
      if (fresh) lib.changes.record('CREATE', 'album', albumId(folder), { from: albumId(source.path) });
      if (mode === 'fresh') lib.albums.update(row.id, { title: source.title, description: source.description });
    })();
    engine.changes.forgetAlbums();
    let last = 0;
    for (;;) {
      const rows = page.all(source.id, last, upTo);
      if (rows.length === 0) break;
      last = (rows[rows.length - 1] as { id: number }).id;
      for (const item of rows) {
        if (run.stopped) return false;
        const there = (await names.of(folder)).get(item.name);
        const src = childPath(source.path, item.name);
        const dst = childPath(folder, item.name);
        if (there === 'dir') continue;
        if (there === 'file' && mode !== 'merge' && (mode !== 'resume-merge' || (await copied(engine, src, dst)))) continue;
        const trash = there === 'file' ? engine.trash.storedName(item.name) : null;
        await names.set(folder, item.name, 'file');
        await run.add({ kind: 'item-copy', src, dst, trash }, () => {});
      }
      await yieldToLoop();
    }
  }
  await run.flush();
  return !run.stopped;
}
