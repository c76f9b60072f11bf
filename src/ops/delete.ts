import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { IdError, baseName, childPath, decodeAlbumId, isWithin } from '../library/ids.ts';
import { UnsafePathError } from '../library/disk.ts';
import { Code, WebApiError } from '../webapi/codes.ts';
import type { Engine } from './engine.ts';
import { findItems } from './item-copy.ts';
import type { ItemSource } from './item-copy.ts';
import { done, failed } from './results.ts';
import type { ItemResult } from './results.ts';
import type { OperationRun } from './run.ts';

/** Photo.delete checks: 456 for a bad or unknown id, 457 without manage on an item's album. */
export async function checkItemDelete(engine: Engine, user: User, ids: string[]): Promise<ItemSource[]> {
  const sources = await findItems(engine, ids, Code.PhotoBadParams);
  if (sources.some((s) => !engine.lib.rights.granted(user, s.album).manage)) throw new WebApiError(Code.PhotoAccessDeny, 'Needs manage on the item\'s album');
  return sources;
}

/** Album.delete checks: 101 for a bad or unknown id (or the root), 419 without manage on each. */
export async function checkAlbumDelete(engine: Engine, user: User, ids: string[]): Promise<{ id: string; album: AlbumRow }[]> {
  const out: { id: string; album: AlbumRow }[] = [];
  for (const id of ids) {
    let path: string;
    try {
      path = decodeAlbumId(id);
    } catch (err) {
      if (err instanceof IdError) throw new WebApiError(Code.BadRequest, `Expected album ids: ${err.message}`);
      throw err;
    }
    if (path === '') throw new WebApiError(Code.BadRequest, 'The root album cannot be deleted');
    const album = engine.lib.albums.byPath(path);
    try {
      await engine.lib.disk.safe(path);
    } catch (err) {
      if (!(err instanceof UnsafePathError)) throw err;
      throw new WebApiError(Code.BadRequest, 'A source album is not usable');
    }
    if (!album) throw new WebApiError(Code.BadRequest, 'An album does not exist');
    if (!out.some((o) => o.album.id === album.id)) out.push({ id, album });
  }
  if (out.some((o) => !engine.lib.rights.granted(user, o.album).manage)) throw new WebApiError(Code.AlbumNoManageRight, 'Needs manage on each album');
  return out;
}

/** Moves each item to the trash, one unit each. */
export async function deleteItems(run: OperationRun, sources: ItemSource[]): Promise<ItemResult[]> {
  const results: (ItemResult | undefined)[] = sources.map(() => undefined);
  for (const [i, s] of sources.entries()) {
    if (run.stopped) break;
    await run.add({ kind: 'item-trash', src: childPath(s.ref.albumPath, s.ref.name), dst: run.engine.trash.storedName(s.ref.name) }, (o) => {
      if (o.state === 'done') results[i] = done(s.id, null);
      else if (o.state === 'failed') results[i] = failed(s.id, o, Code.PhotoBadParams);
    });
  }
  await run.flush();
  return results.filter((r): r is ItemResult => r !== undefined);
}

/** Moves each album (with everything in it) to the trash: one rename each. Albums inside another listed one go with it. */
export async function deleteAlbums(run: OperationRun, sources: { id: string; album: AlbumRow }[]): Promise<ItemResult[]> {
  const results = new Map<string, ItemResult>();
  const top = sources.filter((s) => !sources.some((o) => o !== s && o.album.path !== s.album.path && isWithin(s.album.path, o.album.path)));
  for (const s of top) {
    if (run.stopped) break;
    await run.add({ kind: 'album-trash', src: s.album.path, dst: run.engine.trash.storedName(baseName(s.album.path)) }, (o) => {
      if (o.state === 'done') results.set(s.id, done(s.id, null));
      else if (o.state === 'failed') results.set(s.id, failed(s.id, o, Code.BadRequest));
    });
  }
  await run.flush();
  return sources.flatMap((s) => {
    const own = results.get(s.id);
    if (own) return [own];
    const ancestor = top.find((o) => isWithin(s.album.path, o.album.path) && results.get(o.id)?.status === 204);
    return ancestor ? [done(s.id, null)] : [];
  });
}
