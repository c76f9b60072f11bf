/**
 * `npm run bench:dispatch:in-process`: what the WebAPI dispatch costs, in the first way it was
 * measured (the headline is now bench/dispatch.ts, with the server run as `npm start` runs it). The real server and a bare Koa app
 * that answers the same bytes for the same URLs run in a child process; autocannon runs here, so
 * that the load generator never shares an event loop with what it measures.
 *
 * BENCH_DURATION (seconds, default 10) and BENCH_CONNECTIONS (default 50) adjust the runs;
 * BENCH_RATE (requests/s, default: as many as answered) holds both apps to one rate, which makes
 * the CPU columns comparable between runs on a busy machine;
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server process there (open it in Chrome
 * DevTools or speedscope).
 */
import { answerCpuProbes } from './cannon.ts';
import autocannon from 'autocannon';
import Koa from 'koa';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.ts';
import { makeConfig } from '../src/config.ts';

interface Target {
  name: string;
  path: string;
}

interface Ready {
  server: string;
  bare: string;
  targets: Target[];
}

const ENTRY = '/photo/webapi/entry.cgi';

/** Child: the real server on a temporary data folder, and the bare app that mimics it. */
async function serve(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-bench-'));
  // No log (the default): writing access lines to a terminal would measure the terminal.
  const station = await createApp(makeConfig(dir, { adminPassword: 'bench-pw' }));
  const listen = (app: Koa) =>
    new Promise<string>((resolve) => {
      const srv = app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`));
    });
  const server = await listen(station.app);

  const login = await fetch(`${server}${ENTRY}?api=SYNO.PhotoStation.Auth&method=login&version=1&username=admin&password=bench-pw`);
  const sid = ((await login.json()) as { data: { sid: string } }).data.sid;
  const targets: Target[] = [
    { name: 'SYNO.API.Info query=all', path: `${ENTRY}?api=SYNO.API.Info&method=query&version=1&query=all` },
    { name: 'SYNO.PhotoStation.Auth checkauth', path: `${ENTRY}?api=SYNO.PhotoStation.Auth&method=checkauth&version=1&_sid=${sid}` },
  ];

  // The exact bytes and headers the real server answers, served from memory by the bare app.
  const answers = new Map<string, { body: Buffer; headers: Record<string, string> }>();
  for (const t of targets) {
    const res = await fetch(server + t.path);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'cache-control', 'x-content-type-options', 'x-frame-options']) headers[name] = res.headers.get(name) ?? '';
    answers.set(t.path, { body: Buffer.from(await res.arrayBuffer()), headers });
  }
  const bareApp = new Koa();
  bareApp.use((ctx) => {
    const a = answers.get(ctx.url);
    if (!a) return;
    ctx.set(a.headers);
    ctx.body = a.body;
  });
  const bare = await listen(bareApp);

  answerCpuProbes();
  process.send?.({ server, bare, targets } satisfies Ready);
  process.on('disconnect', () => {
    void station.close().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

async function measure(child: ChildProcess, url: string, duration: number, connections: number, overallRate: number | undefined) {
  const cpu = new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { cpuMicros: number }).cpuMicros)));
  child.send('cpu-start');
  const r = await autocannon({ url, duration, connections, ...(overallRate ? { overallRate } : {}) });
  child.send('cpu-stop');
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${url}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  return { rps: r.requests.average, p99: r.latency.p99, cpuPerRequest: (await cpu) / r.requests.total };
}

async function main(): Promise<void> {
  const duration = Number(process.env.BENCH_DURATION ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const rate = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
  const prof = process.env.BENCH_CPU_PROF;
  const execArgv = ['--import', 'tsx', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])];
  const child = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`the server process exited with ${code}`)));
  });
  try {
    process.stdout.write(
      `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${duration} s, ${connections} connections${rate ? `, ${rate} requests/s` : ''}\n\n`,
    );
    process.stdout.write('| call | server req/s | bare req/s | ratio | server p99 ms | bare p99 ms | server CPU µs/req | bare CPU µs/req | CPU ratio bare/server |\n');
    process.stdout.write('|---|---:|---:|---:|---:|---:|---:|---:|---:|\n');
    for (const t of ready.targets) {
      const server = await measure(child, ready.server + t.path, duration, connections, rate);
      const bare = await measure(child, ready.bare + t.path, duration, connections, rate);
      const cells = [
        t.name,
        Math.round(server.rps),
        Math.round(bare.rps),
        (server.rps / bare.rps).toFixed(2),
        server.p99,
        bare.p99,
        server.cpuPerRequest.toFixed(1),
        bare.cpuPerRequest.toFixed(1),
        (bare.cpuPerRequest / server.cpuPerRequest).toFixed(2),
      ];
      process.stdout.write(`| ${cells.join(' | ')} |\n`);
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.disconnect();
    await exited;
  }
}

if (process.argv[2] === 'serve') await serve();
else await main();
