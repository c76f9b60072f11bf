/**
 * npm run bench:move — move, copy and delete against baselines measured in the same run
 * (docs/performance.md, "Move, copy, delete"). Fixtures are written directly (files + index rows
 * in one transaction); the operations go through HTTP like any client's.
 */
import autocannon from 'autocannon';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { albumId, itemId } from '../src/library/ids.ts';
import { OpsFixture } from '../test/helpers/ops-fixture.ts';

const ms = (t: number) => Math.round(t * 10) / 10;
const small = process.argv.includes('--quick');

async function albumMoves(): Promise<void> {
  const sizes: [number, number][] = small ? [[10, 10], [1000, 10], [10_000, 100]] : [[10, 10], [10_000, 100], [100_000, 1000]];
  const times: number[] = [];
  for (const [photos, albums] of sizes) {
    const f = await OpsFixture.start();
    f.bulk('Big', photos, albums);
    f.album('Dest');
    // Warm-up: the first request of a process pays for JIT and statement caches.
    f.album('Warm/w');
    await f.call('SYNO.PhotoStation.Album', 'move', { id: albumId('Warm/w'), sharepath: '', duplicate: 'ignore' });
    const t = performance.now();
    const r = await f.call('SYNO.PhotoStation.Album', 'move', { id: albumId('Big'), sharepath: albumId('Dest'), duplicate: 'ignore' });
    const took = performance.now() - t;
    if (!r.success || !f.exists('Dest/Big')) throw new Error(`Album.move failed: ${JSON.stringify(r)}`);
    times.push(took);
    console.log(`| Album.move, ${photos} photos in ${albums} sub-albums | ${ms(took)} ms |`);
    await f.stop();
  }
  console.log(`| ratio largest / 10-photo move | ${(times[times.length - 1]! / times[0]!).toFixed(2)}× (target ≤ 3×) |`);
}

/** The raw floor: one rename(2) per file and one transaction updating the same rows. */
async function baseline(f: OpsFixture, n: number): Promise<number> {
  f.bulk('BaseSrc', n, 1);
  const dest = f.album('BaseDst');
  const src = f.lib.albums.byPath('BaseSrc')!;
  const rows = f.lib.db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM items WHERE album_id = ?').all(src.id);
  const upd = f.lib.db.prepare('UPDATE items SET album_id = ?, name = ? WHERE id = ?');
  const t = performance.now();
  for (const r of rows) await rename(path.join(f.photoRoot, 'BaseSrc', r.name), path.join(f.photoRoot, 'BaseDst', r.name));
  f.lib.db.transaction(() => {
    for (const r of rows) upd.run(dest.id, r.name, r.id);
  })();
  return performance.now() - t;
}

async function photoMove(withLoad: boolean): Promise<void> {
  const n = small ? 2000 : 10_000;
  const f = await OpsFixture.start();
  const base = withLoad ? 0 : await baseline(f, n);
  f.bulk('S', n, 1);
  f.album('D');
  const ids = Array.from({ length: n }, (_, i) => itemId('S', `p${i}.jpg`, 'photo')).join(',');
  // Album.list answers success once the browse branch is merged; until then checkauth stands in.
  const list = await f.call('SYNO.PhotoStation.Album', 'list', { id: '', offset: '0', limit: '50' });
  const read: Record<string, string> = list.success ? { api: 'SYNO.PhotoStation.Album', method: 'list', id: '', offset: '0', limit: '50' } : { api: 'SYNO.PhotoStation.Auth', method: 'checkauth' };
  const h = monitorEventLoopDelay({ resolution: 1 });
  let cannon: autocannon.Instance | undefined;
  let done: Promise<autocannon.Result> | undefined;
  if (withLoad) {
    const body = new URLSearchParams({ version: '1', _sid: f.adminSid, ...read }).toString();
    done = new Promise((resolve) => {
      cannon = autocannon({ url: f.url, connections: 20, duration: 120, method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (_err, result) => resolve(result));
    });
    await new Promise((r) => setTimeout(r, 300));
  }
  h.enable();
  const t = performance.now();
  const r = await f.call('SYNO.PhotoStation.Photo', 'copy', { id: ids, sharepath: albumId('D'), mode: 'move', duplicate: 'rename' });
  const took = performance.now() - t;
  h.disable();
  if (!r.success || r.data.items.length !== n) throw new Error('Photo.copy move failed');
  if (withLoad) {
    cannon!.stop();
    const res = await done!;
    console.log(`| Photo.copy mode=move, ${n} photos, while ${read.api} ${read.method ?? ''} from 20 connections | ${ms(took)} ms |`);
    console.log(`| read latency during the move: p50 / p99 / max | ${res.latency.p50} / ${res.latency.p99} / ${res.latency.max} ms (${res.requests.total} requests, ${res.non2xx} non-2xx) |`);
    console.log(`| event loop max delay during the move (target < 50 ms) | ${ms(h.max / 1e6)} ms |`);
  } else {
    console.log(`| Photo.copy mode=move, ${n} photos | ${ms(took)} ms |`);
    console.log(`| baseline: fs.promises.rename each + one UPDATE transaction | ${ms(base)} ms |`);
    console.log(`| ratio (target ≤ 1.5×) | ${(took / base).toFixed(2)}× |`);
    console.log(`| event loop max delay during the move | ${ms(h.max / 1e6)} ms |`);
  }
  await f.stop();
}

console.log('| measurement | result |\n|---|---|');
await albumMoves();
await photoMove(false);
await photoMove(true);
