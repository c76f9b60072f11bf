import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { IdError, childPath, decodeAlbumId, decodeItemId, decoded, itemId } from '../library/ids.ts';
import type { ItemRef } from '../library/ids.ts';
import { DomainError } from '../errors.ts';
import type { Strategy } from './clash.ts';
import type { Engine } from './engine.ts';
import { mayTransfer } from './guards.ts';
import { FolderNames } from './names.ts';
import { place } from './place.ts';
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

/** Decodes item ids and finds them in the index. Distinct, in the order given. */
export async function findItems(engine: Engine, ids: string[]): Promise<ItemSource[]> {
  const out: ItemSource[] = [];
  const seen = new Set<string>();
  // Thousands of items usually share a few albums: check each album path once and read its item names once.
  const albums = new Map<string, AlbumRow | undefined>();
  const rows = new Map<number, Map<string, number>>();
  for (const [i, id] of ids.entries()) {
    // Checking 100 000 ids takes longer than 50 ms: let other requests in now and then.
    if (i % 500 === 499) await yieldToLoop();
    const ref = decoded('Expected item ids', () => decodeItemId(id));
    const key = childPath(ref.albumPath, ref.name);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!albums.has(ref.albumPath)) albums.set(ref.albumPath, await engine.lib.usableAlbum(ref.albumPath));
    const album = albums.get(ref.albumPath);
    if (album && !rows.has(album.id)) rows.set(album.id, engine.lib.items.idsByName(album.id));
    const row = album && rows.get(album.id)?.get(ref.name);
    if (!album || row === undefined) throw new DomainError('not-found', 'An item does not exist');
    out.push({ id, ref, album, row });
  }
  return out;
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

/** Plans one item's copy or move with the clash rule of SPEC §9 and adds its unit to the run. */
export async function transferItem(run: OperationRun, names: FolderNames, t: ItemTransfer, rec: Recorder): Promise<void> {
  const src = childPath(t.ref.albumPath, t.ref.name);
  // Moving an item onto itself: nothing to do.
  if (t.move && t.album.id === t.dest.id && t.name === t.ref.name) return rec.record(done(t.id, t.id, false, src));
  const there = (await names.of(t.dest.path)).get(t.name);
  if (there === 'file' && t.strategy === 'overwrite' && !t.mayReplace()) return rec.record(refused(t.id, 'no-manage'));
  const p = await place(names, t.dest.path, t.name, 'file', t.strategy, false);
  if (p.decision === 'skip') return rec.record(skipped(t.id));
  if (t.move) await names.set(t.ref.albumPath, t.ref.name, undefined);
  const dst = childPath(t.dest.path, p.name);
  const trash = p.decision === 'replace' ? run.engine.trash.storedName(p.name) : null;
  const unit = { kind: t.move ? 'item-move' : 'item-copy', src, dst, trash, row: t.move ? t.row : undefined } as const;
  await run.addFor(unit, done(t.id, itemId(t.dest.path, p.name, t.ref.kind), p.decision === 'rename', dst), rec);
}

/** Copies or moves each item into the destination (Photo.copy). */
export async function copyItems(run: OperationRun, plan: CopyPlan): Promise<ItemResult[]> {
  const names = new FolderNames((rel) => run.engine.disk.abs(rel));
  const results: (ItemResult | undefined)[] = plan.sources.map(() => undefined);
  for (const [i, s] of plan.sources.entries()) {
    if (run.stopped) break;
    // Photo.copy checked the rights up front, replacing included (SPEC §10 has no manage check for it).
    await transferItem(run, names, { ...s, dest: plan.dest, name: s.ref.name, strategy: plan.duplicate, move: plan.move, mayReplace: always }, collect(results, i));
  }
  await run.flush();
  return results.filter((r): r is ItemResult => r !== undefined);
}
