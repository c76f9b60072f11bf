/**
 * `npm run bench:library`: the library's two promises, each against a baseline in the same run.
 *
 * 1. Scan of 100 000 small files in 1 000 folders, against `find` listing the same tree: the
 *    structural pass into an empty index (discovery: readdir and rows, no stat), the rescan of
 *    the unchanged tree (an lstat per known file), the metadata pass (open, fstat, EXIF) and the
 *    whole scan, each the best of 3. The structural pass lists folders on the reading thread
 *    (src/library/folder-queue.ts), which a server starts with its scanner; it is up before the
 *    timed runs, and its start and the process's CPU time over both threads are reported too.
 * 2. Album.list of 100 items at offset 99 900 in an album of 100 000 photos, 50 connections
 *    (autocannon in a child process), against SYNO.API.Info query=all on the same server.
 * 3. Requests while a server's start-up metadata pass reads the 100 000 files of part 1 (EXIF on
 *    the metadata thread): SYNO.API.Info from 50 connections during the pass against the same
 *    after it, the server's event-loop delay, and how many files the pass read meanwhile.
 *
 * Trees are generated once under $BENCH_DIR (default: the OS temp folder) and reused.
 * BENCH_SECONDS sets each load run's duration (default 8); BENCH_ONLY=scan, list or meta runs one part.
 */
import { cannon } from './cannon.ts';
import type { Cannon } from './cannon.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.ts';
import { makeConfig } from '../src/config.ts';
import { Checkpoints } from '../src/db/checkpoints.ts';
import { openDatabase } from '../src/db/open.ts';
import { albumId } from '../src/library/ids.ts';
import { readingThreadUp } from '../src/library/folder-queue.ts';
import { metadataThreadUp } from '../src/library/metadata-thread.ts';
import { Library } from '../src/library/library.ts';
import { Scanner } from '../src/library/scan.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const base = path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'ps-bench-library');
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const fixture = readFileSync(path.join(here, '..', 'test', 'fixtures', 'exif.jpg'));

function generate(root: string, folders: number, perFolder: number, name: (f: number) => string): void {
  const marker = path.join(root, '.generated');
  if (existsSync(marker)) return;
  const started = performance.now();
  rmSync(root, { recursive: true, force: true });
  for (let f = 0; f < folders; f++) {
    const dir = path.join(root, name(f));
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < perFolder; i++) writeFileSync(path.join(dir, `img${String(i).padStart(6, '0')}.jpg`), fixture);
  }
  writeFileSync(marker, '');
  console.log(`generated ${folders * perFolder} files in ${root} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

function best(runs: number, fn: () => number): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, fn());
  return min;
}

function timeShell(cmd: string): number {
  const started = performance.now();
  const out = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${cmd} failed: ${out.stderr}`);
  return performance.now() - started;
}

interface ScanTimes {
  structureMs: number;
  structureCpu: number;
  metadataMs: number;
  rescanMs: number;
  rescanCpu: number;
  files: number;
  rescanned: number;
}

/** CPU ms of this process, all threads, spent in `work`. */
async function cpu<T>(work: () => Promise<T>): Promise<[T, number]> {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  return [result, (used.user + used.system) / 1000];
}

/**
 * The structural pass into an empty index, then the metadata pass (a scan whose structural pass
 * finds nothing to do), then a rescan of the unchanged tree with every row complete.
 */
async function scanOnce(root: string): Promise<ScanTimes> {
  const dir = path.join(base, 'scan-data');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const config = makeConfig(dir, { photoRoot: root });
  const db = openDatabase(config.dbPath);
  // As the server does: the log is checkpointed on the checkpoint thread (src/db/checkpoints.ts).
  const checkpoints = new Checkpoints(db, config.dbPath);
  if (!(await checkpoints.ready())) throw new Error('the checkpoint thread did not take the index');
  const scanner = new Scanner(new Library(db, config));
  const [first, structureCpu] = await cpu(() => scanner.scan({ structureOnly: true }));
  const full = await scanner.scan();
  const pending = db.prepare('SELECT count(*) FROM items WHERE meta_pending > 0').pluck().get() as number;
  if (pending !== 0) throw new Error(`${pending} rows still pending after the metadata pass`);
  const [again, rescanCpu] = await cpu(() => scanner.scan({ structureOnly: true }));
  await checkpoints.close();
  db.close();
  for (const r of [full, again]) {
    if (r.structure.added + r.structure.changed + r.structure.removed !== 0) throw new Error('a rescan of an unchanged tree changed rows');
  }
  return {
    structureMs: first.structure.ms,
    structureCpu,
    metadataMs: full.metadata.ms,
    rescanMs: again.structure.ms,
    rescanCpu,
    files: first.structure.files,
    rescanned: again.structure.files,
  };
}

async function benchScan(): Promise<string[]> {
  const root = path.join(base, 'scan-tree');
  generate(root, 1000, 100, (f) => `folder${String(f).padStart(4, '0')}`);
  const q = JSON.stringify(root);
  const find = best(3, () => timeShell(`find ${q} -type f | wc -l`));
  const findStat = best(3, () => timeShell(`find ${q} -type f -printf '%s %T@\\n' | wc -l`));
  const threadStart = performance.now();
  if (!(await readingThreadUp())) throw new Error('the reading thread did not start');
  const threadMs = performance.now() - threadStart;
  let structure = Infinity;
  let structureCpu = Infinity;
  let rescanCpu = Infinity;
  let metadata = Infinity;
  let full = Infinity;
  let rescan = Infinity;
  let files = 0;
  for (let i = 0; i < 3; i++) {
    const r = await scanOnce(root);
    structure = Math.min(structure, r.structureMs);
    metadata = Math.min(metadata, r.metadataMs);
    full = Math.min(full, r.structureMs + r.metadataMs);
    rescan = Math.min(rescan, r.rescanMs);
    structureCpu = Math.min(structureCpu, r.structureCpu);
    rescanCpu = Math.min(rescanCpu, r.rescanCpu);
    files = r.files;
    if (r.rescanned !== files) throw new Error(`the rescan saw ${r.rescanned} files, the first pass ${files}`);
  }
  const rate = (ms: number) => Math.round(files / (ms / 1000)).toLocaleString('en');
  const row = (name: string, ms: number) => `| ${name} | ${ms.toFixed(0)} ms | ${rate(ms)} | ${(ms / find).toFixed(1)}× |`;
  const lines = [
    row('`find <root> -type f \\| wc -l` (baseline)', find),
    row("`find -printf '%s %T@'` (find with a stat per file)", findStat),
    row('structural pass, empty index: discovery (readdir + rows, no stat; target ≤ 5×)', structure),
    row('structural pass, nothing changed: rescan (readdir + lstat of every known file)', rescan),
    row('metadata pass (open + fstat + EXIF of every file)', metadata),
    row('full scan (structure + metadata)', full),
  ];
  console.log(
    `\nScan of ${files} files in 1 000 folders (best of 3 each, warm page cache; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}):\n| run | time | files/s | vs find |\n|---|---|---|---|\n${lines.join('\n')}`,
  );
  console.log(
    `\nCPU time of the process over all its threads (best of 3): discovery ${structureCpu.toFixed(0)} ms, rescan ${rescanCpu.toFixed(0)} ms. ` +
      `The reading thread took ${threadMs.toFixed(0)} ms to start (once per process, with the server).`,
  );
  return lines;
}

async function benchList(): Promise<string[]> {
  const dir = path.join(base, 'list-data');
  const root = path.join(dir, 'photo');
  generate(root, 1, 100_000, () => 'Big');
  // The index is rebuilt by the start-up scan; keep it between runs (an unchanged tree rescans fast).
  const station = await createApp(makeConfig(dir, { adminPassword: 'bench-pw' }));
  await station.services.scanner.done;
  const server = station.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  const entry = `http://127.0.0.1:${port}/photo/webapi/entry.cgi`;
  const login = (await (await fetch(`${entry}?api=SYNO.PhotoStation.Auth&method=login&version=1&username=admin&password=bench-pw`)).json()) as { data: { sid: string } };
  const sid = login.data.sid;
  const listUrl = `${entry}?api=SYNO.PhotoStation.Album&method=list&version=1&id=${albumId('Big')}&offset=99900&limit=100&_sid=${sid}`;
  const infoUrl = `${entry}?api=SYNO.API.Info&method=query&version=1&query=all`;

  const first = performance.now();
  const check = (await (await fetch(listUrl)).json()) as { data: { total: number; offset: number; items: unknown[] } };
  const coldMs = performance.now() - first;
  if (check.data.total !== 100_000 || check.data.items.length !== 100 || check.data.offset !== 100_000) throw new Error('unexpected list answer');

  // The query the cache replaces, timed on the same index.
  const big = station.services.library.albums.byPath('Big')!;
  const naive = station.services.db.prepare('SELECT * FROM items WHERE album_id = ? ORDER BY name COLLATE NOCASE, name, id LIMIT 100 OFFSET 99900');
  const naiveMs = best(5, () => {
    const t = performance.now();
    naive.all(big.id);
    return performance.now() - t;
  });

  const info = await cannon(infoUrl, seconds);
  const list = await cannon(listUrl, seconds);
  server.closeAllConnections();
  server.close();
  await station.close();
  const row = (name: string, c: Cannon) =>
    `| ${name} | ${Math.round(c.requests.average).toLocaleString('en')} | ${c.latency.p50} ms | ${c.latency.p99} ms | ${c.non2xx + c.errors} |`;
  const lines = [row('`SYNO.API.Info query=all` (baseline)', info), row('`Album.list` offset 99 900, limit 100', list)];
  console.log(
    `\nAlbum.list in an album of 100 000 photos, 50 connections, ${seconds} s each:\n| request | req/s | p50 | p99 | errors |\n|---|---|---|---|---|\n${lines.join('\n')}` +
      `\nlist throughput = ${((list.requests.average / info.requests.average) * 100).toFixed(0)} % of Info; first list (builds the sorted id cache): ${coldMs.toFixed(1)} ms;` +
      ` the uncached ORDER BY … OFFSET 99900 query alone: ${naiveMs.toFixed(1)} ms`,
  );
  return lines;
}

async function benchDuringMetadata(): Promise<void> {
  const root = path.join(base, 'scan-tree');
  generate(root, 1000, 100, (f) => `folder${String(f).padStart(4, '0')}`);
  const dir = path.join(base, 'meta-data');
  rmSync(dir, { recursive: true, force: true });
  if (!(await metadataThreadUp())) throw new Error('the metadata thread did not start');
  const station = await createApp(makeConfig(dir, { photoRoot: root, adminPassword: 'bench-pw' }));
  const pending = station.services.db.prepare('SELECT count(*) FROM items WHERE meta_pending > 0').pluck();
  const server = station.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const infoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo/webapi/entry.cgi?api=SYNO.API.Info&method=query&version=1&query=all`;
  const before = pending.get() as number;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const during = await cannon(infoUrl, seconds);
  loop.disable();
  const read = before - (pending.get() as number);
  await station.services.scanner.done;
  const after = await cannon(infoUrl, seconds);
  server.closeAllConnections();
  server.close();
  await station.close();
  const row = (name: string, c: Cannon) =>
    `| ${name} | ${Math.round(c.requests.average).toLocaleString('en')} | ${c.latency.p50} ms | ${c.latency.p99} ms | ${c.non2xx + c.errors} |`;
  console.log(
    `\nRequests during the start-up metadata pass over ${before.toLocaleString('en')} files, 50 connections, ${seconds} s each:\n| while | req/s | p50 | p99 | errors |\n|---|---|---|---|---|\n` +
      `${row('the metadata pass runs', during)}\n${row('after it (baseline)', after)}\n` +
      `files read during the first run: ${read.toLocaleString('en')}; server event loop during it: max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms`,
  );
}

const only = process.env.BENCH_ONLY;
if (!only || only === 'scan') await benchScan();
if (!only || only === 'list') await benchList();
if (!only || only === 'meta') await benchDuringMetadata();
