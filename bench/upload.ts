/**
 * Upload throughput and event-loop delay while a large file streams in.
 * `npx tsx bench/upload.ts [MiB] [--no-flush]` (default 200). The client is curl, in its own process.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../src/app.ts';
import { makeConfig } from '../src/config.ts';

const mib = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200);
// `--no-flush`: the before half of the durability figure (config.flush off: no fsync of the file and its folder).
const flush = !process.argv.includes('--no-flush');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ps-bench-upload-'));
const ps = await createApp(makeConfig(path.join(dir, 'data'), { adminPassword: 'admin-pw', flush }));
const server = ps.app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo/webapi`;
mkdirSync(path.join(ps.services.config.photoRoot, 'Big'));
ps.services.library.albums.insert(ps.services.library.albums.root(), 'Big', 0);

const source = path.join(dir, 'big.mp4');
writeFileSync(source, Buffer.alloc(mib * 1024 * 1024, 7));
// Asynchronous, so the server's event loop keeps running while curl talks to it.
const curl = (args: string[]) =>
  new Promise<string>((resolve, reject) => execFile('curl', ['-s', ...args], { maxBuffer: 1 << 20 }, (err, out) => (err ? reject(err) : resolve(out))));
const login = JSON.parse(await curl(['-d', 'api=SYNO.PhotoStation.Auth&method=login&version=1&username=admin&password=admin-pw', `${base}/auth.php`])) as { data: { sid: string } };

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const t0 = performance.now();
const out = await curl([
  '-F',
  'api=SYNO.PhotoStation.File',
  '-F',
  'method=uploadvideo',
  '-F',
  'version=1',
  '-F',
  'dest_folder_path=Big',
  '-F',
  `_sid=${login.data.sid}`,
  '-F',
  `original=@${source}`,
  `${base}/file.php`,
]);
const ms = performance.now() - t0;
delay.disable();
const stored = statSync(path.join(ps.services.config.photoRoot, 'Big/big.mp4')).size;
console.log(out);
console.log(
  `${mib} MiB in ${ms.toFixed(0)} ms = ${(mib / (ms / 1000)).toFixed(0)} MiB/s; stored ${stored} bytes; event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
);
server.close();
await ps.close();
rmSync(dir, { recursive: true, force: true });
