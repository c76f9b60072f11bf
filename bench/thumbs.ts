/**
 * npm run bench:thumbs — thumbnails against baselines measured in the same run
 * (docs/performance.md, "Thumbnails"). BENCH_COUNT (default 2000) sets how many 12 MP JPEGs the
 * cold-generation part makes thumbnails of; BENCH_SECONDS (default 10) how long each autocannon
 * run lasts; `--only=cold,cached,list,move` picks parts.
 *
 * 1. Cold generation: thumbnails/s through the server's own path (Thumbnails.generateAll: one
 *    decode per picture, three sizes) vs sharp called directly, the obvious way (one pipeline per
 *    size) with the same output settings and the same concurrency, on the same files; meanwhile
 *    the event loop's longest stall and Album.list latency (autocannon, 5 connections, another
 *    album) are measured.
 * 2. Cached Thumb.get, 50 connections, vs a bare Koa app streaming the same file.
 * 3. Album.list of 100 items with additional=thumb_size, in an album of 100 000.
 * 4. Album.move of an album of 20 000 photos whose thumbnails all exist vs one of 10.
 */
import { execFile } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Koa from 'koa';
import sharp from 'sharp';
import { createApp } from '../src/app.ts';
import { makeConfig } from '../src/config.ts';
import { albumId, itemId } from '../src/library/ids.ts';
import { scaled, SIZE_ORDER, THUMB_SIZES, thumbKey } from '../src/thumbs/sizes.ts';
import { OpsFixture } from '../test/helpers/ops-fixture.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const COUNT = Number(process.env.BENCH_COUNT ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const want = (part: string) => !only || only.includes(part);
const base = mkdtempSync(path.join(os.tmpdir(), 'ps-bench-thumbs-'));
const CONCURRENCY = 2;

interface Cannon {
  requests: { average: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

/** autocannon in a child process, so the load generator does not share the server's event loop. */
async function cannon(url: string, connections: number, seconds = SECONDS): Promise<Cannon> {
  const bin = path.join(here, '..', 'node_modules', 'autocannon', 'autocannon.js');
  const { stdout } = await promisify(execFile)(process.execPath, [bin, '-c', String(connections), '-d', String(seconds), '-j', url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as Cannon;
}

async function listen(app: Koa): Promise<{ url: string; close: () => void }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
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
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 88 }).toBuffer();
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
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i] as T, i);
    }
  }));
}

const out: string[] = [];
/** Each result is printed when it is known, and all of them again at the end. */
const report = (...lines: string[]) => {
  for (const l of lines) console.log(l);
  out.push(...lines);
};

async function benchCold(): Promise<void> {
  const dir = path.join(base, 'cold');
  const root = path.join(dir, 'photo');
  mkdirSync(path.join(root, 'Gen'), { recursive: true });
  mkdirSync(path.join(root, 'Browse'), { recursive: true });
  // A few distinct pictures, copied under many names: the decode is what is measured.
  const pictures = await Promise.all([1, 2, 3, 4].map(photo));
  process.stdout.write(`cold: writing ${COUNT} JPEGs of 12 MP (${(pictures[0]!.length / 1e6).toFixed(1)} MB each)\n`);
  for (let i = 0; i < COUNT; i++) writeFileSync(path.join(root, 'Gen', `g${String(i).padStart(5, '0')}.jpg`), pictures[i % pictures.length]!);
  const small = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toBuffer();
  for (let i = 0; i < 100; i++) writeFileSync(path.join(root, 'Browse', `b${i}.jpg`), small);
  const files = Array.from({ length: COUNT }, (_, i) => path.join(root, 'Gen', `g${String(i).padStart(5, '0')}.jpg`));

  // Baseline: sharp directly, same settings, same concurrency, same files.
  const naiveOut = path.join(base, 'naive');
  mkdirSync(naiveOut);
  let t = performance.now();
  await pool(files, CONCURRENCY, (f, i) => naive(f, naiveOut, i));
  const naiveSeconds = (performance.now() - t) / 1000;
  rmSync(naiveOut, { recursive: true, force: true });

  const station = await createApp(makeConfig(dir, { adminPassword: 'bench-pw', thumbConcurrency: CONCURRENCY }));
  await station.services.scanner.done;
  const srv = await listen(station.app);
  const entry = `${srv.url}/photo/webapi/entry.cgi`;
  const login = (await (await fetch(`${entry}?api=SYNO.PhotoStation.Auth&method=login&version=1&username=admin&password=bench-pw`)).json()) as { data: { sid: string } };
  const listUrl = `${entry}?api=SYNO.PhotoStation.Album&method=list&version=1&id=${albumId('Browse')}&offset=0&limit=100&additional=thumb_size&_sid=${login.data.sid}`;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  t = performance.now();
  const generating = station.services.thumbs.generateAll(() => {});
  // Album.list while it runs (the first seconds of it, or all of it for a short run).
  const during = cannon(listUrl, 5, Math.max(1, Math.min(SECONDS, Math.floor(naiveSeconds * 0.8))));
  const made = await generating;
  const oursSeconds = (performance.now() - t) / 1000;
  const list = await during;
  loop.disable();
  srv.close();
  await station.close();
  // The 100 small pictures of the browsed album are made too: counted in the time, not in the rate.
  if (made.made !== COUNT + 100) throw new Error(`expected ${COUNT + 100} made, got ${JSON.stringify(made)}`);
  const ours = (COUNT * 3) / oursSeconds;
  const direct = (COUNT * 3) / naiveSeconds;
  report(
    `cold generation, ${COUNT} JPEGs of 4000x3000, concurrency ${CONCURRENCY}: server ${ours.toFixed(1)} thumbnails/s, sharp directly (one pipeline per size) ${direct.toFixed(1)} thumbnails/s, ratio ${(ours / direct).toFixed(2)} (target >= 0.8)`,
    `  meanwhile: event loop max delay ${(loop.max / 1e6).toFixed(1)} ms (p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms; target max <= 50), Album.list (100 items, thumb_size, 5 connections) p50 ${list.latency.p50} ms, p99 ${list.latency.p99} ms (target < 50), ${Math.round(list.requests.average)} req/s, errors ${list.non2xx + list.errors}`,
  );
}

async function benchCached(): Promise<void> {
  const dir = path.join(base, 'cached');
  const root = path.join(dir, 'photo');
  mkdirSync(path.join(root, 'A'), { recursive: true });
  writeFileSync(path.join(root, 'A', 'a.jpg'), await photo(9));
  const station = await createApp(makeConfig(dir, { adminPassword: 'bench-pw' }));
  await station.services.scanner.done;
  station.services.db.prepare("UPDATE albums SET type = 'public' WHERE path = 'A'").run();
  const srv = await listen(station.app);
  const thumbUrl = `${srv.url}/photo/webapi/thumb.php?api=SYNO.PhotoStation.Thumb&method=get&version=1&id=${itemId('A', 'a.jpg', 'photo')}&size=small`;
  const first = await fetch(thumbUrl);
  if (first.headers.get('content-type') !== 'image/jpeg') throw new Error('no thumbnail');
  const row = station.services.library.items.get(station.services.library.albums.byPath('A')!.id, 'a.jpg')!;
  const file = station.services.thumbs.cache.file(thumbKey(row), 'small');
  const size = statSync(file).size;
  const bare = new Koa();
  // autocannon cuts its connections when it stops; that is not worth a stack trace.
  bare.silent = true;
  bare.use((ctx) => {
    ctx.type = 'image/jpeg';
    ctx.length = size;
    ctx.body = createReadStream(file);
  });
  const bareSrv = await listen(bare);
  // Alternated, best of three each: the machine is shared, and load moves between runs.
  let ours: Cannon | undefined;
  let plain: Cannon | undefined;
  for (let round = 0; round < 3; round++) {
    const a = await cannon(thumbUrl, 50);
    const b = await cannon(`${bareSrv.url}/`, 50);
    if (!ours || a.requests.average > ours.requests.average) ours = a;
    if (!plain || b.requests.average > plain.requests.average) plain = b;
  }
  if (!ours || !plain) throw new Error('no runs');
  bareSrv.close();
  srv.close();
  await station.close();
  report(
    `cached Thumb.get (small, ${size} bytes), 50 connections, best of 3 alternated runs: ${Math.round(ours.requests.average)} req/s (p99 ${ours.latency.p99} ms) vs bare Koa streaming the file ${Math.round(plain.requests.average)} req/s (p99 ${plain.latency.p99} ms): ratio ${(ours.requests.average / plain.requests.average).toFixed(2)} (target >= 0.8); errors ${ours.non2xx + ours.errors}`,
  );
}

async function benchList(): Promise<void> {
  const f = await OpsFixture.start();
  f.bulk('Big', 100_000, 1);
  f.lib.db.prepare("UPDATE albums SET type = 'public' WHERE path = 'Big'").run();
  const srv = f.station.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => srv.once('listening', resolve));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/photo/webapi/entry.cgi?api=SYNO.PhotoStation.Album&method=list&version=1&id=${albumId('Big')}&offset=50000&limit=100&additional=thumb_size`;
  const check = (await (await fetch(url)).json()) as { data: { items: { additional: { thumb_size: { sig: string } } }[] } };
  if (check.data.items.length !== 100 || !check.data.items[0]!.additional.thumb_size.sig) throw new Error('unexpected list answer');
  const c = await cannon(url, 50);
  srv.closeAllConnections();
  srv.close();
  await f.stop();
  report(`Album.list offset 50 000, limit 100, additional=thumb_size, album of 100 000, 50 connections: ${Math.round(c.requests.average)} req/s, p50 ${c.latency.p50} ms, p99 ${c.latency.p99} ms (target < 20), errors ${c.non2xx + c.errors}`);
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
  report(`Album.move with every thumbnail made: 20 000 photos ${times[20_000]!.toFixed(1)} ms vs 10 photos ${times[10]!.toFixed(1)} ms (median of 5): ratio ${(times[20_000]! / times[10]!).toFixed(2)} (target <= 3)`);
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
