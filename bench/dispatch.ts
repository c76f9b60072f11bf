/**
 * `npm run bench:dispatch`: what the WebAPI layer costs, measured the way a user runs the server
 * (issue #19 item 5). Three processes:
 *
 * - the real server, `node --import tsx src/main.ts` (what `npm start` runs), with its access log
 *   on, to a file (PHOTOSTATION_ACCESS_LOG), on a temporary data folder;
 * - a bare Koa app (bench/bare-app.ts) answering the bytes the real server answered, with the
 *   same headers, for the same URLs;
 * - the duties app (bench/duties-app.ts): the bare app plus the duties of every call (query
 *   parsed, call looked up, access line logged), the floor of a real server;
 * - autocannon (bench/cannon.ts), 50 connections, against one of them at a time.
 *
 * Each process's CPU time is read from /proc (user + system), so the CPU columns are each app
 * alone. After the runs the server is stopped with SIGTERM and its access log must hold one line
 * per answered request: the log was really written, and flushed at shutdown.
 *
 * BENCH_DURATION (seconds, default 10) and BENCH_ROUNDS (default 1: server then bare app per
 * call; more rounds alternate) adjust the runs. BENCH_CPU_PROF=<dir> writes a V8 CPU profile of
 * the server process there. BENCH_SERVER=precompiled runs the server from JavaScript compiled
 * ahead of time (bench/precompile.ts) instead of tsx, to see what tsx costs at steady state.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cannon } from './cannon.ts';
import { precompile } from './precompile.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = '/photo/webapi/entry.cgi';
const TICK_US = 10_000; // CLK_TCK is 100 on Linux.

/** User and system CPU of a process so far, in microseconds. */
function cpuSplit(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces: the fields after it start past its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * TICK_US, system: Number(fields[12]) * TICK_US };
}

/** Starts a process and waits for the line that carries its URL. */
function start(args: string[], env: NodeJS.ProcessEnv, cwd: string, urlOf: (line: string) => string | undefined): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let found = false;
    lines.on('line', (line) => {
      const url = found ? undefined : urlOf(line);
      if (url === undefined) return;
      found = true;
      resolve({ child, url });
    });
    child.once('exit', (code) => {
      if (!found) reject(new Error(`${args.join(' ')} exited with ${code}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  const lines = createInterface({ input: createReadStream(file) });
  lines.on('line', () => n++);
  await new Promise((resolve) => lines.once('close', resolve));
  return n;
}

interface Run {
  rps: number;
  p99: number;
  total: number;
  cpuPerRequest: number;
  /** The part of cpuPerRequest spent in the kernel (sockets, the log's writes). */
  systemPerRequest: number;
}

async function measure(pid: number, url: string, seconds: number): Promise<Run> {
  const before = cpuSplit(pid);
  const r = await cannon(url, seconds);
  const after = cpuSplit(pid);
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${url}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  const total = r.requests.total;
  const system = after.system - before.system;
  return { rps: r.requests.average, p99: r.latency.p99, total, cpuPerRequest: (after.user - before.user + system) / total, systemPerRequest: system / total };
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_DURATION ?? 10);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
  const prof = process.env.BENCH_CPU_PROF;
  const precompiled = process.env.BENCH_SERVER === 'precompiled';
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-dispatch-'));
  const accessLog = path.join(dir, 'access.log');
  const children: ChildProcess[] = [];
  try {
    const serverRoot = precompiled ? await precompile(path.join(dir, 'build')) : repo;
    const loader = precompiled ? ['--import', path.join(serverRoot, 'bench', 'ts-as-js.mjs')] : ['--import', 'tsx'];
    const env = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PHOTOSTATION_DATA: path.join(dir, 'data'),
      PHOTOSTATION_ADMIN_PASSWORD: 'bench-pw',
      PHOTOSTATION_ACCESS_LOG: accessLog,
    };
    const server = await start(
      [...loader, ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(prof)}`] : []), 'src/main.ts'],
      env,
      serverRoot,
      (line) => /^Photo Station server on (http:\/\/[^/]+)\//.exec(line)?.[1],
    );
    children.push(server.child);

    const login = await fetch(`${server.url}${ENTRY}?api=SYNO.PhotoStation.Auth&method=login&version=1&username=admin&password=bench-pw`);
    const sid = ((await login.json()) as { data: { sid: string } }).data.sid;
    const targets = [
      { name: '`SYNO.API.Info` `query=all`', path: `${ENTRY}?api=SYNO.API.Info&method=query&version=1&query=all` },
      { name: '`SYNO.PhotoStation.Auth` `checkauth`', path: `${ENTRY}?api=SYNO.PhotoStation.Auth&method=checkauth&version=1&_sid=${sid}` },
    ];
    // The exact bytes and headers the real server answers, for the bare app to answer.
    const recorded: Record<string, { headers: Record<string, string>; body: string }> = {};
    for (const t of targets) {
      const res = await fetch(server.url + t.path);
      const headers: Record<string, string> = {};
      for (const name of ['Content-Type', 'Cache-Control', 'X-Content-Type-Options', 'X-Frame-Options']) headers[name] = res.headers.get(name) ?? '';
      recorded[t.path] = { headers, body: Buffer.from(await res.arrayBuffer()).toString('base64') };
    }
    const answersFile = path.join(dir, 'answers.json');
    writeFileSync(answersFile, JSON.stringify(recorded));
    const bare = await start(['--import', 'tsx', 'bench/bare-app.ts', answersFile], process.env, repo, (line) => (line.startsWith('http://') ? line : undefined));
    children.push(bare.child);
    const dutiesLog = path.join(dir, 'duties-access.log');
    const duties = await start(['--import', 'tsx', 'bench/duties-app.ts', answersFile, dutiesLog], process.env, repo, (line) => (line.startsWith('http://') ? line : undefined));
    children.push(duties.child);
    for (const [what, other] of [
      ['bare', bare],
      ['duties', duties],
    ] as const) {
      for (const t of targets) {
        const mine = await fetch(other.url + t.path);
        if (Buffer.from(await mine.arrayBuffer()).toString('base64') !== recorded[t.path]?.body) throw new Error(`the ${what} app does not answer ${t.path} as the server does`);
      }
    }

    const load = loadavg().map((l) => l.toFixed(1));
    process.stdout.write(
      `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, server under ${precompiled ? 'precompiled JavaScript' : 'tsx'}, ` +
        `access log to a file, ${seconds} s per run, 50 connections, ${rounds} round(s); load average before ${load.join(' ')}\n` +
        'bare: the same bytes and headers, nothing else (bench/bare-app.ts); duties: bare plus the query parsed, the call looked up and the access line logged (bench/duties-app.ts)\n\n',
    );
    process.stdout.write(
      '| call | server req/s | bare req/s | duties req/s | server/bare | server/duties | p99 ms server, bare, duties | CPU µs/req (system) server | bare | duties |\n',
    );
    process.stdout.write('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n');
    // The login and the recording calls above, then what autocannon saw answered.
    let requests = 1 + targets.length;
    const sides = [server, bare, duties];
    for (let round = 0; round < rounds; round++) {
      for (const t of targets) {
        // Rotate which goes first, so that a change in the machine's load hits all alike.
        const runs: Run[] = [];
        for (let k = 0; k < sides.length; k++) {
          const i = (k + round) % sides.length;
          const side = sides[i] as { child: ChildProcess; url: string };
          runs[i] = await measure(side.child.pid!, side.url + t.path, seconds);
        }
        const [s, o, d] = runs as [Run, Run, Run];
        requests += s.total;
        const cpu = (r: Run) => `${r.cpuPerRequest.toFixed(1)} (${r.systemPerRequest.toFixed(1)})`;
        const cells = [
          t.name,
          Math.round(s.rps),
          Math.round(o.rps),
          Math.round(d.rps),
          `**${(s.rps / o.rps).toFixed(2)}**`,
          `**${(s.rps / d.rps).toFixed(2)}**`,
          `${s.p99}, ${o.p99}, ${d.p99}`,
          cpu(s),
          cpu(o),
          cpu(d),
        ];
        process.stdout.write(`| ${cells.join(' | ')} |\n`);
      }
    }
    process.stdout.write(
      `\nload average after ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
    await stop(server.child);
    // autocannon counts answered requests; the log holds one line per call, written after its answer.
    const lines = await countLines(accessLog);
    process.stdout.write(`access log: ${lines} lines for at least ${requests} answered calls (${lines >= requests ? 'all written' : 'LINES MISSING'})\n`);
    if (lines < requests) process.exitCode = 1;
  } finally {
    for (const c of children) await stop(c);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
