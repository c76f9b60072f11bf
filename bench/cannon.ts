import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));

/** What the benches read of autocannon's JSON report. */
export interface Cannon {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

/**
 * autocannon in a child process, so the load generator does not share the server's event loop:
 * 50 connections unless said otherwise; `rate` caps the requests per second over all of them
 * (a paced client, as a person browsing is) instead of a closed loop as fast as answers come.
 */
export async function cannon(url: string, seconds: number, opts: { connections?: number; rate?: number } = {}): Promise<Cannon> {
  const bin = path.join(here, '..', 'node_modules', 'autocannon', 'autocannon.js');
  const args = [bin, '-c', String(opts.connections ?? 50), '-d', String(seconds), ...(opts.rate ? ['-R', String(opts.rate)] : []), '-j', url];
  const { stdout } = await promisify(execFile)(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as Cannon;
}

/**
 * Answers a parent's `cpu-start` / `cpu-stop` messages with this process's CPU time between them:
 * unlike requests/s, it does not depend on how much of the machine the load generator and other
 * jobs leave to the server.
 */
export function answerCpuProbes(): void {
  let mark = process.cpuUsage();
  process.on('message', (m) => {
    if (m === 'cpu-start') mark = process.cpuUsage();
    if (m === 'cpu-stop') {
      const d = process.cpuUsage(mark);
      process.send?.({ cpuMicros: d.user + d.system });
    }
  });
}
