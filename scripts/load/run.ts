import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { itemId } from '../../src/library/ids.ts';
import type { MemoryReport } from '../../src/memory-probe.ts';
import { ChildServer } from '../../test/helpers/child-server.ts';
import { Traffic } from './traffic.ts';

export interface LoadOptions {
  seconds: number;
  warmup: number;
  connections: number;
  seed: number;
  /** A folder for two heap snapshots (after warm-up, at the end); writing one grows the RSS, so the RSS is then not compared. */
  snapshots?: string;
}

export interface MethodFigures {
  method: string;
  requests: number;
  p50: number;
  p99: number;
}

export interface LoadReport {
  options: LoadOptions;
  measuredMs: number;
  requests: number;
  failures: string[];
  expected: [string, number][];
  methods: MethodFigures[];
  /**
   * Medians of five readings one second apart, each after a full collection: in the last five
   * seconds of the warm-up, and in the five seconds after the measured ones; both under traffic.
   */
  warm: MemoryReport;
  end: MemoryReport;
  /** Once a second in between, without a collection. */
  samples: (MemoryReport & { t: number })[];
  rssGrowth: number;
  heapGrowth: number;
  /** Whether the RSS was compared (not when heap snapshots were written). */
  rssChecked: boolean;
  /** No failure and both kinds of memory within MEMORY_LIMIT. */
  ok: boolean;
}

/** The end may be at most this much above the warm-up, for the RSS and for the live heap. */
export const MEMORY_LIMIT = 0.2;
/** Readings after a full collection at each end, one a second. */
const SETTLE = 5;
const READ_ALBUMS = 5;
const READ_ITEMS = 40;

/** Each figure's median over the readings; the rows of the last one. */
function median(readings: MemoryReport[]): MemoryReport {
  const mid = (f: (m: MemoryReport) => number) => [...readings.map(f)].sort((a, b) => a - b)[Math.floor(readings.length / 2)] as number;
  const last = readings[readings.length - 1] as MemoryReport;
  return {
    ...last,
    rss: mid((m) => m.rss),
    heapUsed: mid((m) => m.heapUsed),
    heapTotal: mid((m) => m.heapTotal),
    external: mid((m) => m.external),
    arrayBuffers: mid((m) => m.arrayBuffers),
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

/**
 * Starts the real server in its own process (with `--expose-gc` and the IPC memory probe) on a
 * fresh library, runs `connections` workers for the warm-up and the measured seconds, and
 * compares the server's memory after a full collection at the two ends of the measured window.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  // The warm-up's readings take its last SETTLE seconds; they must not start before traffic has.
  if (options.warmup < 2 * SETTLE) throw new Error(`The warm-up must be at least ${2 * SETTLE} s`);
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
  for (let w = 0; w < options.connections; w++) {
    for (const sub of ['a', 'b', 'x', 'y', 'c', 'cc', 'up', 'bt']) mkdirSync(path.join(photo, `W${w}`, sub), { recursive: true });
    for (let k = 0; k < 3; k++) writeFileSync(path.join(photo, `W${w}`, 'x', `m${k}.jpg`), `move ${w}/${k}`);
    writeFileSync(path.join(photo, `W${w}`, 'a', 'inside.jpg'), `inside ${w}`);
  }

  const server = await ChildServer.start(dir, {}, { nodeArgs: ['--expose-gc'], probe: true });
  try {
    const traffic = new Traffic(server, await server.login(), readIds, READ_ALBUMS, options.seed);
    const snapshot = (name: string) => (options.snapshots ? { snapshot: path.join(options.snapshots, `${name}.heapsnapshot`) } : {});
    const start = performance.now();
    const measureFrom = start + options.warmup * 1000;
    const measureEnd = measureFrom + options.seconds * 1000;
    // The workers go on past the end while the end's memory is read, so the end is measured
    // under the same traffic as the warm-up (every worker's request in flight), not on an idle
    // server.
    const workers = Array.from({ length: options.connections }, (_, w) => traffic.worker(w, measureEnd + SETTLE * 1000 + 500));
    const until = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));
    // Once a second for SETTLE seconds, each after a full collection; the median of each figure.
    // One reading can land on a moment V8 has just grown its heap (the RSS moves by 20-30 MiB
    // with it); the median of five does not.
    const settled = async (name: string): Promise<MemoryReport> => {
      const readings: MemoryReport[] = [];
      for (let i = 0; i < SETTLE && !server.dead; i++) {
        const t = performance.now();
        readings.push(await server.memory({ gc: true, ...(i === SETTLE - 1 ? snapshot(name) : {}) }));
        await until(t + 1000);
      }
      if (readings.length === 0) throw new Error(`server died: ${JSON.stringify(server.logs.slice(-5))}`);
      return median(readings);
    };
    await until(measureFrom - SETTLE * 1000);
    if (server.dead) throw new Error(`server died during warm-up: ${JSON.stringify(server.logs.slice(-5))}`);
    const warm = await settled('warm');
    traffic.measuring = true;
    const measuredFrom = performance.now();
    const samples: (MemoryReport & { t: number })[] = [];
    const sampler = setInterval(() => {
      const t = Math.round(performance.now() - measuredFrom);
      if (!server.dead)
        void server.memory().then(
          (m) => samples.push({ t, ...m }),
          () => {},
        );
    }, 1000);
    await until(measureEnd);
    clearInterval(sampler);
    traffic.measuring = false;
    const measuredMs = performance.now() - measuredFrom;
    const end = server.dead ? warm : await settled('end');
    await Promise.all(workers);
    if (server.dead) traffic.failures.push(`server died: ${JSON.stringify(server.logs.slice(-5))}`);
    for (const e of server.logs.filter((l) => l.level === 'error')) traffic.failures.push(`server log: ${String(e.msg)} ${String(e.stack ?? '').split('\n')[0]}`);

    const rssGrowth = (end.rss - warm.rss) / warm.rss;
    const heapGrowth = (end.heapUsed - warm.heapUsed) / warm.heapUsed;
    const rssChecked = options.snapshots === undefined;
    return {
      options,
      measuredMs,
      requests: traffic.requests,
      failures: traffic.failures,
      expected: [...traffic.expected],
      methods: [...traffic.latencies].sort((a, b) => b[1].length - a[1].length).map(([method, xs]) => ({ method, requests: xs.length, p50: pct(xs, 50), p99: pct(xs, 99) })),
      warm,
      end,
      samples: samples.sort((a, b) => a.t - b.t),
      rssGrowth,
      heapGrowth,
      rssChecked,
      ok: traffic.failures.length === 0 && heapGrowth <= MEMORY_LIMIT && (!rssChecked || rssGrowth <= MEMORY_LIMIT),
    };
  } finally {
    await server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
