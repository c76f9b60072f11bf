import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { IdError, albumId, decodeAlbumId, isWithin } from '../library/ids.ts';
import { DomainError } from '../errors.ts';
import { transferAlbum } from './album-transfer.ts';
import type { Engine } from './engine.ts';
import { mayTransfer } from './guards.ts';
import { always, destinationAlbum } from './item-copy.ts';
import { FolderNames } from './names.ts';
import { done, skipped } from './results.ts';
import type { ItemResult } from './results.ts';
import type { OperationRun } from './run.ts';

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
  if (!ids || ids.length === 0) throw new DomainError('bad-input', 'Expected `id`');
  const paths = ids.map((id) => {
    try {
      return decodeAlbumId(id);
    } catch (err) {
      if (err instanceof IdError) throw new DomainError('bad-input', `Expected album ids in \`id\`: ${err.message}`);
      throw err;
    }
  });
  const sources: AlbumMovePlan['sources'] = [];
  const seen = new Set<string>();
  for (const [i, path] of paths.entries()) {
    const album = await engine.lib.usableAlbum(path);
    if (!album) throw new DomainError('not-found', 'A source album does not exist');
    if (!seen.has(path)) sources.push({ id: ids[i] as string, album });
    seen.add(path);
  }
  if (sharepath === undefined) throw new DomainError('bad-input', 'Expected `sharepath`');
  const dest = await destinationAlbum(engine, sharepath);
  if (duplicate === undefined) throw new DomainError('bad-input', 'Expected `duplicate`');
  for (const s of sources) {
    if (!(await mayTransfer(engine.lib.rights, user, s.album, dest, true))) throw new DomainError('no-manage', 'Needs manage on each source and upload on the destination');
  }
  if (sources.some((s) => isWithin(dest.path, s.album.path))) throw new DomainError('conflict', 'A source is the destination or one of its ancestors');
  return { sources, dest, overwrite: duplicate === 'overwrite' };
}

/**
 * Moves the sources under the destination (SPEC §9, §10): one album-move unit per source, or a
 * recursive merge with `overwrite` when an album of that name is there. Answers one result per
 * distinct source and the ids skipped for a name clash.
 */
export async function moveAlbums(run: OperationRun, plan: AlbumMovePlan): Promise<{ items: ItemResult[]; skip: string[] }> {
  const names = new FolderNames((rel) => run.engine.disk.abs(rel));
  const skip: string[] = [];
  const results = new Map<string, ItemResult>();
  // A source inside another listed source moves with it.
  const top = plan.sources.filter((s) => !plan.sources.some((o) => o !== s && o.album.path !== s.album.path && isWithin(s.album.path, o.album.path)));
  const newPath = new Map<string, string>();

  for (const s of top) {
    if (run.stopped) break;
    const record = (r: ItemResult) => {
      results.set(s.id, r);
      if (r.reason === null && r.path) newPath.set(s.album.path, r.path);
    };
    const strategy = plan.overwrite ? 'overwrite' : 'ignore';
    const merged = (target: string) => newPath.set(s.album.path, target);
    await transferAlbum(
      run,
      names,
      { id: s.id, album: s.album, dest: plan.dest, name: s.album.name, strategy, move: true, mayReplace: always, skip, merged },
      { record, onCommit: (r) => ({ onCommit: () => record(r) }) },
    );
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
