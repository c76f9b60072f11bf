/**
 * `npm run load -- [--seconds 60] [--warmup 10] [--connections 64] [--seed N]`: mixed traffic
 * from concurrent keep-alive workers against the real server in its own process on loopback
 * (docs/reliability.md, "Load"). Reads go to albums no one changes; each worker changes only its
 * own albums, so every answer is known in advance: a success envelope, or one of the expected
 * domain errors listed in EXPECTED. Exits 1 on any failure or when the server's RSS at the end
 * is more than 20% above its RSS after the warm-up.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { albumId, itemId } from '../src/library/ids.ts';
import { ChildServer } from '../test/helpers/child-server.ts';
import type { ChildEnvelope } from '../test/helpers/child-server.ts';
import { Rng } from './fuzz/prng.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};
const SECONDS = arg('seconds', 60);
const WARMUP = arg('warmup', 10);
const CONNECTIONS = arg('connections', 64);
const SEED = arg('seed', 1);
const READ_ALBUMS = 5;
const READ_ITEMS = 40;

/** Domain errors a correct server may answer under this traffic, by method; anything else is a failure. */
const EXPECTED: Record<string, Record<number, string>> = {
  'Batch.copy': { 603: 'task queue full (16 queued or running tasks; 64 workers submit)' },
};

const png = readFileSync(new URL('../test/fixtures/plain.png', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'ps-load-'));
const photo = path.join(dir, 'photo');
const readIds: string[] = [];
for (let a = 0; a < READ_ALBUMS; a++) {
  mkdirSync(path.join(photo, `R${a}`), { recursive: true });
  for (let i = 0; i < READ_ITEMS; i++) {
    writeFileSync(path.join(photo, `R${a}`, `r${i}.jpg`), `read ${a}/${i}`);
    readIds.push(itemId(`R${a}`, `r${i}.jpg`, 'photo'));
  }
}
for (let w = 0; w < CONNECTIONS; w++) {
  for (const sub of ['a', 'b', 'x', 'y', 'c', 'cc', 'up', 'bt']) mkdirSync(path.join(photo, `W${w}`, sub), { recursive: true });
  for (let k = 0; k < 3; k++) writeFileSync(path.join(photo, `W${w}`, 'x', `m${k}.jpg`), `move ${w}/${k}`);
  writeFileSync(path.join(photo, `W${w}`, 'a', 'inside.jpg'), `inside ${w}`);
}

const server = await ChildServer.start(dir);
const sid = await server.login();
const latencies = new Map<string, number[]>();
const failures: string[] = [];
const expected = new Map<string, number>();
let measuring = false;
let requests = 0;

async function timed(method: string, send: () => Promise<ChildEnvelope>): Promise<ChildEnvelope> {
  const t = performance.now();
  let r: ChildEnvelope;
  try {
    r = await send();
  } catch (err) {
    failures.push(`${method}: no answer (${(err as Error).message})`);
    return { success: false, error: { code: -1 } };
  }
  const ms = performance.now() - t;
  if (measuring) {
    requests++;
    const list = latencies.get(method) ?? [];
    list.push(ms);
    latencies.set(method, list);
  }
  if (!r.success) {
    const code = r.error?.code ?? -1;
    const why = EXPECTED[method]?.[code];
    if (why) expected.set(`${method} ${code}: ${why}`, (expected.get(`${method} ${code}: ${why}`) ?? 0) + 1);
    else failures.push(`${method}: ${JSON.stringify(r)}`);
  }
  return r;
}

const call = (method: string, params: Record<string, string>) => timed(method, () => server.call(params, sid));
const api = (name: string) => `SYNO.PhotoStation.${name}`;

async function worker(w: number, until: number): Promise<void> {
  const rng = new Rng(SEED * 1000 + w);
  const own = `W${w}`;
  let albumIn = own; // where W<w>/a is: under W<w> or under W<w>/b
  let movedIn = 'x'; // where the m*.jpg files are
  let cursor = '0';
  let uploads = 0;
  while (performance.now() < until) {
    const pick = rng.weighted([
      [3, 'Album.list'], [2, 'Album.getinfo'], [2, 'Photo.getinfo'], [2, 'Photo.list'], [1, 'upload'], [1, 'copy'],
      [1, 'move'], [1, 'Album.move'], [1, 'cancel'], [0.25, 'batch'], [1, 'Sync.list'],
    ] as const);
    const items = () => Array.from({ length: rng.int(1, 5) }, () => rng.pick(readIds)).filter((v, i, l) => l.indexOf(v) === i).join(',');
    switch (pick) {
      case 'Album.list':
        await call('Album.list', { api: api('Album'), method: 'list', id: rng.chance(0.3) ? '' : albumId(`R${rng.int(0, READ_ALBUMS - 1)}`), offset: '0', limit: '50', additional: 'album_permission,item_count' });
        break;
      case 'Album.getinfo':
        await call('Album.getinfo', { api: api('Album'), method: 'getinfo', id: albumId(`R${rng.int(0, READ_ALBUMS - 1)}`) });
        break;
      case 'Photo.getinfo':
        await call('Photo.getinfo', { api: api('Photo'), method: 'getinfo', id: items() });
        break;
      case 'Photo.list':
        await call('Photo.list', { api: api('Photo'), method: 'list', offset: String(rng.int(0, 150)), limit: '50', type: 'photo' });
        break;
      case 'upload':
        await timed('File.uploadphoto', async () => {
          const form = new FormData();
          const fields = { api: api('File'), method: 'uploadphoto', version: '1', _sid: sid, dest_folder_path: `${own}/up`, duplicate: 'overwrite', filename: `u${uploads++ % 5}.png`, mtime: '1700000000' };
          for (const [k, v] of Object.entries(fields)) form.append(k, v);
          form.append('original', new Blob([png]), 'x.png');
          return (await (await fetch(server.url.replace('entry.cgi', 'file.php'), { method: 'POST', body: form })).json()) as ChildEnvelope;
        });
        break;
      case 'copy':
        await call('Photo.copy copy', { api: api('Photo'), method: 'copy', id: items(), sharepath: albumId(`${own}/c`), mode: 'copy', duplicate: 'overwrite' });
        break;
      case 'move': {
        const to = movedIn === 'x' ? 'y' : 'x';
        const ids = [0, 1, 2].map((k) => itemId(`${own}/${movedIn}`, `m${k}.jpg`, 'photo')).join(',');
        const r = await call('Photo.copy move', { api: api('Photo'), method: 'copy', id: ids, sharepath: albumId(`${own}/${to}`), mode: 'move', duplicate: 'ignore' });
        if (r.success) movedIn = to;
        break;
      }
      case 'Album.move': {
        const to = albumIn === own ? `${own}/b` : own;
        const r = await call('Album.move', { api: api('Album'), method: 'move', id: albumId(`${albumIn}/a`), sharepath: albumId(to), duplicate: 'ignore' });
        if (r.success) albumIn = to;
        break;
      }
      case 'cancel': {
        // A copy and its cancel race: either may win; both must answer success.
        const id = items();
        await Promise.all([
          call('Photo.copy copy (cancelled)', { api: api('Photo'), method: 'copy', id, sharepath: albumId(`${own}/cc`), mode: 'copy', duplicate: 'overwrite' }),
          call('Photo.cancel', { api: api('Photo'), method: 'cancel', action: 'mvcp', id }),
        ]);
        break;
      }
      case 'batch': {
        const ops = Array.from({ length: 5 }, () => ({ from: rng.pick(readIds), to: albumId(`${own}/bt`), duplicate: 'overwrite' })).filter((o, i, l) => l.findIndex((p) => p.from === o.from) === i);
        const r = await call('Batch.copy', { api: api('Batch'), method: 'copy', async: 'true', operations: JSON.stringify(ops) });
        if (!r.success) break;
        for (;;) {
          const s = await call('BackgroundTask.status', { api: api('BackgroundTask'), method: 'status', taskid: r.data.taskid as string });
          if (!s.success || !['queued', 'processing'].includes(s.data.task.status as string)) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        break;
      }
      case 'Sync.list': {
        const r = await call('Sync.list', { api: api('Sync'), method: 'list', cursor, limit: '200', wait: '0' });
        if (r.success) cursor = String(r.data.cursor);
        break;
      }
    }
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

const start = performance.now();
const end = start + (WARMUP + SECONDS) * 1000;
const workers = Array.from({ length: CONNECTIONS }, (_, w) => worker(w, end));
await new Promise((r) => setTimeout(r, WARMUP * 1000));
if (server.dead) throw new Error(`server died during warm-up: ${JSON.stringify(server.logs.slice(-5))}`);
const rssWarm = server.rssKiB();
const rssSamples = [rssWarm];
measuring = true;
const measuredFrom = performance.now();
const sampler = setInterval(() => rssSamples.push(server.rssKiB()), 1000);
await Promise.all(workers);
const measuredMs = performance.now() - measuredFrom;
clearInterval(sampler);
const rssEnd = server.rssKiB();
const errors = server.logs.filter((l) => l.level === 'error');
for (const e of errors) failures.push(`server log: ${String(e.msg)} ${String(e.stack ?? '').split('\n')[0]}`);
await server.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });

const out = process.stdout;
out.write(`${CONNECTIONS} connections, ${WARMUP} s warm-up + ${(measuredMs / 1000).toFixed(1)} s measured, Node ${process.version}, ${os.cpus().length} CPUs\n`);
out.write(`requests (measured) ${requests} (${Math.round(requests / (measuredMs / 1000))}/s), failures ${failures.length}\n\n`);
out.write('| method | requests | p50 ms | p99 ms |\n|---|---|---|---|\n');
for (const [m, xs] of [...latencies].sort((a, b) => b[1].length - a[1].length)) out.write(`| ${m} | ${xs.length} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 99).toFixed(1)} |\n`);
out.write(`\nexpected domain errors: ${expected.size === 0 ? 'none' : [...expected].map(([k, v]) => `${k} x${v}`).join('; ')}\n`);
const growth = (rssEnd - rssWarm) / rssWarm;
out.write(`server RSS: after warm-up ${(rssWarm / 1024).toFixed(1)} MiB, end ${(rssEnd / 1024).toFixed(1)} MiB (${(growth * 100).toFixed(1)}%), max ${(Math.max(...rssSamples) / 1024).toFixed(1)} MiB\n`);
for (const f of failures.slice(0, 20)) out.write(`FAILURE ${f}\n`);
process.exit(failures.length > 0 || growth > 0.2 ? 1 : 0);
