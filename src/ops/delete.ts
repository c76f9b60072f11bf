import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { baseName, childPath, decodeAlbumId, decoded, isWithin, parentPath } from '../library/ids.ts';
import type { ItemRef } from '../library/ids.ts';
import { UnsafePathError } from '../library/disk.ts';
import { DomainError } from '../errors.ts';
import type { Engine } from './engine.ts';
import { mayDelete } from './guards.ts';
import { findItems } from './item-copy.ts';
import { has } from './units/support.ts';
import type { ItemSource } from './item-copy.ts';
import type { FolderNames } from './names.ts';
import { collect, done } from './results.ts';
import type { ItemResult, Recorder } from './results.ts';
import type { OperationRun } from './run.ts';

/**
 * Photo.delete checks: every id an item, manage on each item's album. An item already gone from an
 * album that exists is no refusal but `gone`: Photo Station answers success there, and the
 * Lightroom plugin deletes every video before uploading it, a new one too (PSPhotoStationAPI.lua,
 * `uploadVideoFiles`), failing the upload on any error.
 */
export async function checkItemDelete(engine: Engine, user: User, ids: string[]): Promise<{ sources: ItemSource[]; gone: string[] }> {
  const gone: { id: string; album: AlbumRow; name: string }[] = [];
  const sources = await findItems(engine, ids, (id, album, name) => gone.push({ id, album, name }));
  // Manage on the album of a gone item too, and before the disk is looked at: without it, the
  // answer would tell someone who may not manage the album what it holds.
  if ([...sources, ...gone].some((s) => !mayDelete(engine.lib.rights, user, s.album))) throw new DomainError('no-manage', "Needs manage on the item's album");
  // Only a name free on disk is gone: an entry the index does not hold (a link, say) is still refused.
  if (gone.some((g) => has(engine.disk.abs(childPath(g.album.path, g.name))))) throw new DomainError('not-found', 'An item does not exist');
  return { sources, gone: gone.map((g) => g.id) };
}

/** Album.delete checks: every id an album (not the root), manage on each. */
export async function checkAlbumDelete(engine: Engine, user: User, ids: string[]): Promise<{ id: string; album: AlbumRow }[]> {
  const out: { id: string; album: AlbumRow }[] = [];
  for (const id of ids) {
    const path = decoded('Expected album ids', () => decodeAlbumId(id));
    if (path === '') throw new DomainError('bad-input', 'The root album cannot be deleted');
    const album = engine.lib.albums.byPath(path);
    try {
      await engine.lib.disk.safe(path);
    } catch (err) {
      if (!(err instanceof UnsafePathError)) throw err;
      throw new DomainError('not-found', 'A source album is not usable');
    }
    if (!album) throw new DomainError('not-found', 'An album does not exist');
    if (!out.some((o) => o.album.id === album.id)) out.push({ id, album });
  }
  if (out.some((o) => !mayDelete(engine.lib.rights, user, o.album))) throw new DomainError('no-manage', 'Needs manage on each album');
  return out;
}

/** Plans one item's removal to the trash and adds its unit to the run (Photo.delete, Batch). */
export async function trashItem(run: OperationRun, names: FolderNames | undefined, id: string, ref: ItemRef, rec: Recorder): Promise<void> {
  const src = childPath(ref.albumPath, ref.name);
  await names?.set(ref.albumPath, ref.name, undefined);
  await run.addFor({ kind: 'item-trash', src, dst: run.engine.trash.storedName(ref.name) }, done(id, null, false, src), rec);
}

/** Plans one album's removal (with everything in it) to the trash: one rename (Album.delete, Batch). */
export async function trashAlbum(run: OperationRun, names: FolderNames | undefined, id: string, album: AlbumRow, rec: Recorder): Promise<void> {
  await names?.set(parentPath(album.path), album.name, undefined);
  await run.addFor({ kind: 'album-trash', src: album.path, dst: run.engine.trash.storedName(baseName(album.path)) }, done(id, null, false, album.path), rec);
}

/** Moves each item to the trash, one unit each. */
export async function deleteItems(run: OperationRun, sources: ItemSource[]): Promise<ItemResult[]> {
  const results: (ItemResult | undefined)[] = sources.map(() => undefined);
  for (const [i, s] of sources.entries()) {
    if (run.stopped) break;
    await trashItem(run, undefined, s.id, s.ref, collect(results, i));
  }
  await run.flush();
  return results.filter((r): r is ItemResult => r !== undefined);
}

/** Moves each album to the trash. Albums inside another listed one go with it. */
export async function deleteAlbums(run: OperationRun, sources: { id: string; album: AlbumRow }[]): Promise<ItemResult[]> {
  const top = sources.filter((s) => !sources.some((o) => o !== s && o.album.path !== s.album.path && isWithin(s.album.path, o.album.path)));
  const results: (ItemResult | undefined)[] = top.map(() => undefined);
  for (const [i, s] of top.entries()) {
    if (run.stopped) break;
    await trashAlbum(run, undefined, s.id, s.album, collect(results, i));
  }
  await run.flush();
  const byId = new Map(top.map((s, i) => [s.id, results[i]]));
  return sources.flatMap((s) => {
    const own = byId.get(s.id);
    if (own) return [own];
    const ancestor = top.find((o) => isWithin(s.album.path, o.album.path) && byId.get(o.id)?.status === 204);
    return ancestor ? [done(s.id, null)] : [];
  });
}
