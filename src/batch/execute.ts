import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { childPath, decodeAlbumId, decodeItemId, isAlbumId, isWithin } from '../library/ids.ts';
import { transferAlbum } from '../ops/album-transfer.ts';
import type { Strategy } from '../ops/clash.ts';
import { trashAlbum, trashItem } from '../ops/delete.ts';
import type { Engine } from '../ops/engine.ts';
import { mayDelete, mayReplace, mayTransfer } from '../ops/guards.ts';
import { transferItem } from '../ops/item-copy.ts';
import { FolderNames } from '../ops/names.ts';
import { refused } from '../ops/results.ts';
import type { ItemResult, Recorder } from '../ops/results.ts';
import type { Unit } from '../ops/unit.ts';
import { OperationRun } from '../ops/run.ts';
import type { Reason } from '../errors.ts';
import type { Services } from '../services.ts';
import type { UnitResult } from '../tasks/store.ts';

export type BatchMethod = 'move' | 'copy' | 'delete';

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

/** Where one Batch unit's result goes: recorded when its unit commits, or by recovery if a crash came first. */
function recorder(ctx: ExecuteContext, seq: number): Recorder {
  return new UnitRecorder(ctx, seq);
}

function toUnit(r: ItemResult): UnitResult {
  return { status: r.status, new_id: r.new_id, path: r.path ?? null, reason: r.reason };
}

/** A class, not closures: one is made per unit, and tsx names each closure made at run time (about 1 µs each). */
class UnitRecorder implements Recorder {
  readonly #ctx: ExecuteContext;
  readonly #seq: number;

  constructor(ctx: ExecuteContext, seq: number) {
    this.#ctx = ctx;
    this.#seq = seq;
  }

  record(r: ItemResult): void {
    this.#ctx.record(this.#seq, toUnit(r));
  }

  onCommit(r: ItemResult): Pick<Unit, 'onCommit' | 'receipt'> {
    return { onCommit: this.record.bind(this, r), receipt: this.#ctx.receipt?.(this.#seq, toUnit(r)) };
  }

  note(path: string): void {
    this.#ctx.note?.(this.#seq, path);
  }
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

/**
 * Runs Batch units (SPEC §12) as a client of the planners the Photo, Album and Trash APIs use:
 * each unit is looked up, guarded (a refusal answers that unit only), and handed to the item or
 * album planner, which applies the clash rule of SPEC §9 and adds journaled units. Results are
 * recorded through `ctx.record`, inside the engine's commit when the unit changed something.
 */
export async function executeUnits(ctx: ExecuteContext, units: BatchUnit[]): Promise<void> {
  const engine = ctx.services.ops.engine;
  const run = new OperationRun(engine, ctx.signal);
  const names = ctx.names ?? new FolderNames((rel) => engine.disk.abs(rel));
  const albums = new AlbumLookup(engine);
  try {
    for (const unit of units) {
      if (run.stopped) break;
      const rec = recorder(ctx, unit.seq);
      if (isAlbumId(unit.source)) {
        albums.forget();
        await albumUnit(ctx, run, names, albums, unit, rec);
        albums.forget();
      } else await itemUnit(ctx, run, names, albums, unit, rec);
    }
    await run.flush();
  } finally {
    await run.settle();
  }
}

/**
 * What every unit passes before it acts, item or album alike (SPEC §5, §9): a delete needs
 * manage on the album; a move or copy needs an existing destination and the rights on both
 * sides. Answers the refusal's reason, or what the transfer needs.
 */
type Checked = { refuse: Reason } | { delete: true } | { dest: AlbumRow; move: boolean; strategy: Strategy; mayReplace: () => boolean };

async function check(ctx: ExecuteContext, run: OperationRun, albums: AlbumLookup, unit: BatchUnit, album: AlbumRow): Promise<Checked> {
  const { rights } = run.engine.lib;
  if (ctx.method === 'delete') return mayDelete(rights, ctx.user, album) ? { delete: true } : { refuse: 'no-manage' };
  const dest = await albums.get(decodeAlbumId(unit.dest ?? ''));
  if (!dest) return { refuse: 'bad-destination' };
  const move = ctx.method === 'move';
  if (!(await mayTransfer(rights, ctx.user, album, dest, move))) return { refuse: 'no-manage' };
  return { dest, move, strategy: (unit.duplicate ?? 'rename') as Strategy, mayReplace: mayReplace.bind(null, rights, ctx.user, dest) };
}

async function itemUnit(ctx: ExecuteContext, run: OperationRun, names: FolderNames, albums: AlbumLookup, unit: BatchUnit, rec: Recorder): Promise<void> {
  const id = unit.source;
  const ref = decodeItemId(id);
  // An earlier unit moves or copies something to this source, not committed yet: the index shows it once that unit's batch is.
  if (run.holds(childPath(ref.albumPath, ref.name))) await run.flush();
  const album = await albums.get(ref.albumPath);
  const row = album && run.engine.lib.items.get(album.id, ref.name);
  if (!album || !row) return rec.record(refused(id, 'not-found'));
  const c = await check(ctx, run, albums, unit, album);
  if ('refuse' in c) return rec.record(refused(id, c.refuse));
  if ('delete' in c) return trashItem(run, names, id, ref, rec);
  await transferItem(run, names, { id, ref, album, row: row.id, dest: c.dest, name: unit.name ?? ref.name, strategy: c.strategy, move: c.move, mayReplace: c.mayReplace }, rec);
}

async function albumUnit(ctx: ExecuteContext, run: OperationRun, names: FolderNames, albums: AlbumLookup, unit: BatchUnit, rec: Recorder): Promise<void> {
  const id = unit.source;
  if (run.holds(decodeAlbumId(id))) {
    await run.flush();
    albums.forget();
  }
  const album = await albums.get(decodeAlbumId(id));
  if (!album) return rec.record(refused(id, 'not-found'));
  const c = await check(ctx, run, albums, unit, album);
  if ('refuse' in c) return rec.record(refused(id, c.refuse));
  if ('delete' in c) return trashAlbum(run, names, id, album, rec);
  // An album cannot go into itself or below itself.
  if (isWithin(c.dest.path, album.path)) return rec.record(refused(id, 'conflict'));
  const t = { id, album, dest: c.dest, name: unit.name ?? album.name, strategy: c.strategy, move: c.move, resumed: unit.path ?? undefined, mayReplace: c.mayReplace };
  await transferAlbum(run, names, t, rec);
}
