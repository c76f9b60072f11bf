import { execFileSync } from 'node:child_process';
import { lstatSync, renameSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { albumId, itemId, itemIdDecoder } from '../src/library/ids.ts';
import { fsyncPathSync } from '../src/runtime/fsx.ts';
import type { OpsFixture } from '../test/helpers/ops-fixture.ts';

function fixture(f: OpsFixture, name: string, n: number) {
  f.bulk(`${name}Src`, n, 1);
  const dest = f.album(`${name}Dst`);
  const src = f.lib.albums.byPath(`${name}Src`)!;
  const rows = f.lib.db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM items WHERE album_id = ?').all(src.id);
  const upd = f.lib.db.prepare('UPDATE items SET album_id = ?, name = ? WHERE id = ?');
  const from = path.join(f.photoRoot, `${name}Src`);
  const to = path.join(f.photoRoot, `${name}Dst`);
  const commit = () =>
    f.lib.db.transaction(() => {
      for (const r of rows) upd.run(dest.id, r.name, r.id);
    })();
  settleDisk();
  return { rows, from, to, commit };
}

/**
 * Writes back what the fixture left in the page cache. Without it the first fsync of a measured
 * move pays for writing thousands of fixture files (ext4 commits them in the same journal
 * transaction), a cost a user's move of files written long before does not pay.
 */
export function settleDisk(): void {
  execFileSync('sync');
}

/**
 * The raw floor of a move as bench:move measured it first: one awaited `fs.promises.rename` per
 * file and one better-sqlite3 transaction updating the same rows, no journal, no checks. Each
 * rename pays a thread-pool round trip, so this floor is inflated (#19 item 6). Answers ms.
 */
export async function baseline(f: OpsFixture, n: number): Promise<number> {
  const { rows, from, to, commit } = fixture(f, 'Base', n);
  const t = performance.now();
  for (const r of rows) await rename(path.join(from, r.name), path.join(to, r.name));
  commit();
  return performance.now() - t;
}

/**
 * The physical floor (#19 item 6): `fs.renameSync` in a loop and one transaction updating the same
 * rows. With `flush` it pays what durability costs the server too (SPEC §20): an fsync of both
 * folders, and one of the index log after the commit.
 * It blocks the event loop for the whole move: a floor, not a way to serve. Answers ms.
 */
export function floor(f: OpsFixture, n: number, flush: boolean): number {
  const { rows, from, to, commit } = fixture(f, flush ? 'Durable' : 'Floor', n);
  const t = performance.now();
  for (const r of rows) renameSync(path.join(from, r.name), path.join(to, r.name));
  if (flush) {
    fsyncPathSync(from);
    fsyncPathSync(to);
  }
  commit();
  if (flush) fsyncPathSync(`${f.lib.config.dbPath}-wal`);
  return performance.now() - t;
}

/**
 * The floor of what the server must do for each moved item besides the rename, done the
 * cheapest way: everything in one synchronous pass, one transaction per step, no batches, no
 * event-loop turns. Those duties are the journal intent written (and flushed) before the first
 * rename and deleted with the commit (crash safety, SPEC §1); an `lstat` of each folder on the way
 * and of the source (no symlink may lead a rename out of the root, SPEC §19); the row's update and
 * its change-feed event (what Sync clients read, SPEC §12). With `flush`, the same fsyncs as
 * `floor`, plus the index log's after the intents. Answers ms.
 */
export function floorWithDuties(f: OpsFixture, n: number, flush: boolean): number {
  const { rows, from, to, commit } = fixture(f, flush ? 'DutyDurable' : 'Duty', n);
  const d = duties(f, from, to);
  const t = performance.now();
  const [first, last] = d.journal(rows);
  if (flush) fsyncPathSync(d.wal);
  for (const r of rows) d.move(r);
  if (flush) {
    fsyncPathSync(from);
    fsyncPathSync(to);
  }
  f.lib.db.transaction(() => {
    commit();
    d.announce(rows, first, last);
  })();
  if (flush) fsyncPathSync(d.wal);
  return performance.now() - t;
}

/** The duties' statements and steps, shared by the duties floors. */
function duties(f: OpsFixture, from: string, to: string) {
  const { db } = f.lib;
  const intent = db.prepare("INSERT INTO journal (kind, src, dst, trash, tmp, data, created_at) VALUES ('item-move', ?, ?, NULL, NULL, NULL, ?)");
  const event = db.prepare("INSERT INTO changes (action, data_type, data_key, data, at) VALUES ('MOVE', 'photo', ?, ?, ?)");
  const forget = db.prepare('DELETE FROM journal WHERE id BETWEEN ? AND ?');
  const upd = db.prepare('UPDATE items SET album_id = ?, name = ? WHERE id = ?');
  const srcRel = path.basename(from);
  const dstRel = path.basename(to);
  const dest = f.lib.albums.byPath(dstRel)!;
  const now = Date.now();
  return {
    wal: `${f.lib.config.dbPath}-wal`,
    /** Commits the intents of `rows`; answers the first and last journal id. */
    journal(rows: { name: string }[]): [number, number] {
      let first = 0;
      let last = 0;
      db.transaction(() => {
        for (const r of rows) {
          last = Number(intent.run(`${srcRel}/${r.name}`, `${dstRel}/${r.name}`, now).lastInsertRowid);
          first ||= last;
        }
      })();
      return [first, last];
    },
    /** One item's disk step: the folders on the way and the source checked, then the rename. */
    move(r: { name: string }): void {
      lstatSync(from);
      lstatSync(to);
      const src = path.join(from, r.name);
      if (!lstatSync(src).isFile()) throw new Error('not a file');
      renameSync(src, path.join(to, r.name));
    },
    /** The feed events of `rows` and the removal of their intents, inside the caller's commit. */
    announce(rows: { name: string }[], first: number, last: number): void {
      for (const r of rows) event.run(`photo_${r.name}`, `{"from":"${srcRel}/${r.name}"}`, now);
      forget.run(first, last);
    },
    /** One batch's commit: its rows moved, its feed events, its intents removed. */
    commit(rows: { id: number; name: string }[], first: number, last: number): void {
      db.transaction(() => {
        for (const r of rows) upd.run(dest.id, r.name, r.id);
        this.announce(rows, first, last);
      })();
    },
  };
}

/**
 * `floorWithDuties` cut the way a server must cut it, and nothing more: the engine's protocol
 * (src/ops/engine.ts) with its batches of 200 (intents committed and, flushed, fsync'ed; the
 * renames with their `lstat`s in slices of at most 10 ms with a turn of the event loop between;
 * the folders fsync'ed; one commit of the row updates, feed events and intents' removal) and one
 * fsync of the index log at the end (group commit). No planning, no per-item result, no HTTP:
 * the floor of any implementation that keeps the event loop answering during a move. Answers ms.
 */
export async function floorWithDutiesSliced(f: OpsFixture, n: number, flush: boolean): Promise<number> {
  const { rows, from, to } = fixture(f, flush ? 'SliceDurable' : 'Slice', n);
  const d = duties(f, from, to);
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const t = performance.now();
  for (let b = 0; b < rows.length; b += 200) {
    const batch = rows.slice(b, b + 200);
    const [first, last] = d.journal(batch);
    if (flush) fsyncPathSync(d.wal);
    let slice = performance.now();
    for (const r of batch) {
      d.move(r);
      if (performance.now() - slice > 10) {
        await turn();
        slice = performance.now();
      }
    }
    if (flush) {
      fsyncPathSync(from);
      fsyncPathSync(to);
    }
    d.commit(batch, first, last);
    await turn();
  }
  if (flush) fsyncPathSync(d.wal);
  return performance.now() - t;
}

/**
 * The disk half of `duties().move` on a thread of its own: for each name, the `lstat`s of the
 * folders and the source and the rename; with `flush`, the folders' fsyncs after the batch.
 * Plain JavaScript evaluated in the worker (no TypeScript loader needed there).
 */
const DISK_THREAD = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const fsyncDir = (p) => { const fd = fs.openSync(p, 'r'); try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); } };
parentPort.on('message', ({ names, from, to, flush }) => {
  for (const name of names) {
    fs.lstatSync(from);
    fs.lstatSync(to);
    const src = path.join(from, name);
    if (!fs.lstatSync(src).isFile()) throw new Error('not a file');
    fs.renameSync(src, path.join(to, name));
  }
  if (flush) { fsyncDir(from); fsyncDir(to); }
  parentPort.postMessage(names.length);
});
`;

/**
 * The duties floor with the work split over two threads, as issue #19 suggests a server could:
 * a worker does each batch's disk steps (synchronous `lstat`s and renames, the folders' fsyncs)
 * while the main thread commits the batch before and journals the batch after, so the two
 * halves overlap. The protocol's order holds for each batch (intents committed and flushed
 * before its renames; its commit after its folders are flushed); two batches in flight touch
 * different files. The main thread never blocks longer than one batch's statements. This floor
 * is what a pipelined engine could reach, not what ours does. Answers ms.
 */
export async function floorWithDutiesPipelined(f: OpsFixture, n: number, flush: boolean): Promise<number> {
  const { rows, from, to } = fixture(f, flush ? 'PipeDurable' : 'Pipe', n);
  const d = duties(f, from, to);
  const disk = new Worker(DISK_THREAD, { eval: true });
  await new Promise<void>((resolve) => disk.once('online', () => resolve()));
  let fail: (error: unknown) => void = () => {};
  disk.on('error', (error) => fail(error));
  const moved = () =>
    new Promise<void>((resolve, reject) => {
      fail = reject;
      disk.once('message', () => resolve());
    });
  const batches: (typeof rows)[] = [];
  for (let b = 0; b < rows.length; b += 200) batches.push(rows.slice(b, b + 200));
  const t = performance.now();
  const journal = (batch: typeof rows) => {
    const ids = d.journal(batch);
    if (flush) fsyncPathSync(d.wal);
    return ids;
  };
  let ids = journal(batches[0]!);
  let done = moved();
  disk.postMessage({ names: batches[0]!.map((r) => r.name), from, to, flush });
  for (let k = 0; k < batches.length; k++) {
    const batch = batches[k]!;
    const next = batches[k + 1];
    // Overlaps batch k's disk steps.
    const nextIds = next ? journal(next) : undefined;
    await done;
    if (next) {
      done = moved();
      disk.postMessage({ names: next.map((r) => r.name), from, to, flush });
    }
    // Overlaps batch k+1's disk steps.
    d.commit(batch, ...ids);
    if (nextIds) ids = nextIds;
  }
  if (flush) fsyncPathSync(d.wal);
  const took = performance.now() - t;
  await disk.terminate();
  return took;
}

/**
 * What the request itself costs any server, before its first unit and after its last, the
 * cheapest correct way: the `Photo.copy` form body of `n` ids read (`URLSearchParams`), the ids
 * decoded and checked (the server's own decoder, which shares each album's part), and the `n`
 * per-item results written as one JSON answer. Sequential with the move on the main thread (the
 * ids come before the first unit, the answer after the last), so it adds to the floors above.
 * Answers ms.
 */
export function requestDuties(n: number): number {
  const ids = Array.from({ length: n }, (_, i) => itemId('Src', `p${i}.jpg`, 'photo')).join(',');
  const body = new URLSearchParams({
    api: 'SYNO.PhotoStation.Photo',
    method: 'copy',
    version: '1',
    id: ids,
    sharepath: albumId('Dst'),
    mode: 'move',
    duplicate: 'rename',
  }).toString();
  const t = performance.now();
  const decode = itemIdDecoder();
  const refs = (new URLSearchParams(body).get('id') ?? '').split(',').map(decode);
  const answer = JSON.stringify({
    success: true,
    data: { items: refs.map((r) => ({ id: r.id, status: 204, new_id: itemId('Dst', r.name, r.kind), path: `Dst/${r.name}`, reason: null })) },
  });
  const took = performance.now() - t;
  if (!answer.includes(refs[n - 1]!.id)) throw new Error('request duties: the answer lacks the last item');
  return took;
}
