import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { IdError, childPath, decodeAlbumId, decoded, itemId, itemIdDecoder } from '../library/ids.ts';
import type { ItemRef } from '../library/ids.ts';
import { DomainError } from '../errors.ts';
import type { Strategy } from './clash.ts';
import type { Engine } from './engine.ts';
import { mayTransfer } from './guards.ts';
import { FolderNames } from './names.ts';
import { placeIn } from './place.ts';
import { collect, done, refused, skipped } from './results.ts';
import type { ItemResult, Recorder } from './results.ts';
import type { OperationRun } from './run.ts';
import { yieldToLoop } from '../runtime/yield.ts';

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
  duplicate: Strategy;
}

/** Ids decoded, and looked up in the index, per slice: each slice is one turn of the event loop. */
const ID_SLICE = 500;

/**
 * Decodes item ids and finds them in the index. Distinct, in the order given. An item missing from
 * an album that exists is refused, or handed to `absent` when the caller takes that as no refusal.
 *
 * Each slice of ids looks its names up with one query per album (`Items.named`). Reading an
 * album's every name instead, as this did before, held the event loop for over 100 ms when the
 * album held 100 000 photos (SPEC §10), and for moving three of them as much as for all of them.
 */
export async function findItems(engine: Engine, ids: string[], absent?: (id: string, album: AlbumRow, name: string) => void): Promise<ItemSource[]> {
  const out: ItemSource[] = [];
  const seen = new Set<string>();
  // Thousands of items usually share a few albums: check each album path once.
  const albums = new Map<string, AlbumRow | undefined>();
  const decode = itemIdDecoder();
  for (let start = 0; start < ids.length; start += ID_SLICE) {
    if (start > 0) await yieldToLoop();
    const slice: { id: string; ref: ItemRef; album: AlbumRow | undefined }[] = [];
    // A malformed id refuses the call, after any missing item before it (the order in which the ids are judged).
    let malformed: { error: unknown } | undefined;
    for (const id of ids.slice(start, start + ID_SLICE)) {
      let ref;
      try {
        ref = decoded('Expected item ids', () => decode(id));
      } catch (error) {
        malformed = { error };
        break;
      }
      const key = childPath(ref.albumPath, ref.name);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!albums.has(ref.albumPath)) albums.set(ref.albumPath, await engine.lib.usableAlbum(ref.albumPath));
      const album = albums.get(ref.albumPath);
      slice.push({ id, ref, album });
      // An id in an album that is not there refuses the call: nothing after it is looked at.
      if (!album) break;
    }
    const rows = rowsOf(engine, slice);
    for (const { id, ref, album } of slice) {
      const row = album && rows.get(album.id)?.get(ref.name);
      if (album && row === undefined && absent) {
        absent(id, album, ref.name);
        continue;
      }
      if (!album || row === undefined) throw new DomainError('not-found', 'An item does not exist');
      out.push({ id, ref, album, row });
    }
    if (malformed) throw malformed.error;
  }
  return out;
}

/** The row ids of a slice's items, by album and name: one query per album of the slice. */
function rowsOf(engine: Engine, slice: { ref: ItemRef; album: AlbumRow | undefined }[]): Map<number, Map<string, number>> {
  const names = new Map<number, string[]>();
  for (const { ref, album } of slice) {
    if (!album) continue;
    let list = names.get(album.id);
    if (!list) names.set(album.id, (list = []));
    list.push(ref.name);
  }
  const rows = new Map<number, Map<string, number>>();
  for (const [albumId, list] of names) rows.set(albumId, new Map(engine.lib.items.named(albumId, list).map((k) => [k.name, k.id])));
  return rows;
}

/** The album a `sharepath` names, usable on disk (Album.move and Photo.copy alike). */
export async function destinationAlbum(engine: Engine, sharepath: string): Promise<AlbumRow> {
  let destPath: string;
  try {
    destPath = decodeAlbumId(sharepath);
  } catch (err) {
    if (err instanceof IdError) throw new DomainError('bad-destination', `Bad destination: ${err.message}`);
    throw err;
  }
  const dest = await engine.lib.usableAlbum(destPath);
  if (!dest) throw new DomainError('bad-destination', 'The destination album does not exist');
  return dest;
}

/** The checks of SPEC §10 for Photo.copy, before anything is copied or moved. */
export async function checkCopy(engine: Engine, user: User, ids: string[], sharepath: string, mode: 'copy' | 'move', duplicate: Strategy): Promise<CopyPlan> {
  const sources = await findItems(engine, ids);
  const dest = await destinationAlbum(engine, sharepath);
  const move = mode === 'move';
  // Thousands of sources share a few albums: ask the guard once per album.
  const allowed = new Map<number, boolean>();
  for (const s of sources) {
    if (!allowed.has(s.album.id)) allowed.set(s.album.id, await mayTransfer(engine.lib.rights, user, s.album, dest, move));
    if (!allowed.get(s.album.id)) {
      throw new DomainError(
        move ? 'no-manage' : 'no-access',
        move ? "Needs upload on the destination and manage on the item's album" : 'Needs upload on the destination and browse on the item',
      );
    }
  }
  if (sources.length === 0 && !engine.lib.rights.granted(user, dest).upload) throw new DomainError('no-upload', 'Needs upload on the destination');
  if (duplicate !== 'rename' && sources.some((s) => s.album.id === dest.id)) throw new DomainError('conflict', 'The source album is the destination');
  return { sources, dest, move, duplicate };
}

/** One item going into an album (Photo.copy, Batch): what the planner needs to know. */
export interface ItemTransfer {
  /** The id its result carries. */
  id: string;
  ref: ItemRef;
  album: AlbumRow;
  row?: number;
  dest: AlbumRow;
  /** The name it takes there (Batch may rename), before any clash. */
  name: string;
  strategy: Strategy;
  move: boolean;
  /** Whether the caller may replace a file at the destination (`overwrite`); else that source is refused (403). Asked only on a clash. */
  mayReplace: () => boolean;
}

/** `mayReplace` of a caller whose rights were checked up front (Photo.copy, Album.move): one function, not a closure per item. */
export const always = (): boolean => true;

/**
 * Plans one item's copy or move with the clash rule of SPEC §9 and adds its unit to the run.
 * Once the folders' names are read (the first item), an item is planned without an await, and
 * a promise is answered only when there is something to wait for (a batch to run): 5 000 items
 * made 20 000 trips through the microtask queue before.
 */
export function transferItem(run: OperationRun, names: FolderNames, t: ItemTransfer, rec: Recorder): Promise<void> | undefined {
  const src = childPath(t.ref.albumPath, t.ref.name);
  // Moving an item onto itself: nothing to do.
  if (t.move && t.album.id === t.dest.id && t.name === t.ref.name) {
    rec.record(done(t.id, t.id, false, src));
    return undefined;
  }
  const folder = names.known(t.dest.path);
  const from = t.move ? names.known(t.ref.albumPath) : folder;
  if (!folder || !from) return readFolders(run, names, t, rec);
  const refusal = folder.get(t.name) === 'file' && t.strategy === 'overwrite' && !t.mayReplace() ? refused(t.id, 'no-manage') : undefined;
  const p = refusal ? undefined : placeIn(folder, t.name, 'file', t.strategy, false);
  if (!p || p.decision === 'skip') {
    rec.record(refusal ?? skipped(t.id));
    return undefined;
  }
  if (t.move) from.delete(t.ref.name);
  const dst = childPath(t.dest.path, p.name);
  const trash = p.decision === 'replace' ? run.engine.trash.storedName(p.name) : null;
  const unit = { kind: t.move ? 'item-move' : 'item-copy', src, dst, trash, row: t.move ? t.row : undefined } as const;
  return run.addFor(unit, done(t.id, itemId(t.dest.path, p.name, t.ref.kind), p.decision === 'rename', dst), rec);
}

/** `transferItem` once the folders it plans in are read. */
async function readFolders(run: OperationRun, names: FolderNames, t: ItemTransfer, rec: Recorder): Promise<void> {
  await names.of(t.dest.path);
  // A move frees its source's name there; a copy leaves the source folder unread.
  if (t.move) await names.of(t.ref.albumPath);
  await transferItem(run, names, t, rec);
}

/** Copies or moves each item into the destination (Photo.copy). */
export async function copyItems(run: OperationRun, plan: CopyPlan): Promise<ItemResult[]> {
  const names = new FolderNames((rel) => run.engine.disk.abs(rel));
  const results: (ItemResult | undefined)[] = plan.sources.map(() => undefined);
  for (const [i, s] of plan.sources.entries()) {
    if (run.stopped) break;
    // Photo.copy checked the rights up front, replacing included (SPEC §10 has no manage check for it).
    const adding = transferItem(run, names, { ...s, dest: plan.dest, name: s.ref.name, strategy: plan.duplicate, move: plan.move, mayReplace: always }, collect(results, i));
    if (adding) await adding;
  }
  await run.flush();
  return results.filter((r): r is ItemResult => r !== undefined);
}
