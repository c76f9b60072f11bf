/**
 * npm run bench:batch — a selection of 100 000 photos (100 albums) moved as a background task
 * through HTTP (docs/performance.md, "Batch"): items per second against the raw baseline of
 * bench:move, the server's peak RSS, and the p99 of BackgroundTask.status, Album.list and a
 * trivial call (SYNO.API.Info) while the task runs. The server runs in its own process
 * (bench/server-child.ts), so its memory and event loop are its own. `-- --quick`: 20 000 photos.
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { albumId } from '../src/library/ids.ts';
import { OpsFixture } from '../test/helpers/ops-fixture.ts';
import { baseline } from './baseline.ts';

const quick = process.argv.includes('--quick');
const N = quick ? 20_000 : 100_000;
const ALBUMS = 100;
const CONNECTIONS = 4;
/** Requests per second per stream: a busy UI polling, not a saturating closed loop (see docs/performance.md). */
const RATE = 100;
const ms = (t: number) => Math.round(t * 10) / 10;
const mb = (kb: number) => Math.round(kb / 1024);

function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/**
 * Gives the bulk rows the size and mtime of their files, as a scan would have, so the server's
 * start-up scan finds nothing changed and no metadata pass competes with the measured task.
 */
function settle(f: OpsFixture): void {
  const rows = f.lib.db
    .prepare<[], { id: number; rel: string }>("SELECT items.id, albums.path || '/' || items.name AS rel FROM items JOIN albums ON albums.id = items.album_id")
    .all();
  const upd = f.lib.db.prepare('UPDATE items SET size = ?, mtime = ?, meta_pending = 0 WHERE id = ?');
  f.lib.db.transaction(() => {
    for (const r of rows) {
      const st = statSync(path.join(f.photoRoot, r.rel));
      upd.run(st.size, Math.trunc(st.mtimeMs), r.id);
    }
  })();
}

interface Run {
  took: number;
  rssBefore: number;
  hwm: number;
  loop: { max: number; p99: number; spikes: { at: number; ms: number; cpu: number }[] };
  latency: Record<string, autocannon.Result>;
  task: Record<string, unknown>;
}

/** One task over a fresh fixture; with `load`, three autocannon streams run against the server meanwhile. */
async function taskRun(load: boolean): Promise<Run> {
  const f = await OpsFixture.start();
  f.bulk('S', N, ALBUMS);
  f.album('D');
  settle(f);
  await f.stop(true);
  const child = fork(path.join(import.meta.dirname, 'server-child.ts'), [], { env: { ...process.env, BENCH_DATA: f.dir }, execArgv: ['--import', 'tsx'] });
  const next = () => new Promise<Record<string, unknown>>((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));
  const { port } = (await next()) as { port: number };
  const url = `http://127.0.0.1:${port}/photo/webapi/entry.cgi`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const post = async (p: Record<string, string>): Promise<any> => (await fetch(url, { method: 'POST', body: new URLSearchParams({ version: '1', ...p }) })).json();
  const sid = (await post({ api: 'SYNO.PhotoStation.Auth', method: 'login', username: 'admin', password: 'admin-pw' })).data.sid as string;
  const list = { api: 'SYNO.PhotoStation.Album', method: 'list', id: albumId('S/s5'), offset: '0', limit: '100', _sid: sid };
  if (!(await post(list)).success) throw new Error('Album.list failed');
  const rssBefore = memory(child.pid as number).rss;

  child.send('start');
  const t = performance.now();
  const submitted = await post({
    api: 'SYNO.PhotoStation.Batch',
    method: 'move',
    _sid: sid,
    selection: JSON.stringify([{ children: albumId('S'), recursive: true }]),
    to: albumId('D'),
  });
  const taskid = submitted.data?.taskid as string;
  if (!taskid) throw new Error(`submit failed: ${JSON.stringify(submitted)}`);

  const streams: Record<string, Record<string, string>> = {
    'BackgroundTask.status': { api: 'SYNO.PhotoStation.BackgroundTask', method: 'status', taskid, limit: '100', _sid: sid },
    'Album.list (100 items)': list,
    'SYNO.API.Info query (trivial)': { api: 'SYNO.API.Info', method: 'query', query: 'SYNO.PhotoStation.Batch' },
  };
  const cannons: { name: string; instance: autocannon.Instance; done: Promise<autocannon.Result> }[] = [];
  if (load) {
    for (const [name, params] of Object.entries(streams)) {
      let instance!: autocannon.Instance;
      const done = new Promise<autocannon.Result>((resolve) => {
        instance = autocannon(
          {
            url,
            connections: CONNECTIONS,
            overallRate: RATE,
            duration: 600,
            method: 'POST',
            body: new URLSearchParams({ version: '1', ...params }).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          },
          (_err, result) => resolve(result),
        );
      });
      cannons.push({ name, instance, done });
    }
  }
  let task: Record<string, unknown>;
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    task = (await post(streams['BackgroundTask.status'] as Record<string, string>)).data.task;
    if (task.status !== 'queued' && task.status !== 'processing') break;
  }
  const took = performance.now() - t;
  const latency: Record<string, autocannon.Result> = {};
  for (const c of cannons) {
    c.instance.stop();
    latency[c.name] = await c.done;
  }
  child.send('stop');
  const loop = (await next()) as Run['loop'];
  const { hwm } = memory(child.pid as number);
  child.send('exit');
  await new Promise((r) => child.once('exit', r));
  rmSync(f.dir, { recursive: true, force: true });
  if (task.status !== 'done' || task.processed !== N || task.result !== 200) throw new Error(`task ended ${JSON.stringify(task)}`);
  return { took, rssBefore, hwm, loop, latency, task };
}

console.log(
  `Node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}; ${new Date().toISOString()}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const f = await OpsFixture.start();
const base = await baseline(f, N);
await f.stop();
const quiet = await taskRun(false);
const loaded = await taskRun(true);

console.log('| measurement | result |\n|---|---|');
console.log(
  `| Batch.move task, selection of ${N} photos in ${ALBUMS} albums → one album, submit to done | ${ms(quiet.took)} ms = **${Math.round(N / (quiet.took / 1000))} items/s** |`,
);
console.log(`| baseline: \`fs.promises.rename\` per file + one UPDATE transaction, ${N} photos | ${ms(base)} ms = ${Math.round(N / (base / 1000))} items/s |`);
console.log(`| ratio task / baseline | ${(quiet.took / base).toFixed(2)}× |`);
console.log(`| server RSS before the task / peak (VmHWM) | ${mb(quiet.rssBefore)} / **${mb(quiet.hwm)} MB** (target < 300 MB) |`);
console.log(`| server event loop during the task: max / p99 | ${ms(quiet.loop.max)} / ${ms(quiet.loop.p99)} ms |`);
console.log(
  `| the same task while 3 autocannon streams read (${CONNECTIONS} connections, ${RATE} req/s each) | ${ms(loaded.took)} ms = ${Math.round(N / (loaded.took / 1000))} items/s; peak RSS ${mb(loaded.hwm)} MB |`,
);
for (const [name, r] of Object.entries(loaded.latency)) {
  console.log(`| ${name} during the task: p50 / p99 / max, requests, non-2xx | ${r.latency.p50} / **${r.latency.p99}** / ${r.latency.max} ms, ${r.requests.total}, ${r.non2xx} |`);
}
console.log(`| server event loop under load: max / p99 | ${ms(loaded.loop.max)} / ${ms(loaded.loop.p99)} ms |`);
const spikes = (run: Run) => run.loop.spikes.map((x) => `${x.at}: ${x.ms}/${x.cpu}`).join(', ') || 'none';
console.log(`| server loop stalls over 30 ms (at ms: wall ms / CPU ms), quiet run | ${spikes(quiet)} |`);
console.log(`| the same, loaded run | ${spikes(loaded)} |`);
