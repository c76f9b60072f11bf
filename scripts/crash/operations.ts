import { albumId, baseName, isWithin, itemId, parentPath } from '../../src/library/ids.ts';
import type { ChildEnvelope, ChildServer } from '../../test/helpers/child-server.ts';
import type { Rng } from '../fuzz/prng.ts';
import type { DiskItem, Library } from './state.ts';

/** One randomly drawn operation: what it sends, and how many extra copies of each content it may make. */
export interface Operation {
  /** A short label for the figures, e.g. `Photo.copy copy/overwrite`. */
  kind: string;
  /** Extra copies each content hash may legitimately gain (copies only; a move never duplicates). */
  copies: Map<string, number>;
  /** What was sent, in words, for a report that must be read later (Batch tasks). */
  detail?: string;
  /** Sends the operation and waits for its end (a Batch task: until the task finished); rejects when the server dies. */
  run(server: ChildServer, sid: string): Promise<ChildEnvelope[]>;
}

const PHOTO = 'SYNO.PhotoStation.Photo';
const ALBUM = 'SYNO.PhotoStation.Album';
const FINISHED = new Set(['done', 'cancelled', 'rejected', 'failed']);

const idOf = (it: DiskItem) => itemId(it.album, it.name, it.kind);

function sample<T>(rng: Rng, list: readonly T[], n: number): T[] {
  const pool = [...list];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0] as T);
  return out;
}

function addCopies(copies: Map<string, number>, items: Iterable<DiskItem>): void {
  for (const it of items) copies.set(it.hash, (copies.get(it.hash) ?? 0) + 1);
}

const single = (params: Record<string, string>) => async (server: ChildServer, sid: string) => [await server.call(params, sid)];

/** Album.move of one or two albums; half the time a source whose name the destination already holds, with `overwrite` (a merge). */
function albumMove(rng: Rng, lib: Library): Operation | undefined {
  if (lib.albums.length === 0) return undefined;
  const merges: [string, string][] = [];
  for (const src of lib.albums) {
    for (const dest of ['', ...lib.albums]) {
      if (isWithin(dest, src) || parentPath(src) === dest) continue;
      if (lib.albums.includes(dest === '' ? baseName(src) : `${dest}/${baseName(src)}`)) merges.push([src, dest]);
    }
  }
  let sources: string[];
  let dest: string;
  let duplicate: string;
  if (merges.length > 0 && rng.chance(0.5)) {
    const [s, d] = rng.pick(merges);
    sources = [s];
    dest = d;
    duplicate = 'overwrite';
  } else {
    sources = sample(rng, lib.albums, rng.int(1, 2));
    const dests = ['', ...lib.albums].filter((d) => sources.every((s) => !isWithin(d, s)));
    if (dests.length === 0) return undefined;
    dest = rng.pick(dests);
    duplicate = rng.pick(['overwrite', 'ignore']);
  }
  return {
    kind: `Album.move ${duplicate}`,
    copies: new Map(),
    run: single({ api: ALBUM, method: 'move', id: sources.map(albumId).join(','), sharepath: albumId(dest), duplicate }),
  };
}

/** Photo.copy, mode move or copy, 1-15 items into one album, any duplicate mode. */
function photoCopy(rng: Rng, lib: Library): Operation | undefined {
  if (lib.items.length === 0) return undefined;
  const items = sample(rng, lib.items, rng.int(1, 15));
  const dest = rng.pick(['', ...lib.albums]);
  const mode = rng.pick(['move', 'copy']);
  // Into the items' own album only `rename` is allowed (458 otherwise).
  const duplicate = items.some((it) => it.album === dest) ? 'rename' : rng.pick(['rename', 'ignore', 'overwrite']);
  const copies = new Map<string, number>();
  if (mode === 'copy') addCopies(copies, items);
  return {
    kind: `Photo.copy ${mode}/${duplicate}`,
    copies,
    run: single({ api: PHOTO, method: 'copy', id: items.map(idOf).join(','), sharepath: albumId(dest), mode, duplicate }),
  };
}

function photoDelete(rng: Rng, lib: Library): Operation | undefined {
  if (lib.items.length === 0) return undefined;
  const items = sample(rng, lib.items, rng.int(1, 10));
  return { kind: 'Photo.delete', copies: new Map(), run: single({ api: PHOTO, method: 'delete', id: items.map(idOf).join(',') }) };
}

function albumDelete(rng: Rng, lib: Library): Operation | undefined {
  if (lib.albums.length === 0) return undefined;
  const album = rng.pick(lib.albums);
  return { kind: 'Album.delete', copies: new Map(), run: single({ api: ALBUM, method: 'delete', id: albumId(album) }) };
}

/** Trash.restore of 1-4 entries (listed first), any duplicate mode. */
function trashRestore(rng: Rng): Operation {
  const duplicate = rng.pick(['rename', 'ignore', 'overwrite']);
  const count = rng.int(1, 4);
  const draw = rng.float();
  return {
    kind: `Trash.restore ${duplicate}`,
    copies: new Map(),
    async run(server, sid) {
      const list = await server.call({ api: 'SYNO.PhotoStation.Trash', method: 'list', offset: '0', limit: '-1' }, sid);
      const entries = (list.data?.items ?? []) as { id: number }[];
      if (entries.length === 0) return [list];
      // The choice among entries is drawn up front, so the sequence of draws does not depend on the trash.
      const start = Math.floor(draw * entries.length);
      const ids = Array.from({ length: Math.min(count, entries.length) }, (_, i) => (entries[(start + i) % entries.length] as { id: number }).id);
      return [list, await server.call({ api: 'SYNO.PhotoStation.Trash', method: 'restore', id: ids.join(','), duplicate }, sid)];
    },
  };
}

/** One source of a Batch task as sent: an album path or an item, with its `duplicate`. */
export interface BatchSource {
  id: string;
  album?: string;
  item?: DiskItem;
}

/**
 * The copies a Batch.copy may make, unit by unit in the order sent. The task fixes its list of
 * sources when it starts (SPEC §12), not what an album holds: an album unit copies its subtree as
 * the units before it left it. So when an earlier album unit merged into a later album source
 * (`overwrite` onto a same-named album of the destination, which the later source is or lies
 * in), the later unit copies those copies too: their contents gain a second copy, both asked for
 * (issue #11, seed 1). Items go straight into the destination, which no album source holds, so
 * they never feed a later album unit. A `rename` copy takes a new name, which no source is inside.
 * A source skipped by `ask` or `ignore` (its name taken at the destination) copies nothing. An
 * item source copies what it holds when its unit runs, which an earlier unit may have replaced.
 */
export function batchCopies(lib: Library, dest: string, units: { source: BatchSource; duplicate: string }[]): Map<string, number> {
  const copies = new Map<string, number>();
  const entries = lib.items.map((it) => ({ album: it.album, name: it.name, hash: it.hash }));
  const folders = new Set(['', ...lib.albums]);
  let fresh = 0;
  for (const { source, duplicate } of units) {
    if (source.item) {
      // What the source holds when its unit runs: an earlier unit may have replaced it (an
      // item copied over it with overwrite), and then its copy is of that content.
      const { name } = source.item;
      const at = entries.find((x) => x.album === source.item?.album && x.name === name);
      if (!at) continue; // gone (replaced by a merge's trashing): nothing to copy
      const { hash } = at;
      const there = entries.findIndex((x) => x.album === dest && x.name === name);
      if (there >= 0 && duplicate !== 'overwrite' && duplicate !== 'rename') continue; // ask, ignore: skipped
      copies.set(hash, (copies.get(hash) ?? 0) + 1);
      if (there >= 0 && duplicate === 'overwrite') entries.splice(there, 1);
      entries.push({ album: dest, name: there >= 0 && duplicate === 'rename' ? `\u0000new name ${fresh++}` : name, hash });
      continue;
    }
    const src = source.album as string;
    let target = dest === '' ? baseName(src) : `${dest}/${baseName(src)}`;
    if (folders.has(target)) {
      if (duplicate === 'rename') target = `\u0000new album ${fresh++}`;
      else if (duplicate !== 'overwrite') continue; // ask, ignore: the source is skipped
    }
    for (const e of entries.filter((x) => isWithin(x.album, src))) {
      copies.set(e.hash, (copies.get(e.hash) ?? 0) + 1);
      const album = target + e.album.slice(src.length);
      // A merge replaces a file of the same name (it goes to the trash, out of every later source).
      const old = entries.findIndex((x) => x.album === album && x.name === e.name);
      if (old >= 0) entries.splice(old, 1);
      entries.push({ album, name: e.name, hash: e.hash });
    }
    for (const f of [...folders]) if (isWithin(f, src)) folders.add(target + f.slice(src.length));
  }
  return copies;
}

/** A Batch task (async): move, copy or delete of 1-6 sources, a third of them albums, all into one destination. */
function batch(rng: Rng, lib: Library): Operation | undefined {
  if (lib.items.length === 0) return undefined;
  const method = rng.weighted([
    [2, 'move'],
    [2, 'copy'],
    [1, 'delete'],
  ] as const);
  const dest = rng.pick(['', ...lib.albums]);
  // Album sources never hold the destination: what is copied into the destination itself is never
  // copied again by the same task (into a same-named album of it it may be: see batchCopies).
  const albums = sample(
    rng,
    lib.albums.filter((a) => method === 'delete' || !isWithin(dest, a)),
    rng.chance(0.6) ? rng.int(1, 2) : 0,
  );
  const items = sample(rng, lib.items, rng.int(albums.length === 0 ? 1 : 0, 4));
  const sources: BatchSource[] = [...albums.map((a) => ({ id: albumId(a), album: a })), ...items.map((it) => ({ id: idOf(it), item: it }))];
  const order = sample(rng, sources, sources.length);
  const units = method === 'delete' ? [] : order.map((source) => ({ source, duplicate: rng.pick(['ask', 'rename', 'overwrite', 'ignore']) }));
  const copies = method === 'copy' ? batchCopies(lib, dest, units) : new Map<string, number>();
  const params: Record<string, string> =
    method === 'delete'
      ? { id: order.map((s) => s.id).join(',') }
      : { operations: JSON.stringify(units.map((u) => ({ from: u.source.id, to: albumId(dest), duplicate: u.duplicate }))) };
  const detail = `into "${dest}": ${order.map((s, i) => `${s.album !== undefined ? `album "${s.album}"` : `item "${s.item?.album}/${s.item?.name}"`}${units[i] ? ` ${units[i].duplicate}` : ''}`).join(', ')}`;
  return {
    kind: `Batch.${method}`,
    copies,
    detail,
    async run(server, sid) {
      const started = await server.call({ api: 'SYNO.PhotoStation.Batch', method, async: 'true', ...params }, sid);
      if (!started.success) return [started];
      for (;;) {
        const s = await server.call({ api: 'SYNO.PhotoStation.BackgroundTask', method: 'status', taskid: started.data.taskid as string, limit: '-1' }, sid);
        if (!s.success || FINISHED.has(s.data.task.status as string)) return [started, s];
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

/** Draws the next operation from the library as it is on disk now. */
export function drawOperation(rng: Rng, lib: Library): Operation {
  for (;;) {
    const kind = rng.weighted([
      [3, 'album-move'],
      [4, 'photo-copy'],
      [1, 'photo-delete'],
      [1, 'album-delete'],
      [2, 'trash-restore'],
      [3, 'batch'],
    ] as const);
    const op =
      kind === 'album-move'
        ? albumMove(rng, lib)
        : kind === 'photo-copy'
          ? photoCopy(rng, lib)
          : kind === 'photo-delete'
            ? photoDelete(rng, lib)
            : kind === 'album-delete'
              ? albumDelete(rng, lib)
              : kind === 'trash-restore'
                ? trashRestore(rng)
                : batch(rng, lib);
    if (op) return op;
  }
}
