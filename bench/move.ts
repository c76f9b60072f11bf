/**
 * npm run bench:move — move, copy and delete against baselines measured in the same run
 * (docs/performance.md, "Move, copy, delete"). Fixtures are written directly (files + index rows
 * in one transaction); the operations go through HTTP like any client's.
 */
import autocannon from 'autocannon';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fork } from 'node:child_process';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { albumId, itemId } from '../src/library/ids.ts';
import { OpsFixture } from '../test/helpers/ops-fixture.ts';
import { ServerProcess } from './server-process.ts';
import { baseline, floor, floorWithDuties, floorWithDutiesPipelined, floorWithDutiesSliced, requestDuties, settleDisk } from './baseline.ts';

const ms = (t: number) => Math.round(t * 10) / 10;
const small = process.argv.includes('--quick');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The form of `Photo.copy mode=move duplicate=rename` of `ids` into the album at `dest`, as a client posts it. */
function moveBody(sid: string, ids: string, dest: string): URLSearchParams {
  return new URLSearchParams({ version: '1', _sid: sid, api: 'SYNO.PhotoStation.Photo', method: 'copy', id: ids, sharepath: albumId(dest), mode: 'move', duplicate: 'rename' });
}

/** Each size is moved back and forth several times; the median is reported (the machine is shared). */
async function albumMoves(): Promise<void> {
  const sizes: [number, number][] = small
    ? [
        [10, 10],
        [1000, 10],
        [10_000, 100],
      ]
    : [
        [10, 10],
        [10_000, 100],
        [100_000, 1000],
      ];
  const medians: number[] = [];
  for (const [photos, albums] of sizes) {
    const f = await OpsFixture.start();
    f.bulk('Big', photos, albums);
    f.album('Dest');
    // Warm-up: the first request of a process pays for JIT and statement caches.
    f.album('Warm/w');
    await f.call('SYNO.PhotoStation.Album', 'move', { id: albumId('Warm/w'), sharepath: '', duplicate: 'ignore' });
    const times: number[] = [];
    for (let i = 0; i < 2 * ROUNDS - 1; i++) {
      const [from, to] = i % 2 === 0 ? ['Big', 'Dest'] : ['Dest/Big', ''];
      const t = performance.now();
      const r = await f.call('SYNO.PhotoStation.Album', 'move', { id: albumId(from), sharepath: albumId(to), duplicate: 'ignore' });
      times.push(performance.now() - t);
      if (!r.success || r.data.items[0].status !== 204) throw new Error(`Album.move failed: ${JSON.stringify(r)}`);
    }
    medians.push(median(times));
    console.log(`| Album.move, ${photos} photos in ${albums} sub-albums (median of ${times.length}) | ${ms(median(times))} ms |`);
    await f.stop();
  }
  console.log(`| ratio largest / 10-photo move | ${(medians[medians.length - 1]! / medians[0]!).toFixed(2)}× (target ≤ 3×) |`);
}

interface MoveRun {
  took: number;
  loopMax: number;
  latency?: autocannon.Result;
  read?: string;
}

/** `flush: false` only for the before half of the durability figure (config.flush). */
async function photoMove(n: number, withLoad: boolean, flush = true): Promise<MoveRun> {
  const f = await OpsFixture.start({ flush });
  f.bulk('S', n, 1);
  f.album('D');
  settleDisk();
  const ids = Array.from({ length: n }, (_, i) => itemId('S', `p${i}.jpg`, 'photo')).join(',');
  // Album.list answers success once the browse branch is merged; until then checkauth stands in.
  const list = await f.call('SYNO.PhotoStation.Album', 'list', { id: '', offset: '0', limit: '50' });
  const read: Record<string, string> = list.success
    ? { api: 'SYNO.PhotoStation.Album', method: 'list', id: '', offset: '0', limit: '50' }
    : { api: 'SYNO.PhotoStation.Auth', method: 'checkauth' };
  const h = monitorEventLoopDelay({ resolution: 1 });
  let cannon: autocannon.Instance | undefined;
  let done: Promise<autocannon.Result> | undefined;
  if (withLoad) {
    const body = new URLSearchParams({ version: '1', _sid: f.adminSid, ...read }).toString();
    done = new Promise((resolve) => {
      cannon = autocannon({ url: f.url, connections: 20, duration: 120, method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (_err, result) =>
        resolve(result),
      );
    });
    await new Promise((r) => setTimeout(r, 300));
  }
  h.enable();
  const t = performance.now();
  const r = await f.call('SYNO.PhotoStation.Photo', 'copy', { id: ids, sharepath: albumId('D'), mode: 'move', duplicate: 'rename' });
  const took = performance.now() - t;
  h.disable();
  if (!r.success || r.data.items.length !== n) throw new Error('Photo.copy move failed');
  let latency: autocannon.Result | undefined;
  if (cannon) {
    cannon.stop();
    latency = await done;
  }
  await f.stop();
  return { took, loopMax: h.max / 1e6, latency, read: `${read.api} ${read.method}` };
}

async function moveVersusBaseline(): Promise<void> {
  const n = small ? 2000 : Number(process.env.BENCH_MOVE_N ?? 10_000);
  const ours: MoveRun[] = [];
  const unflushed: MoveRun[] = [];
  const base: number[] = [];
  const bare: number[] = [];
  const durable: number[] = [];
  const duties: number[] = [];
  const dutiesDurable: number[] = [];
  const sliced: number[] = [];
  const slicedDurable: number[] = [];
  const piped: number[] = [];
  const pipedDurable: number[] = [];
  const request: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const f = await OpsFixture.start();
    base.push(await baseline(f, n));
    durable.push(floor(f, n, true));
    await f.stop();
    const g = await OpsFixture.start({ flush: false });
    bare.push(floor(g, n, false));
    duties.push(floorWithDuties(g, n, false));
    await g.stop();
    const h = await OpsFixture.start();
    dutiesDurable.push(floorWithDuties(h, n, true));
    slicedDurable.push(await floorWithDutiesSliced(h, n, true));
    pipedDurable.push(await floorWithDutiesPipelined(h, n, true));
    await h.stop();
    const k = await OpsFixture.start({ flush: false });
    sliced.push(await floorWithDutiesSliced(k, n, false));
    piped.push(await floorWithDutiesPipelined(k, n, false));
    await k.stop();
    ours.push(await photoMove(n, false));
    unflushed.push(await photoMove(n, false, false));
    request.push(requestDuties(n));
  }
  const m = median(ours.map((o) => o.took));
  const u = median(unflushed.map((o) => o.took));
  const b = median(base);
  const fl = median(bare);
  const d = median(durable);
  const runs = (xs: number[]) => xs.map(ms).join(', ');
  console.log(`| Photo.copy mode=move, ${n} photos, flushed (median of ${ROUNDS}; runs ${runs(ours.map((o) => o.took))}) | ${ms(m)} ms |`);
  console.log(`| the same without the flushes (PHOTOSTATION_FLUSH=0; runs ${runs(unflushed.map((o) => o.took))}) | ${ms(u)} ms |`);
  console.log(`| cost of durability (folder fsyncs and two index-log fsyncs per batch) | ${ms(m - u)} ms (${((m / u - 1) * 100).toFixed(0)} %) |`);
  console.log(`| old baseline: fs.promises.rename each + one UPDATE transaction (runs ${runs(base)}) | ${ms(b)} ms |`);
  console.log(`| floor: renameSync loop + one UPDATE transaction, no flush (runs ${runs(bare)}) | ${ms(fl)} ms |`);
  console.log(`| floor with the same flushes: + fsync of both folders and of the index log (runs ${runs(durable)}) | ${ms(d)} ms |`);
  const dd = median(dutiesDurable);
  const du = median(duties);
  console.log(`| floor with the server's duties: + journal intent, lstat of the way and the source, feed event per item, no flush (runs ${runs(duties)}) | ${ms(du)} ms |`);
  console.log(`| the same with the flushes, + the index log's fsync after the intents (runs ${runs(dutiesDurable)}) | ${ms(dd)} ms |`);
  const sl = median(sliced);
  const sd = median(slicedDurable);
  console.log(`| the server's duties cut as a server must: batches of 200, 10 ms slices, event-loop turns, no flush (runs ${runs(sliced)}) | ${ms(sl)} ms |`);
  console.log(`| the same with the flushes (group commit) (runs ${runs(slicedDurable)}) | ${ms(sd)} ms |`);
  const pl = median(piped);
  const pd = median(pipedDurable);
  console.log(
    `| the same on two threads: a worker does each batch's disk steps while the main thread commits the batch before and journals the batch after, no flush (runs ${runs(piped)}) | ${ms(pl)} ms |`,
  );
  console.log(`| the same with the flushes (runs ${runs(pipedDurable)}) | ${ms(pd)} ms |`);
  console.log(`| ratio pipelined duties floor with flushes / floor with flushes (without) | ${(pd / d).toFixed(2)}× (${(pl / fl).toFixed(2)}×) |`);
  // Round by round: the floors of one round share its fixture and its moment of the disk.
  const perRound = (xs: number[], ys: number[]) => xs.map((x, i) => (x / ys[i]!).toFixed(2)).join(', ');
  console.log(`| the same ratios round by round, with flushes (without) | ${perRound(pipedDurable, durable)} (${perRound(piped, bare)}) |`);
  const rq = median(request);
  console.log(`| the request's own duties: ${n} ids read from the form body and decoded, ${n} results written as JSON (runs ${runs(request)}) | ${ms(rq)} ms |`);
  console.log(
    `| ratio (pipelined duties floor + the request's duties) / floor, with flushes (without); round by round | ${((pd + rq) / d).toFixed(2)}× (${((pl + rq) / fl).toFixed(2)}×); ${perRound(
      pipedDurable.map((x, i) => x + request[i]!),
      durable,
    )} |`,
  );
  console.log(`| ratio flushed move / (pipelined duties floor + the request's duties), with flushes | ${(m / (pd + rq)).toFixed(2)}× |`);
  console.log(`| ratio sliced duties floor with flushes / floor with flushes | ${(sd / d).toFixed(2)}× |`);
  console.log(`| ratio sliced duties floor / floor, no flush | ${(sl / fl).toFixed(2)}× |`);
  console.log(`| ratio flushed move / sliced duties floor with flushes | ${(m / sd).toFixed(2)}× |`);
  console.log(`| ratio unflushed move / sliced duties floor, no flush | ${(u / sl).toFixed(2)}× |`);
  console.log(`| ratio flushed move / floor with flushes (target ≤ 2×) | ${(m / d).toFixed(2)}× |`);
  console.log(`| ratio flushed move / floor with duties and flushes | ${(m / dd).toFixed(2)}× |`);
  console.log(`| ratio unflushed move / floor with duties, no flush | ${(u / du).toFixed(2)}× |`);
  console.log(`| ratio unflushed move / floor without (target ≤ 2×) | ${(u / fl).toFixed(2)}× |`);
  console.log(`| ratio flushed move / old baseline | ${(m / b).toFixed(2)}× |`);
  console.log(`| event loop max delay during the move (runs) | ${ours.map((o) => ms(o.loopMax)).join(', ')} ms |`);
  // `--no-load` skips the rounds under read load (the durability and floor figures do not need them).
  if (process.argv.includes('--no-load')) return;
  const loaded: MoveRun[] = [];
  for (let i = 0; i < ROUNDS; i++) loaded.push(await photoMove(n, true));
  const l = loaded[0]!;
  console.log(`| Photo.copy mode=move, ${n} photos, while ${l.read} runs from 20 connections (runs) | ${loaded.map((o) => ms(o.took)).join(', ')} ms |`);
  console.log(`| read p99 latency during the move (runs; target < 50 ms) | ${loaded.map((o) => o.latency!.latency.p99).join(', ')} ms |`);
  console.log(
    `| read p50 / max latency, requests, non-2xx (runs) | ${loaded.map((o) => `${o.latency!.latency.p50} / ${o.latency!.latency.max} ms, ${o.latency!.requests.total}, ${o.latency!.non2xx}`).join('; ')} |`,
  );
  console.log(`| event loop max delay during the move under load (runs; target < 50 ms) | ${loaded.map((o) => ms(o.loopMax)).join(', ')} ms |`);
}

/** A 100 000-item move with the server in its own process, so its loop delay excludes the client's work. */
async function hugeMoveOwnProcess(): Promise<void> {
  const n = small ? 20_000 : 100_000;
  // BENCH_HUGE_ALBUMS: how many source albums the photos are spread over (10 by default; 1 puts all of them in one folder).
  const albums = Number(process.env.BENCH_HUGE_ALBUMS ?? 10);
  const f = await OpsFixture.start();
  f.bulk('S', n, albums);
  f.album('D');
  await f.stop(true);
  const child = fork(path.join(import.meta.dirname, 'server-child.ts'), [], {
    env: { ...process.env, BENCH_DATA: f.dir },
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_TRACE_GC ? ['--trace-gc'] : []),
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
  });
  const next = () => new Promise<Record<string, unknown>>((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));
  const { port } = (await next()) as { port: number };
  const url = `http://127.0.0.1:${port}/photo/webapi/entry.cgi`;
  const post = async (p: Record<string, string>) =>
    (await (await fetch(url, { method: 'POST', body: new URLSearchParams({ version: '1', ...p }) })).json()) as { success: boolean; data: { sid: string; items: unknown[] } };
  const sid = (await post({ api: 'SYNO.PhotoStation.Auth', method: 'login', username: 'admin', password: 'admin-pw' })).data.sid;
  const ids = Array.from({ length: n }, (_, i) => itemId(albums === 1 ? 'S' : `S/s${i % albums}`, `p${i}.jpg`, 'photo')).join(',');
  const body = moveBody(sid, ids, 'D');
  child.send('start');
  const t = performance.now();
  const res = await fetch(url, { method: 'POST', body });
  const took = performance.now() - t;
  const answer = (await res.json()) as { success: boolean; data: { items: unknown[] } };
  child.send('stop');
  const loop = (await next()) as { max: number; p99: number; spikes: { at: number; ms: number; cpu: number }[]; startedAt: number };
  child.send('exit');
  await new Promise((r) => child.once('exit', r));
  rmSync(f.dir, { recursive: true, force: true });
  if (!answer.success || answer.data.items.length !== n) throw new Error('huge move failed');
  console.log(`| Photo.copy mode=move, ${n} photos in one request, server in its own process | ${ms(took)} ms |`);
  console.log(`| server event loop during it: max / p99 | ${ms(loop.max)} / ${ms(loop.p99)} ms |`);
  console.log(`| server loop stalls over 30 ms (at ms: wall ms / CPU ms) | ${loop.spikes.map((x) => `${x.at}: ${x.ms}/${x.cpu}`).join(', ') || 'none'} |`);
  // With BENCH_TRACE_GC the collector's lines are stamped in ms since the server process began.
  if (process.env.BENCH_TRACE_GC) console.log(`| the move began at (ms since the server process began) | ${loop.startedAt} |`);
}

/**
 * The item move the way a user runs the server (issue #19: measure as a user runs it): `npm
 * start`'s server in its own process (access log on, bench/server-process.ts), the client here,
 * so the client's work (a 150 KiB request, a 5 000-item answer parsed) is not on the server's
 * loop; against the physical floors measured in this process in the same round. Each round also
 * times the same move with the disk thread off (`PHOTOSTATION_DISK_THREAD=0`: every step on the
 * main thread, the engine before session 16), alternating which goes first.
 */
async function moveServerProcess(): Promise<void> {
  const n = small ? 2000 : Number(process.env.BENCH_MOVE_N ?? 5000);
  const runs: { took: number; oneThread: number; loop: number; loopOne: number; floor: number; flushedFloor: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const g = await OpsFixture.start();
    const bare = floor(g, n, false);
    const flushedFloor = floor(g, n, true);
    await g.stop();
    const timed: Record<string, { took: number; loop: number }> = {};
    for (const thread of i % 2 === 0 ? ['1', '0'] : ['0', '1']) timed[thread] = await serverMove(n, { PHOTOSTATION_DISK_THREAD: thread });
    runs.push({ took: timed['1']!.took, loop: timed['1']!.loop, oneThread: timed['0']!.took, loopOne: timed['0']!.loop, floor: bare, flushedFloor });
  }
  const list = (xs: number[]) => xs.map(ms).join(', ');
  const m = median(runs.map((r) => r.took));
  const one = median(runs.map((r) => r.oneThread));
  const fl = median(runs.map((r) => r.floor));
  const fd = median(runs.map((r) => r.flushedFloor));
  console.log(`| Photo.copy mode=move, ${n} photos, server as \`npm start\` runs it (median of ${ROUNDS}; runs ${list(runs.map((r) => r.took))}) | ${ms(m)} ms |`);
  console.log(`| the same, disk thread off (PHOTOSTATION_DISK_THREAD=0; runs ${list(runs.map((r) => r.oneThread))}) | ${ms(one)} ms |`);
  console.log(`| floor: renameSync loop + one UPDATE transaction, no flush (runs ${list(runs.map((r) => r.floor))}) | ${ms(fl)} ms |`);
  console.log(`| floor with the flushes (runs ${list(runs.map((r) => r.flushedFloor))}) | ${ms(fd)} ms |`);
  console.log(`| ratio move / floor with flushes (target ≤ 2×); / floor without | ${(m / fd).toFixed(2)}×; ${(m / fl).toFixed(2)}× |`);
  console.log(`| ratio with the disk thread off / floor with flushes | ${(one / fd).toFixed(2)}× |`);
  console.log(`| server event loop max during the move (runs); disk thread off | ${list(runs.map((r) => r.loop))}; ${list(runs.map((r) => r.loopOne))} ms |`);
}

/** One timed move of `n` photos S → D on a server process started with `env`, after a warm-up move of 1 000 others. */
async function serverMove(n: number, env: Record<string, string>): Promise<{ took: number; loop: number }> {
  const f = await OpsFixture.start();
  f.bulk('S', n, 1);
  f.album('D');
  f.bulk('W', 1000, 1);
  f.album('WD');
  await f.stop(true);
  settleDisk();
  const server = await ServerProcess.start(f.dir, { PHOTOSTATION_THUMB_BACKGROUND: '0', ...env });
  try {
    await server.quiet();
    const sid = await server.login('admin-pw');
    const url = `${server.url}/photo/webapi/entry.cgi`;
    // A running server has its code compiled: a first move of 1 000 other photos warms it up;
    // BENCH_WARM_MOVES=k moves them back and forth k times.
    for (let k = 0; k < Number(process.env.BENCH_WARM_MOVES ?? 1); k++) {
      const [from, to] = k % 2 === 0 ? ['W', 'WD'] : ['WD', 'W'];
      const warm = Array.from({ length: 1000 }, (_, j) => itemId(from, `p${j}.jpg`, 'photo')).join(',');
      if (!((await (await fetch(url, { method: 'POST', body: moveBody(sid, warm, to) })).json()) as { success: boolean }).success) throw new Error('warm-up move failed');
    }
    settleDisk();
    const ids = Array.from({ length: n }, (_, k) => itemId('S', `p${k}.jpg`, 'photo')).join(',');
    const body = moveBody(sid, ids, 'D').toString();
    server.loopStart();
    const t = performance.now();
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const text = await res.text();
    const took = performance.now() - t;
    const loop = await server.loopStop();
    const answer = JSON.parse(text) as { success: boolean; data: { items: { status: number }[] } };
    if (!answer.success || answer.data.items.length !== n || answer.data.items.some((it) => it.status !== 204)) throw new Error(`move failed: ${text.slice(0, 200)}`);
    if (readdirSync(path.join(f.dir, 'photo', 'D')).length !== n || readdirSync(path.join(f.dir, 'photo', 'S')).length !== 0) throw new Error('not every file was moved');
    return { took, loop: loop.max };
  } finally {
    await server.stop();
    rmSync(f.dir, { recursive: true, force: true });
  }
}

console.log(`Node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}; ${new Date().toISOString()}`);
console.log('| measurement | result |\n|---|---|');
// `--only=album|move|process|huge` runs one part.
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
if (!only || only === 'album') await albumMoves();
if (!only || only === 'move') await moveVersusBaseline();
if (!only || only === 'process') await moveServerProcess();
if (!only || only === 'huge') await hugeMoveOwnProcess();
