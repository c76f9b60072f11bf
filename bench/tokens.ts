/**
 * `npm run bench:tokens`: what authenticating with an app token costs against a session cookie
 * (SPEC §17, issue #17's target: token-authenticated `checkauth` at least 0.8 of the cookie's
 * throughput, in the same run). The server runs in a child process, autocannon here; the two
 * carriers are measured in turns (cookie, token, cookie, token, ...) so that a busy machine
 * weighs on both alike, and each turn's ratio is reported beside the median.
 *
 * The token call is the full path: the `Authorization: Token token="..."` header parsed, the
 * signature (cached by the token's text) and the token's row and user checked, and the renewed
 * token signed (once a second) and sent in `X-token`.
 *
 * BENCH_DURATION (seconds per turn, default 5), BENCH_CONNECTIONS (default 50) and BENCH_ROUNDS
 * (default 3) adjust the runs.
 */
import { answerCpuProbes } from './cannon.ts';
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.ts';
import { makeConfig } from '../src/config.ts';

interface Ready {
  server: string;
  sid: string;
  token: string;
}

const CHECKAUTH = '/photo/webapi/entry.cgi?api=SYNO.PhotoStation.Auth&method=checkauth&version=1';

/** Child: the real server on a temporary data folder, a session and a token of the administrator. */
async function serve(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-bench-'));
  // No log (the default): writing access lines to a terminal would measure the terminal.
  const station = await createApp(makeConfig(dir, { adminPassword: 'bench-pw' }));
  const server = await new Promise<string>((resolve) => {
    const srv = station.app.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`));
  });
  const login = await fetch(`${server}/photo/webapi/entry.cgi?api=SYNO.PhotoStation.Auth&method=login&version=1&username=admin&password=bench-pw`);
  const sid = ((await login.json()) as { data: { sid: string } }).data.sid;
  const body = new URLSearchParams({
    api: 'SYNO.PhotoStation.AppToken',
    method: 'create',
    version: '1',
    name: 'bench',
    abilities: '{"*":["browse","upload","manage"]}',
    ttl: '86400',
    _sid: sid,
  });
  const made = await fetch(`${server}/photo/webapi/entry.cgi`, { method: 'POST', body });
  const token = ((await made.json()) as { data: { token: string } }).data.token;

  answerCpuProbes();
  process.send?.({ server, sid, token } satisfies Ready);
  process.on('disconnect', () => {
    void station.close().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

interface Result {
  rps: number;
  p99: number;
  cpuPerRequest: number;
}

async function measure(child: ChildProcess, url: string, headers: Record<string, string>, duration: number, connections: number, expect: RegExp): Promise<Result> {
  // One request first: the answer must be the success the run counts, not a fast refusal.
  const probe = await fetch(url, { headers });
  const text = await probe.text();
  if (!expect.test(text)) throw new Error(`${url}: unexpected answer ${text.slice(0, 200)}`);
  const cpu = new Promise<number>((resolve) => child.once('message', (m) => resolve((m as { cpuMicros: number }).cpuMicros)));
  child.send('cpu-start');
  const r = await autocannon({ url, duration, connections, headers });
  child.send('cpu-stop');
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${url}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  return { rps: r.requests.average, p99: r.latency.p99, cpuPerRequest: (await cpu) / r.requests.total };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const duration = Number(process.env.BENCH_DURATION ?? 5);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const child = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv: ['--import', 'tsx'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`the server process exited with ${code}`)));
  });
  const url = ready.server + CHECKAUTH;
  const ok = /^\{"success":true,"data":\{"sid":/;
  try {
    process.stdout.write(
      `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${rounds} rounds of ${duration} s per carrier, ${connections} connections\n`,
    );
    process.stdout.write(`load average before: ${load()}\n\n`);
    process.stdout.write('| round | cookie req/s | token req/s | ratio | cookie p99 ms | token p99 ms | cookie CPU µs/req | token CPU µs/req |\n');
    process.stdout.write('|---|---:|---:|---:|---:|---:|---:|---:|\n');
    const ratios: number[] = [];
    const cookieRps: number[] = [];
    const tokenRps: number[] = [];
    const cpuRatios: number[] = [];
    for (let i = 1; i <= rounds; i++) {
      const cookie = await measure(child, url, { Cookie: `PHPSESSID=${ready.sid}` }, duration, connections, ok);
      const token = await measure(child, url, { Authorization: `Token token="${ready.token}"` }, duration, connections, /^\{"success":true,"data":\{"sid":null/);
      ratios.push(token.rps / cookie.rps);
      cpuRatios.push(cookie.cpuPerRequest / token.cpuPerRequest);
      cookieRps.push(cookie.rps);
      tokenRps.push(token.rps);
      const cells = [
        i,
        Math.round(cookie.rps),
        Math.round(token.rps),
        (token.rps / cookie.rps).toFixed(2),
        cookie.p99,
        token.p99,
        cookie.cpuPerRequest.toFixed(0),
        token.cpuPerRequest.toFixed(0),
      ];
      process.stdout.write(`| ${cells.join(' | ')} |\n`);
    }
    process.stdout.write(
      `\nmedian: cookie ${Math.round(median(cookieRps))} req/s, token ${Math.round(median(tokenRps))} req/s, throughput ratio token/cookie ${median(ratios).toFixed(2)} (target >= 0.8), CPU ratio cookie/token ${median(cpuRatios).toFixed(2)}\n`,
    );
    process.stdout.write(`load average after: ${load()}\n`);
  } finally {
    child.disconnect();
  }
}

if (process.argv[2] === 'serve') await serve();
else await main();
