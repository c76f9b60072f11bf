/**
 * The real server in its own process, as `npm start` runs it (`node --import tsx src/main.ts`),
 * on a data folder prepared beforehand, with bench/loop-probe.ts loaded to measure its event loop
 * on request. Shared by the benchmarks that must measure the way a user runs the server.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface LoopReport {
  max: number;
  p99: number;
  stalls: { at: number; ms: number; cpuMs: number; waitMs: number; gcMs: number }[];
}

/** CPU time (ms) a process used so far, all its threads (/proc/<pid>/stat utime + stime). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The real server in its own process, as `npm start` runs it; its log lines go to a file. */
export class ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  #replies: Array<(m: unknown) => void> = [];

  private constructor(child: ChildProcess, url: string) {
    this.child = child;
    this.url = url;
    child.on('message', (m) => this.#replies.shift()?.(m));
  }

  static async start(dataDir: string, env: Record<string, string>): Promise<ServerProcess> {
    const logFile = path.join(dataDir, 'server.log');
    const log = openSync(logFile, 'w');
    // BENCH_CPU_PROF=<dir>: V8 CPU profiles of the server's threads, written there when it exits;
    // BENCH_CPU_PROF_INTERVAL=<µs> samples finer than V8's 1 000 µs (a 300 ms move gets 300 samples at the default).
    const interval = process.env.BENCH_CPU_PROF_INTERVAL ? [`--cpu-prof-interval=${process.env.BENCH_CPU_PROF_INTERVAL}`] : [];
    const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, ...interval] : [];
    const child = spawn(process.execPath, [...prof, '--import', 'tsx', '--import', './bench/loop-probe.ts', 'src/main.ts'], {
      cwd: repo,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PHOTOSTATION_DATA: dataDir, PHOTOSTATION_ADMIN_PASSWORD: 'bench-pw', ...env },
      stdio: ['ignore', log, 'inherit', 'ipc'],
    });
    closeSync(log);
    let exited = false;
    child.once('exit', () => (exited = true));
    for (;;) {
      const m = /on (http:\/\/\S+)\/photo\/webapi\/entry\.cgi/.exec(readFileSync(logFile, 'utf8'));
      if (m) return new ServerProcess(child, m[1] as string);
      if (exited) throw new Error(`the server ended before listening: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Starts / stops the event-loop probe (bench/loop-probe.ts) inside the server. */
  loopStart(): void {
    this.child.send({ loop: 'start' });
  }

  loopStop(): Promise<LoopReport> {
    return new Promise((resolve) => {
      this.#replies.push((m) => resolve((m as { loop: LoopReport }).loop));
      this.child.send({ loop: 'stop' });
    });
  }

  /** Waits until the server used under 3% of a core for two seconds running (start-up scan, metadata pass done). */
  async quiet(limitSeconds = 600): Promise<number> {
    const t = performance.now();
    let calm = 0;
    let last = processCpuMs(this.child.pid!);
    // A profiled server (BENCH_CPU_PROF) spends its samplers' CPU every second, one per thread
    // (300-400 ms a second with the server's workers): calm is then judged against that cost,
    // else the wait would always run to its limit.
    const idleMs = process.env.BENCH_CPU_PROF ? 600 : 30;
    while (calm < 2 && performance.now() - t < limitSeconds * 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = processCpuMs(this.child.pid!);
      calm = now - last <= idleMs ? calm + 1 : 0;
      last = now;
    }
    return (performance.now() - t) / 1000;
  }

  /** The administrator's session; `password` for a data folder made by a test fixture, not by the server. */
  async login(password = 'bench-pw'): Promise<string> {
    const res = (await (await fetch(`${this.url}/photo/webapi/entry.cgi?api=SYNO.PhotoStation.Auth&method=login&version=1&username=admin&password=${password}`)).json()) as {
      data: { sid: string };
    };
    return res.data.sid;
  }

  async stop(): Promise<void> {
    const ended = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await ended;
  }
}
