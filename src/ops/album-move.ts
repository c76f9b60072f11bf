import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { IdError, albumId, baseName, childPath, decodeAlbumId, isWithin, itemId, parentPath } from '../library/ids.ts';
import { Code, WebApiError } from '../webapi/codes.ts';
import type { Engine } from './engine.ts';
import { destinationAlbum } from './item-copy.ts';
import { FolderNames } from './names.ts';
import { done, failed, skipped } from './results.ts';
import type { ItemResult } from './results.ts';
import type { OperationRun } from './run.ts';
import type { Unit } from './unit.ts';

export interface AlbumMovePlan {
  /** Distinct sources in the order given. */
  sources: { id: string; album: AlbumRow }[];
  dest: AlbumRow;
  overwrite: boolean;
}


/**
 * Every check of SPEC §10, in the seed's order, before anything moves: a request refused here
 * changes nothing.
 */
export async function checkAlbumMove(engine: Engine, user: User, ids: string[] | undefined, sharepath: string | undefined, duplicate: string | undefined): Promise<AlbumMovePlan> {
  if (!ids || ids.length === 0) throw new WebApiError(Code.BadRequest, 'Expected `id`');
  const paths = ids.map((id) => {
    try {
      return decodeAlbumId(id);
    } catch (err) {
      if (err instanceof IdError) throw new WebApiError(Code.BadRequest, `Expected album ids in \`id\`: ${err.message}`);
      throw err;
    }
  });
  const sources: AlbumMovePlan['sources'] = [];
  const seen = new Set<string>();
  for (const [i, path] of paths.entries()) {
    const album = await engine.lib.usableAlbum(path);
    if (!album) throw new WebApiError(Code.BadRequest, 'A source album does not exist');
    if (!seen.has(path)) sources.push({ id: ids[i] as string, album });
    seen.add(path);
  }
  if (sharepath === undefined) throw new WebApiError(Code.BadRequest, 'Expected `sharepath`');
  const dest = await destinationAlbum(engine, sharepath);
  if (duplicate === undefined) throw new WebApiError(Code.BadRequest, 'Expected `duplicate`');
  const rights = engine.lib.rights;
  if (!rights.granted(user, dest).upload || sources.some((s) => !rights.granted(user, s.album).manage)) {
    throw new WebApiError(Code.AlbumNoManageRight, 'Needs manage on each source and upload on the destination');
  }
  if (sources.some((s) => isWithin(dest.path, s.album.path))) throw new WebApiError(Code.AlbumSelectConflict, 'A source is the destination or one of its ancestors');
  return { sources, dest, overwrite: duplicate === 'overwrite' };
}

/**
 * Moves the sources under the destination (SPEC §9, §10): one album-move unit per source, or a
 * recursive merge with `overwrite` when an album of that name is there. Answers one result per
 * distinct source and the ids skipped for a name clash.
 */
export async function moveAlbums(run: OperationRun, plan: AlbumMovePlan): Promise<{ items: ItemResult[]; skip: string[] }> {
  const { engine } = run;
  const names = new FolderNames((rel) => engine.disk.abs(rel));
  const skip: string[] = [];
  const results = new Map<string, ItemResult>();
  // A source inside another listed source moves with it.
  const top = plan.sources.filter((s) => !plan.sources.some((o) => o !== s && o.album.path !== s.album.path && isWithin(s.album.path, o.album.path)));
  const newPath = new Map<string, string>();

  for (const s of top) {
    if (run.stopped) break;
    const src = s.album.path;
    const target = childPath(plan.dest.path, s.album.name);
    if (parentPath(src) === plan.dest.path) {
      results.set(s.id, done(s.id, s.id));
      newPath.set(src, src);
      continue;
    }
    const there = (await names.of(plan.dest.path)).get(s.album.name);
    if (there === undefined) {
      await names.set(plan.dest.path, s.album.name, 'dir');
      await run.add({ kind: 'album-move', src, dst: target }, (o) => {
        if (o.state === 'done') {
          results.set(s.id, done(s.id, albumId(target)));
          newPath.set(src, target);
        } else if (o.state === 'failed') results.set(s.id, failed(s.id, o, Code.BadRequest));
      });
    } else if (there === 'dir' && plan.overwrite) {
      await run.flush();
      const clean = await merge(run, names, src, target, skip);
      if (run.stopped && !clean.finished) continue;
      results.set(s.id, clean.all ? done(s.id, albumId(target)) : skipped(s.id));
      newPath.set(src, target);
    } else {
      skip.push(s.id);
      results.set(s.id, skipped(s.id));
    }
  }
  await run.flush();

  const items: ItemResult[] = [];
  for (const s of plan.sources) {
    const own = results.get(s.id);
    if (own) {
      if (!items.some((r) => r.id === s.id)) items.push(own);
      continue;
    }
    const ancestor = top.find((o) => isWithin(s.album.path, o.album.path));
    const moved = ancestor && newPath.get(ancestor.album.path);
    if (moved !== undefined && ancestor) items.push(done(s.id, albumId(moved + s.album.path.slice(ancestor.album.path.length))));
    else if (ancestor && results.get(ancestor.id)?.status === 409) {
      skip.push(s.id);
      items.push(skipped(s.id));
    }
  }
  return { items, skip };
}

/**
 * Moves every child of `src` into the existing album `dst` with the same rules, then removes the
 * emptied `src`. Answers whether everything went in (`all`) and whether the merge ran to its end.
 * `last` rides on that final removal, the merge's last unit: a Batch task records the merge's
 * result there, so a crash after the removal (which leaves nothing to merge, not even `src`)
 * cannot turn a merge that happened into a 404 when the task resumes.
 */
export async function merge(run: OperationRun, names: FolderNames, src: string, dst: string, skip: string[], last?: Pick<Unit, 'onCommit' | 'receipt'>): Promise<{ all: boolean; finished: boolean }> {
  const { engine } = run;
  const { albums, db } = engine.lib;
  const album = albums.byPath(src);
  if (!album) return { all: false, finished: true };
  let all = true;
  const items = db.prepare<[number], { name: string; kind: 'photo' | 'video' }>('SELECT name, kind FROM items WHERE album_id = ? ORDER BY name').all(album.id);
  for (const item of items) {
    if (run.stopped) return { all: false, finished: false };
    const there = (await names.of(dst)).get(item.name);
    if (there === 'dir') {
      skip.push(itemId(src, item.name, item.kind));
      all = false;
      continue;
    }
    const trash = there === 'file' ? engine.trash.storedName(item.name) : null;
    await names.set(dst, item.name, 'file');
    await run.add({ kind: 'item-move', src: childPath(src, item.name), dst: childPath(dst, item.name), trash }, (o) => {
      if (o.state !== 'done') all = false;
    });
  }
  for (const child of albums.children(album.id)) {
    if (run.stopped) return { all: false, finished: false };
    const there = (await names.of(dst)).get(child.name);
    if (there === 'file') {
      skip.push(albumId(child.path));
      all = false;
    } else if (there === 'dir') {
      await run.flush();
      const inner = await merge(run, names, child.path, childPath(dst, child.name), skip);
      if (!inner.finished) return { all: false, finished: false };
      all &&= inner.all;
    } else {
      await names.set(dst, child.name, 'dir');
      await run.add({ kind: 'album-move', src: child.path, dst: childPath(dst, child.name) }, (o) => {
        if (o.state !== 'done') all = false;
      });
    }
  }
  await run.flush();
  if (run.stopped) return { all: false, finished: false };
  if (!all) return { all, finished: true };
  // Everything indexed has gone in; what is left in the folder (sidecars, hidden files) goes to the trash with it.
  await run.add({ kind: 'album-drop', src, dst: engine.trash.storedName(baseName(src)), ...last }, (o) => {
    if (o.state !== 'done') all = false;
  });
  await run.flush();
  return { all, finished: true };
}
