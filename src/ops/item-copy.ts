import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { IdError, childPath, decodeAlbumId, decodeItemId, itemId } from '../library/ids.ts';
import type { ItemRef } from '../library/ids.ts';
import { Code, WebApiError } from '../webapi/codes.ts';
import type { Engine } from './engine.ts';
import { FolderNames } from './names.ts';
import { done, failed, skipped } from './results.ts';
import type { ItemResult } from './results.ts';
import type { OperationRun } from './run.ts';

export type Duplicate = 'rename' | 'ignore' | 'overwrite';

export interface ItemSource {
  id: string;
  ref: ItemRef;
  album: AlbumRow;
  /** Index row id, a hint for the commit (checked there against album and name). */
  row: number;
}

export interface CopyPlan {
  sources: ItemSource[];
  dest: AlbumRow;
  move: boolean;
  duplicate: Duplicate;
}


/** Decodes item ids and finds them in the index; `bad` is the API's BAD_PARAMS code. Distinct, in the order given. */
export async function findItems(engine: Engine, ids: string[], bad: typeof Code.PhotoBadParams): Promise<ItemSource[]> {
  const out: ItemSource[] = [];
  const seen = new Set<string>();
  // Thousands of items usually share a few albums: check each album path once and read its item names once.
  const albums = new Map<string, AlbumRow | undefined>();
  const rows = new Map<number, Map<string, number>>();
  const namesOf = engine.lib.db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM items WHERE album_id = ?');
  for (const [i, id] of ids.entries()) {
    // Checking 100 000 ids takes longer than 50 ms: let other requests in now and then.
    if (i % 500 === 499) await new Promise<void>((resolve) => setImmediate(resolve));
    let ref: ItemRef;
    try {
      ref = decodeItemId(id);
    } catch (err) {
      if (err instanceof IdError) throw new WebApiError(bad, `Expected item ids: ${err.message}`);
      throw err;
    }
    const key = childPath(ref.albumPath, ref.name);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!albums.has(ref.albumPath)) albums.set(ref.albumPath, await engine.lib.usableAlbum(ref.albumPath));
    const album = albums.get(ref.albumPath);
    if (album && !rows.has(album.id)) rows.set(album.id, new Map(namesOf.all(album.id).map((r) => [r.name, r.id])));
    const row = album && rows.get(album.id)?.get(ref.name);
    if (!album || row === undefined) throw new WebApiError(bad, 'An item does not exist');
    out.push({ id, ref, album, row });
  }
  return out;
}

/** The album a `sharepath` names, usable on disk; 456 otherwise (Album.move and Photo.copy alike). */
export async function destinationAlbum(engine: Engine, sharepath: string): Promise<AlbumRow> {
  let destPath: string;
  try {
    destPath = decodeAlbumId(sharepath);
  } catch (err) {
    if (err instanceof IdError) throw new WebApiError(Code.PhotoBadParams, `Bad destination: ${err.message}`);
    throw err;
  }
  const dest = await engine.lib.usableAlbum(destPath);
  if (!dest) throw new WebApiError(Code.PhotoBadParams, 'The destination album does not exist');
  return dest;
}

/** The checks of SPEC §10 for Photo.copy, before anything is copied or moved: 456, 457, 458. */
export async function checkCopy(engine: Engine, user: User, ids: string[], sharepath: string, mode: 'copy' | 'move', duplicate: Duplicate): Promise<CopyPlan> {
  const sources = await findItems(engine, ids, Code.PhotoBadParams);
  const dest = await destinationAlbum(engine, sharepath);
  const rights = engine.lib.rights;
  if (!rights.granted(user, dest).upload) throw new WebApiError(Code.PhotoAccessDeny, 'Needs upload on the destination');
  for (const s of sources) {
    const ok = mode === 'move' ? rights.granted(user, s.album).manage : (await rights.of(user, s.album)).browse;
    if (!ok) throw new WebApiError(Code.PhotoAccessDeny, mode === 'move' ? 'Needs manage on the item\'s album' : 'Needs browse on the item');
  }
  if (duplicate !== 'rename' && sources.some((s) => s.album.id === dest.id)) throw new WebApiError(Code.PhotoSelectConflict, 'The source album is the destination');
  return { sources, dest, move: mode === 'move', duplicate };
}

/** Copies or moves each item into the destination with the clash rules of SPEC §9. */
export async function copyItems(run: OperationRun, plan: CopyPlan): Promise<ItemResult[]> {
  const { engine } = run;
  const names = new FolderNames((rel) => engine.disk.abs(rel));
  const results: (ItemResult | undefined)[] = plan.sources.map(() => undefined);
  const destPath = plan.dest.path;
  for (const [i, s] of plan.sources.entries()) {
    if (run.stopped) break;
    // Moving an item into the album it is in already: nothing to do.
    if (plan.move && s.album.id === plan.dest.id) {
      results[i] = done(s.id, s.id);
      continue;
    }
    const there = (await names.of(destPath)).get(s.ref.name);
    let name = s.ref.name;
    let trash: string | null = null;
    if (there !== undefined) {
      if (plan.duplicate === 'rename') name = await names.free(destPath, s.ref.name, true);
      else if (plan.duplicate === 'overwrite' && there === 'file') trash = engine.trash.storedName(s.ref.name);
      else {
        // `ignore`, or an album of that name: an item never overwrites an album.
        results[i] = skipped(s.id);
        continue;
      }
    }
    await names.set(destPath, name, 'file');
    const renamed = name !== s.ref.name;
    const unit = { kind: plan.move ? 'item-move' : 'item-copy', src: childPath(s.ref.albumPath, s.ref.name), dst: childPath(destPath, name), trash, row: s.row } as const;
    await run.add(unit, (o) => {
      if (o.state === 'done') results[i] = done(s.id, itemId(destPath, name, s.ref.kind), renamed);
      else if (o.state === 'failed') results[i] = failed(s.id, o, Code.PhotoBadParams);
    });
  }
  await run.flush();
  return results.filter((r): r is ItemResult => r !== undefined);
}
