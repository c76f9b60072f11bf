/**
 * npm run bench:thumbs — thumbnails against baselines measured in the same run
 * (docs/performance.md, "Thumbnails"). The server under test runs as a user runs it: its own
 * process, `node --import tsx src/main.ts` (what `npm start` runs), on a data folder prepared
 * beforehand, answering real HTTP; bench/loop-probe.ts, loaded into it, measures its event loop.
 * Flags (defaults are the sizes of issue #13): `--count=2000` 12 MP JPEGs for the cold part,
 * `--items=100000` items in the listed album, `--seconds=10` per autocannon run,
 * `--only=cold,cached,list,move` picks parts, `--browse-rate=20` paces the client browsing during
 * the cold part (0: back to back). (BENCH_COUNT / BENCH_SECONDS still work.)
 *
 * 1. Cold generation: the server's background generation after its start-up scan (one decode per
 *    picture, three sizes) vs sharp called directly, the obvious way (one pipeline per size),
 *    same output settings, same concurrency, same files; meanwhile the server's event loop and
 *    Album.list latency (autocannon, one connection: a user browsing, another album) are measured.
 * 2. Cached Thumb.get, 50 connections, vs a bare Koa app streaming the same file.
 * 3. Album.list of 100 items with additional=thumb_size, in an album of 100 000: latency of one
 *    client (1 connection) and of 50 connections.
 * 4. Album.move of an album of 20 000 photos whose thumbnails all exist vs one of 10 (in-process).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { albumId, itemId } from '../src/library/ids.ts';
import { scaled, SIZE_ORDER, THUMB_SIZES, thumbKey } from '../src/thumbs/sizes.ts';
import { OpsFixture } from '../test/helpers/ops-fixture.ts';
import { cannon } from './cannon.ts';
import type { Cannon } from './cannon.ts';
import { processCpuMs, ServerProcess } from './server-process.ts';
import type { LoopReport } from './server-process.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..');
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const COUNT = Number(flag('count') ?? process.env.BENCH_COUNT ?? 2000);
const ITEMS = Number(flag('items') ?? 100_000);
const SECONDS = Number(flag('seconds') ?? process.env.BENCH_SECONDS ?? 10);
const only = flag('only')?.split(',');
const want = (part: string) => !only || only.includes(part);
const base = mkdtempSync(path.join(os.tmpdir(), 'ps-bench-thumbs-'));
const CONCURRENCY = 2;
/**
 * Album.list calls per second of the client browsing during the cold generation: a person paging
 * through a grid fast. `--browse-rate=0`: back to back, as fast as answers come, a closed loop
 * that takes whatever CPU it is given (the generation, below requests by design, then gets less).
 */
const BROWSE_RATE = Number(flag('browse-rate') ?? 20);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** The baseline: a bare Koa app streaming one file, `ctx.body = createReadStream(file)`, in its own process. */
const BARE_APP = `
import Koa from 'koa';
import { createReadStream, statSync } from 'node:fs';
const file = process.argv[1];
const size = statSync(file).size;
const app = new Koa();
app.silent = true;
app.use((ctx) => { ctx.type = 'image/jpeg'; ctx.length = size; ctx.body = createReadStream(file); });
const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
`;
class BareKoa {
  static async start(file: string): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_APP, file], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { port: number }).port)));
    return { child, url: `http://127.0.0.1:${port}/` };
  }
}

/** A 4000x3000 picture of noise over a gradient: real entropy, so decoding costs what a photo's does. */
async function photo(seed: number): Promise<Buffer> {
  const w = 4000;
  const h = 3000;
  const raw = Buffer.allocUnsafe(w * h * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const p = (i / 3) | 0;
    raw[i] = (((p % w) * 255) / w + ((x >>> 24) & 63)) & 255;
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** The obvious direct use of sharp: one pipeline per size, each decoding the file. */
async function naive(file: string, outDir: string, i: number): Promise<void> {
  const m = await sharp(file).metadata();
  for (const size of SIZE_ORDER) {
    const d = scaled(m.width ?? 1, m.height ?? 1, THUMB_SIZES[size]);
    await sharp(file, { limitInputPixels: 268_402_689, failOn: 'error', sequentialRead: true })
      .autoOrient()
      .resize(d.width, d.height, { fit: 'fill' })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: false })
      .toFile(path.join(outDir, `${i}-${size}.jpg`));
  }
}

async function pool<T>(items: T[], n: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i] as T, i);
      }
    }),
  );
}

/** How many items have all their thumbnails in the cache folder (`large` is written last). */
function madeCount(thumbDir: string): number {
  if (!existsSync(thumbDir)) return 0;
  let n = 0;
  for (const shard of readdirSync(thumbDir)) for (const name of readdirSync(path.join(thumbDir, shard))) if (name.endsWith('-large.jpg')) n += 1;
  return n;
}

const out: string[] = [];
/** Each result is printed when it is known, and all of them again at the end. */
const report = (...lines: string[]) => {
  for (const l of lines) console.log(l);
  out.push(...lines);
};

function loopLine(loop: LoopReport): string {
  const own = loop.stalls.filter((s) => s.cpuMs >= s.ms / 2).length;
  const queued = loop.stalls.filter((s) => s.waitMs >= s.ms / 2).length;
  const worst = [...loop.stalls]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
    .map((s) => `${s.ms} ms at ${(s.at / 1000).toFixed(1)} s (main thread ran ${s.cpuMs} ms, of which garbage collection ${s.gcMs} ms; waited for a CPU ${s.waitMs} ms)`);
  return `event loop max delay ${loop.max.toFixed(1)} ms, p99 ${loop.p99.toFixed(1)} ms; ${loop.stalls.length} stalls over 50 ms: ${own} with the main thread running most of it, ${queued} with it waiting for a CPU most of it; worst ${worst.join(', ') || 'none'}`;
}

async function benchCold(): Promise<void> {
  const dir = path.join(base, 'cold');
  const root = path.join(dir, 'photo');
  mkdirSync(path.join(root, 'Gen'), { recursive: true });
  mkdirSync(path.join(root, 'Browse'), { recursive: true });
  // A few distinct pictures, copied under many names: the decode is what is measured.
  const pictures = await Promise.all([1, 2, 3, 4].map(photo));
  process.stdout.write(`cold: writing ${COUNT} JPEGs of 12 MP (${(pictures[0]!.length / 1e6).toFixed(1)} MB each)\n`);
  for (let i = 0; i < COUNT; i++) writeFileSync(path.join(root, 'Gen', `g${String(i).padStart(5, '0')}.jpg`), pictures[i % pictures.length]!);
  const small = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  for (let i = 0; i < 100; i++) writeFileSync(path.join(root, 'Browse', `b${i}.jpg`), small);
  const files = Array.from({ length: COUNT }, (_, i) => path.join(root, 'Gen', `g${String(i).padStart(5, '0')}.jpg`));

  // Baseline: sharp directly, same settings, same concurrency, same files.
  const load0 = loadavg();
  const naiveOut = path.join(base, 'naive');
  mkdirSync(naiveOut);
  let t = performance.now();
  await pool(files, CONCURRENCY, (f, i) => naive(f, naiveOut, i));
  const naiveSeconds = (performance.now() - t) / 1000;
  rmSync(naiveOut, { recursive: true, force: true });

  // The server: started on the folder, it scans, reads metadata, then makes every thumbnail in
  // the background. Timed from the moment it listens: the scan and the metadata pass count too.
  const server = await ServerProcess.start(dir, { PHOTOSTATION_THUMB_CONCURRENCY: String(CONCURRENCY) });
  t = performance.now();
  server.loopStart();
  const sid = await server.login();
  const listUrl = `${server.url}/photo/webapi/entry.cgi?api=SYNO.PhotoStation.Album&method=list&version=1&id=${albumId('Browse')}&offset=0&limit=100&additional=thumb_size&_sid=${sid}`;
  const thumbDir = path.join(dir, 'thumbs');
  // Album.list while it runs: back-to-back runs until the generation is over.
  const lists: Cannon[] = [];
  let done = false;
  const listing = (async () => {
    while (!done) lists.push(await cannon(listUrl, Math.min(SECONDS, 5), { connections: 1, rate: BROWSE_RATE }));
  })();
  // When the first thumbnail file appeared: the stalls before it belong to the start (module
  // loading, the start-up scan), those after it to the generation itself.
  let firstMadeMs: number | undefined;
  for (let made = 0; made < COUNT + 100; made = madeCount(thumbDir)) {
    if (made > 0) firstMadeMs ??= performance.now() - t;
    await new Promise((r) => setTimeout(r, 250));
  }
  const oursSeconds = (performance.now() - t) / 1000;
  done = true;
  await listing;
  const loop = await server.loopStop();
  const load1 = loadavg();
  await server.stop();
  const ours = (COUNT * 3) / oursSeconds;
  const direct = (COUNT * 3) / naiveSeconds;
  const worstP99 = Math.max(...lists.map((l) => l.latency.p99));
  const p50s = lists.map((l) => l.latency.p50).sort((a, b) => a - b);
  const total = lists.reduce((n, l) => n + l.requests.total, 0);
  report(
    `cold generation, ${COUNT} JPEGs of 4000x3000 (+100 small), concurrency ${CONCURRENCY}: server process ${ours.toFixed(1)} thumbnails/s (${oursSeconds.toFixed(1)} s from listening, start-up scan included), sharp directly (one pipeline per size) ${direct.toFixed(1)} thumbnails/s (${naiveSeconds.toFixed(1)} s): ratio ${(ours / direct).toFixed(2)} (target >= 0.8); load average ${load0} -> ${load1}`,
    `  meanwhile in the server: ${loopLine(loop)} (target max <= 50)`,
    `  of those stalls, during the generation (from the first thumbnail written, at ${((firstMadeMs ?? 0) / 1000).toFixed(1)} s): ${loop.stalls.filter((s) => s.at >= (firstMadeMs ?? 0)).length}; during the start before it: ${loop.stalls.filter((s) => s.at < (firstMadeMs ?? 0)).length}`,
    `  meanwhile Album.list (100 items, thumb_size, one client browsing, ${BROWSE_RATE > 0 ? `${BROWSE_RATE} requests/s` : 'back to back'}, ${lists.length} runs, ${total} requests): median run p50 ${p50s[Math.floor(p50s.length / 2)]} ms, worst run p99 ${worstP99} ms (target < 50), errors ${lists.reduce((n, l) => n + l.non2xx + l.errors, 0)}`,
  );
}

async function benchCached(): Promise<void> {
  const dir = path.join(base, 'cached');
  const root = path.join(dir, 'photo');
  mkdirSync(path.join(root, 'A'), { recursive: true });
  writeFileSync(path.join(root, 'A', 'a.jpg'), await photo(9));
  const server = await ServerProcess.start(dir, { PHOTOSTATION_THUMB_BACKGROUND: '0' });
  await server.quiet();
  const sid = await server.login();
  const thumbUrl = `${server.url}/photo/webapi/thumb.php?api=SYNO.PhotoStation.Thumb&method=get&version=1&id=${itemId('A', 'a.jpg', 'photo')}&size=small&_sid=${sid}`;
  const first = await fetch(thumbUrl);
  if (first.headers.get('content-type') !== 'image/jpeg') throw new Error(`no thumbnail: ${await first.text()}`);
  const bytes = Buffer.from(await first.arrayBuffer());
  const thumbDir = path.join(dir, 'thumbs');
  const file = readdirSync(thumbDir)
    .flatMap((s) => readdirSync(path.join(thumbDir, s)).map((n) => path.join(thumbDir, s, n)))
    .find((f) => f.endsWith('-small.jpg'));
  if (!file || !readFileSync(file).equals(bytes)) throw new Error('the cache file is not what was sent');
  const size = statSync(file).size;
  // The bare Koa app in a process of its own too, so that each side's CPU time can be read.
  const bare = await BareKoa.start(file);
  // Alternated, best of three each: the machine is shared, and load moves between runs. CPU time
  // per request (all threads of each process, /proc) is the figure load moves least.
  let ours: (Cannon & { cpuPerReq: number }) | undefined;
  let plain: (Cannon & { cpuPerReq: number }) | undefined;
  const load0 = loadavg();
  const measured = async (pid: number, url: string) => {
    const cpu0 = processCpuMs(pid);
    const c = await cannon(url, SECONDS);
    return { ...c, cpuPerReq: (processCpuMs(pid) - cpu0) / Math.max(1, c.requests.total) };
  };
  for (let round = 0; round < 3; round++) {
    const a = await measured(server.child.pid!, thumbUrl);
    const b = await measured(bare.child.pid!, bare.url);
    if (!ours || a.requests.average > ours.requests.average) ours = a;
    if (!plain || b.requests.average > plain.requests.average) plain = b;
  }
  if (!ours || !plain) throw new Error('no runs');
  bare.child.kill();
  await server.stop();
  report(
    `cached Thumb.get (small, ${size} bytes), server process, 50 connections, best of 3 alternated runs: ${Math.round(ours.requests.average)} req/s (p99 ${ours.latency.p99} ms, ${ours.cpuPerReq.toFixed(2)} CPU ms/request) vs bare Koa streaming the file ${Math.round(plain.requests.average)} req/s (p99 ${plain.latency.p99} ms, ${plain.cpuPerReq.toFixed(2)} CPU ms/request): ratio ${(ours.requests.average / plain.requests.average).toFixed(2)} by throughput, ${(plain.cpuPerReq / ours.cpuPerReq).toFixed(2)} by CPU per request (target >= 0.8); errors ${ours.non2xx + ours.errors}; load average ${load0} -> ${loadavg()}`,
  );
}

async function benchList(): Promise<void> {
  // The index and the files are made in-process, then the server starts on them as a user's would.
  const f = await OpsFixture.start();
  f.bulk('Big', ITEMS, 1);
  f.lib.db.prepare("UPDATE albums SET type = 'public' WHERE path = 'Big'").run();
  // A library the server has read before (its restart, the usual case): nothing left for the
  // metadata pass, whose writes would otherwise change the index under every request.
  f.lib.db.prepare('UPDATE items SET meta_pending = 0').run();
  await f.stop(true);
  const server = await ServerProcess.start(f.dir, { PHOTOSTATION_THUMB_BACKGROUND: '0' });
  const settled = await server.quiet();
  const offset = Math.floor(ITEMS / 2);
  const url = `${server.url}/photo/webapi/entry.cgi?api=SYNO.PhotoStation.Album&method=list&version=1&id=${albumId('Big')}&offset=${offset}&limit=100&additional=thumb_size`;
  const check = (await (await fetch(url)).json()) as { data: { items: { additional: { thumb_size: { sig: string } } }[] } };
  if (check.data.items.length !== 100 || !check.data.items[0]!.additional.thumb_size.sig) throw new Error('unexpected list answer');
  const load0 = loadavg();
  server.loopStart();
  const cpu0 = processCpuMs(server.child.pid!);
  const one = await cannon(url, SECONDS, { connections: 1 });
  const cpuPerReq = (processCpuMs(server.child.pid!) - cpu0) / Math.max(1, one.requests.total);
  const many = await cannon(url, SECONDS);
  const loop = await server.loopStop();
  const load1 = loadavg();
  await server.stop();
  rmSync(f.dir, { recursive: true, force: true });
  report(
    `Album.list offset ${offset}, limit 100, additional=thumb_size, album of ${ITEMS} (server process, start-up work settled after ${settled.toFixed(0)} s): one client ${Math.round(one.requests.average)} req/s, p50 ${one.latency.p50} ms, p99 ${one.latency.p99} ms (target < 20), server CPU ${cpuPerReq.toFixed(2)} ms/request; 50 connections ${Math.round(many.requests.average)} req/s, p50 ${many.latency.p50} ms, p99 ${many.latency.p99} ms; errors ${one.non2xx + one.errors + many.non2xx + many.errors}; load average ${load0} -> ${load1}`,
    `  in the server meanwhile: ${loopLine(loop)}`,
  );
}

async function benchMove(): Promise<void> {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const times: Record<number, number> = {};
  for (const photos of [10, 20_000]) {
    const f = await OpsFixture.start();
    f.bulk('Big', photos, 1);
    f.album('Dest');
    // Every thumbnail exists: three files per item, under its content key.
    const { thumbs } = f.station.services;
    for (const row of f.lib.db.prepare<[], Parameters<typeof thumbKey>[0]>('SELECT * FROM items').all()) {
      const key = thumbKey(row);
      mkdirSync(path.dirname(thumbs.cache.file(key, 'small')), { recursive: true });
      for (const size of SIZE_ORDER) writeFileSync(thumbs.cache.file(key, size), 'thumbnail');
    }
    f.album('Warm/w');
    await f.call('SYNO.PhotoStation.Album', 'move', { id: albumId('Warm/w'), sharepath: '', duplicate: 'ignore' });
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [from, to] = i % 2 === 0 ? ['Big', 'Dest'] : ['Dest/Big', ''];
      const t = performance.now();
      const r = await f.call('SYNO.PhotoStation.Album', 'move', { id: albumId(from), sharepath: albumId(to), duplicate: 'ignore' });
      runs.push(performance.now() - t);
      if (!r.success) throw new Error(`Album.move failed: ${JSON.stringify(r)}`);
    }
    times[photos] = median(runs);
    await f.stop();
  }
  report(
    `Album.move with every thumbnail made: 20 000 photos ${times[20_000]!.toFixed(1)} ms vs 10 photos ${times[10]!.toFixed(1)} ms (median of 5): ratio ${(times[20_000]! / times[10]!).toFixed(2)} (target <= 3)`,
  );
}

try {
  if (want('cold')) await benchCold();
  if (want('cached')) await benchCached();
  if (want('list')) await benchList();
  if (want('move')) await benchMove();
} finally {
  rmSync(base, { recursive: true, force: true });
}
console.log(`\n${out.join('\n')}`);
