import type { User } from '../auth/users.ts';
import type { Reason } from '../errors.ts';
import type { AlbumRow } from '../library/albums.ts';
import { albumId, childPath, decodeAlbumId, decodeItemId, isAlbumId, itemId } from '../library/ids.ts';
import type { Strategy } from './clash.ts';
import { crossAlbum } from './cross-album.ts';
import { crossOne } from './cross-unit.ts';
import type { AcrossReceipt, UnitSides } from './cross-unit.ts';
import type { Engine } from './engine.ts';
import { Fault } from './fault.ts';
import { mayReplace } from './guards.ts';
import { FolderNames } from './names.ts';
import { place } from './place.ts';
import { done, refused } from './results.ts';
import type { ItemResult } from './results.ts';

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
  /** An album's target that a resumed task noted: the album continues into it. */
  resumed?: string;
}

/** How a Batch task follows its units: the space holding the task, and where each result goes. */
export interface AcrossHooks {
  signal?: AbortSignal;
  /** The side whose index holds the task: a done unit's result is recorded inside that side's commit. */
  host?: 'from' | 'to';
  /** Once per request that ends, with its index in `requests`. */
  record?(i: number, r: ItemResult): void;
  /** What recovery records for request `i` when a crash comes between its disk step and its commit. */
  receipt?(i: number, r: ItemResult): AcrossReceipt;
  /** An album's target, kept before it starts crossing (a resumed task continues into it). */
  note?(i: number, path: string): void;
}

/**
 * Moves or copies items from `from` to `to`, one unit each (ops/cross-unit.ts), in the order
 * given, until `hooks.signal` stops it (units done stay done, the others are not started).
 * Rights are checked on both sides with each side's rules: moving takes manage on the source
 * album (an album: on itself), copying browse; both take upload on the destination, and
 * `overwrite` manage there, as within one space. Items cross as one unit each
 * (ops/cross-unit.ts), albums as ops/cross-album.ts says. Answers the results of the units that
 * ended.
 */
export async function transferAcross(from: SpaceSide, to: SpaceSide, move: boolean, requests: AcrossRequest[], hooks: AcrossHooks = {}): Promise<ItemResult[]> {
  const names = new FolderNames((rel) => to.engine.disk.abs(rel));
  const fault = new Fault(from.engine.lib.config.faultPoint);
  // Both engines' batch locks, per unit (other work in either space goes on between units),
  // always taken in the same order, so two crossings the other way round cannot wait on each other.
  const [first, second] = from.name < to.name ? [from, to] : [to, from];
  const locked = <T>(work: () => Promise<T>) => first.engine.exclusive(() => second.engine.exclusive(work));
  const out: ItemResult[] = [];
  for (let i = 0; i < requests.length; i++) {
    if (hooks.signal?.aborted) break;
    const r = requests[i] as AcrossRequest;
    const result = isAlbumId(r.id) ? await albumOne(from, to, move, r, names, fault, i, hooks, locked) : await locked(() => one(from, to, move, r, names, fault, i, hooks));
    // An album stopped half-way (a task's stop) has no result yet: its task resumes it.
    if (!result) break;
    out.push(result);
  }
  return out;
}

/**
 * An album to the other space (ops/cross-album.ts). Its name clash is `rename`'s or a refusal
 * (409): albums are not merged across spaces.
 */
async function albumOne(
  from: SpaceSide,
  to: SpaceSide,
  move: boolean,
  r: AcrossRequest,
  names: FolderNames,
  fault: Fault,
  i: number,
  hooks: AcrossHooks,
  locked: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<ItemResult | undefined> {
  const refuse = (reason: Reason) => {
    const result = refused(r.id, reason);
    hooks.record?.(i, result);
    return result;
  };
  const srcPath = decodeAlbum(r.id);
  const album = srcPath === undefined || srcPath === '' ? undefined : await from.engine.lib.usableAlbum(srcPath);
  const destPath = decodeAlbum(r.dest);
  const dest = destPath === undefined ? undefined : await to.engine.lib.usableAlbum(destPath);
  if (!album) {
    // A resumed move that had finished, its result not yet recorded: the album is at its noted target.
    const arrived = r.resumed !== undefined && move && to.engine.lib.albums.byPath(r.resumed);
    if (!arrived) return refuse('not-found');
    const result = done(r.id, albumId(r.resumed as string), false, r.resumed);
    hooks.record?.(i, result);
    return result;
  }
  if (!dest) return refuse('bad-destination');
  const denied = await deniedOn(from, to, album, dest, move);
  if (denied) return refuse(denied);
  const wanted = r.name ?? album.name;
  let dst = r.resumed;
  if (dst === undefined) {
    const p = await locked(() => place(names, dest.path, wanted, 'dir', r.strategy === 'rename' ? 'rename' : 'ask', false));
    if (p.decision === 'skip') return refuse('exists');
    dst = childPath(dest.path, p.name);
    hooks.note?.(i, dst);
  }
  const result = done(r.id, albumId(dst), dst !== childPath(dest.path, wanted), dst);
  const onCommit = hooks.record && (() => hooks.record?.(i, result));
  const crossing = {
    sides: { from: from.engine, to: to.engine, toName: to.name },
    move,
    fault,
    locked,
    signal: hooks.signal,
    commit: { host: hooks.host, onCommit, receipt: hooks.receipt?.(i, result) },
    resumed: r.resumed !== undefined,
  };
  try {
    const outcome = await crossAlbum(crossing, album, dst);
    if (outcome === 'stopped') return undefined;
    if (outcome === 'failed') return refuse('failed');
  } catch (err) {
    return refuse(failureReason(err, from.engine.lib.config.log, 'an album crossing spaces failed'));
  }
  return result;
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

async function one(from: SpaceSide, to: SpaceSide, move: boolean, r: AcrossRequest, names: FolderNames, fault: Fault, i: number, hooks: AcrossHooks): Promise<ItemResult> {
  const refuse = (reason: Reason) => {
    const result = refused(r.id, reason);
    hooks.record?.(i, result);
    return result;
  };
  const ref = decodeItem(r.id);
  if (!ref) return refuse('bad-input');
  const srcAlbum = await from.engine.lib.usableAlbum(ref.albumPath);
  const row = srcAlbum && from.engine.lib.items.get(srcAlbum.id, ref.name);
  if (!srcAlbum || !row) return refuse('not-found');
  const destPath = decodeAlbum(r.dest);
  const dest = destPath === undefined ? undefined : await to.engine.lib.usableAlbum(destPath);
  if (!dest) return refuse('bad-destination');
  const denied = await deniedOn(from, to, srcAlbum, dest, move);
  if (denied) return refuse(denied);
  const wanted = r.name ?? ref.name;
  // Replacing destroys the item there: that takes manage on the destination, as within one space (ops/guards.ts).
  const there = (await names.of(dest.path)).get(wanted);
  if (there === 'file' && r.strategy === 'overwrite' && !mayReplace(to.engine.lib.rights, to.user, dest)) return refuse('no-manage');
  const p = await place(names, dest.path, wanted, 'file', r.strategy, false);
  if (p.decision === 'skip') return refuse('exists');
  const src = childPath(ref.albumPath, ref.name);
  const dst = childPath(dest.path, p.name);
  const result = done(r.id, itemId(dest.path, p.name, ref.kind), p.decision === 'rename', dst);
  const sides: UnitSides = { from: from.engine, to: to.engine, toName: to.name };
  try {
    const onCommit = hooks.record && (() => hooks.record?.(i, result));
    await crossOne(sides, move, row, src, dst, p.decision === 'replace', fault, { host: hooks.host, onCommit, receipt: hooks.receipt?.(i, result) });
  } catch (err) {
    await names.set(dest.path, p.name, undefined);
    return refuse(failureReason(err, from.engine.lib.config.log, 'cross-space unit failed'));
  }
  return result;
}

/** Why a crossing that threw is refused: its name was taken, its source is gone, or it failed (logged: the disk or a bug). */
function failureReason(err: unknown, log: (line: Record<string, unknown>) => void, msg: string): Reason {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EEXIST') return 'exists';
  if (code === 'ENOENT') return 'not-found';
  log({ level: 'error', msg, stack: (err as Error).stack });
  return 'failed';
}

/** The rights of SPEC §5 on each side, each with that side's rules and the caller as they act there. */
async function deniedOn(from: SpaceSide, to: SpaceSide, source: AlbumRow, dest: AlbumRow, move: boolean): Promise<Reason | undefined> {
  if (!to.engine.lib.rights.granted(to.user, dest).upload) return 'no-upload';
  // The source side's own rule, with its destination standing in for itself: upload is asked on the target above.
  const ok = move ? from.engine.lib.rights.granted(from.user, source).manage : (await from.engine.lib.rights.of(from.user, source)).browse;
  return ok ? undefined : move ? 'no-manage' : 'no-access';
}
