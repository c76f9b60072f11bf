/**
 * What bench/million.ts and bench/million-reads.ts share: the server in its own process (as
 * `npm start` runs it, thumbnails off, bench/loop-probe.ts inside it from its first turn),
 * autocannon in a child process, and readings of /proc and of the index file.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ENTRY = '/photo/webapi/entry.cgi';
export const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export { cannon } from './cannon.ts';
export type { Cannon } from './cannon.ts';
import type { LoopReport } from './server-process.ts';
export type { LoopReport };

export interface MemoryReport {
  rss: number;
  heapUsed: number;
  external: number;
  sqliteFileBytes: number;
  rows: Record<string, number>;
}

/** CPU time (ms) a process used so far, all its threads. */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Peak and current resident memory of a process (kB lines of /proc/<pid>/status), in bytes. */
export function residentBytes(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'latin1');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** The real server in its own process; log lines to a file; the loop and memory probes over IPC. */
export class Server {
  readonly child: ChildProcess;
  readonly spawnedAt: number;
  url = '';
  #log: string;
  #loopReplies: Array<(r: LoopReport) => void> = [];
  #memoryReplies = new Map<number, (r: MemoryReport) => void>();
  #probe = 0;

  constructor(dataDir: string, logName: string) {
    this.#log = path.join(dataDir, logName);
    const log = openSync(this.#log, 'w');
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, ['--import', 'tsx', '--import', './bench/million-probe.ts', 'src/main.ts'], {
      cwd: repo,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PHOTOSTATION_DATA: dataDir, PHOTOSTATION_ADMIN_PASSWORD: 'bench-pw', PHOTOSTATION_THUMB_BACKGROUND: '0' },
      stdio: ['ignore', log, 'inherit', 'ipc'],
    });
    closeSync(log);
    this.child.on('message', (m: { loop?: LoopReport; probe?: number; report?: MemoryReport }) => {
      if (m.loop) this.#loopReplies.shift()?.(m.loop);
      if (typeof m.probe === 'number' && m.report) this.#memoryReplies.get(m.probe)?.(m.report);
    });
  }

  /** Milliseconds from the spawn to the listening line. */
  async listening(): Promise<number> {
    let exited = false;
    this.child.once('exit', () => (exited = true));
    for (;;) {
      const m = /on (http:\/\/\S+)\/photo\/webapi\/entry\.cgi/.exec(readFileSync(this.#log, 'utf8'));
      if (m) {
        this.url = m[1] as string;
        return performance.now() - this.spawnedAt;
      }
      if (exited) throw new Error(`the server ended before listening: ${readFileSync(this.#log, 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  logText(): string {
    return readFileSync(this.#log, 'utf8');
  }

  loopStart(): void {
    this.child.send({ loop: 'start' });
  }

  loopStop(): Promise<LoopReport> {
    return new Promise((resolve) => {
      this.#loopReplies.push(resolve);
      this.child.send({ loop: 'stop' });
    });
  }

  memory(): Promise<MemoryReport> {
    const n = ++this.#probe;
    return new Promise((resolve) => {
      this.#memoryReplies.set(n, resolve);
      this.child.send({ probe: n });
    });
  }

  async login(): Promise<string> {
    const res = (await (await fetch(`${this.url}${ENTRY}?api=SYNO.PhotoStation.Auth&method=login&version=1&username=admin&password=bench-pw`)).json()) as { data: { sid: string } };
    return res.data.sid;
  }

  async call(sid: string, api: string, method: string, params: Record<string, string>): Promise<{ success: boolean; data: Record<string, unknown>; error?: unknown }> {
    const body = new URLSearchParams({ api, method, version: '1', ...params, _sid: sid });
    const res = await fetch(this.url + ENTRY, { method: 'POST', body });
    return (await res.json()) as { success: boolean; data: Record<string, unknown> };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const ended = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await ended;
  }
}

/** Size of the index on disk: the database file and its write-ahead log. */
export function indexBytes(dataDir: string): { db: number; wal: number } {
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  return { db: size(path.join(dataDir, 'photostation.db')), wal: size(path.join(dataDir, 'photostation.db-wal')) };
}

/** Polls the index (read-only, its own connection) until no row waits for the metadata pass. */
export async function indexed(dataDir: string, server: Server, progress: boolean): Promise<number> {
  const db = new Database(path.join(dataDir, 'photostation.db'), { readonly: true, fileMustExist: true });
  try {
    const pending = db.prepare('SELECT count(*) FROM items WHERE meta_pending > 0').pluck();
    let last = performance.now();
    for (;;) {
      const left = pending.get() as number;
      if (left === 0) return performance.now() - server.spawnedAt;
      if (server.child.exitCode !== null) throw new Error('the server ended during the scan');
      if (progress && performance.now() - last > 15_000) {
        last = performance.now();
        console.log(`  ${secs(performance.now() - server.spawnedAt)}: ${left} rows still to read; load average ${loadavg()}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    db.close();
  }
}

export function loopLine(loop: LoopReport): string {
  const own = loop.stalls.filter((s) => s.cpuMs >= s.ms / 2).length;
  const queued = loop.stalls.filter((s) => s.waitMs >= s.ms / 2).length;
  const worst = [...loop.stalls]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
    .map((s) => `${s.ms} ms at ${secs(s.at)} (ran ${s.cpuMs}, waited for a CPU ${s.waitMs})`);
  return `max ${loop.max.toFixed(1)} ms, p99 ${loop.p99.toFixed(1)} ms, ${loop.stalls.length} stalls > 50 ms (${own} mostly running, ${queued} mostly waiting for a CPU); worst: ${worst.join('; ') || 'none'}`;
}
