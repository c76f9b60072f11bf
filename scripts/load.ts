import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { MEMORY_LIMIT, runLoad } from './load/run.ts';
import type { LoadReport } from './load/run.ts';

/**
 * `npm run load -- [--seconds 60] [--warmup 30] [--connections 64] [--seed N] [--trace FILE]
 * [--snapshots DIR]`: mixed traffic from concurrent keep-alive workers against the real server
 * in its own process on loopback (docs/reliability.md, "Load"). Exits 1 on any failure, or when
 * the server's RSS or live heap (medians of five readings, each after a full collection) is more
 * than 20% higher at the end than at the end of the warm-up. `--trace` writes the memory sampled once a second (JSON); `--snapshots`
 * writes two heap snapshots (after warm-up, at the end) to compare.
 */
function parseArgs(argv: string[]) {
  const opts = { seconds: 60, warmup: 30, connections: 64, seed: 1, trace: undefined as string | undefined, snapshots: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const raw = argv[++i];
    if (raw === undefined) throw new Error(`Expected a value after ${a}`);
    if (a === '--trace') opts.trace = raw;
    else if (a === '--snapshots') opts.snapshots = raw;
    else {
      const v = Number(raw);
      if (!Number.isInteger(v) || v < 1) throw new Error(`Expected ${a} to be followed by a positive integer, got \`${raw}\``);
      if (a === '--seconds') opts.seconds = v;
      else if (a === '--warmup') opts.warmup = v;
      else if (a === '--connections') opts.connections = v;
      else if (a === '--seed') opts.seed = v;
      else throw new Error(`Unknown option ${a}`);
    }
  }
  return opts;
}

const MiB = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
const pc = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

function print(r: LoadReport): void {
  const out = process.stdout;
  const o = r.options;
  out.write(
    `${o.connections} connections, ${o.warmup} s warm-up + ${(r.measuredMs / 1000).toFixed(1)} s measured, seed ${o.seed}, Node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  out.write(`requests (measured) ${r.requests} (${Math.round(r.requests / (r.measuredMs / 1000))}/s), failures ${r.failures.length}\n\n`);
  out.write('| method | requests | p50 ms | p99 ms |\n|---|---|---|---|\n');
  for (const m of r.methods) out.write(`| ${m.method} | ${m.requests} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} |\n`);
  out.write(`\nexpected domain errors: ${r.expected.length === 0 ? 'none' : r.expected.map(([k, v]) => `${k} x${v}`).join('; ')}\n\n`);
  const { warm, end } = r;
  const max = (f: (m: LoadReport['warm']) => number) => MiB(Math.max(f(warm), f(end), ...r.samples.map(f)));
  out.write('| server memory (median of 5 readings, each after a full GC) | after warm-up | end | change | max sampled |\n|---|---|---|---|---|\n');
  out.write(`| RSS${r.rssChecked ? '' : ' (not compared: snapshots written)'} | ${MiB(warm.rss)} | ${MiB(end.rss)} | ${pc(r.rssGrowth)} | ${max((m) => m.rss)} |\n`);
  out.write(`| V8 heap used (live) | ${MiB(warm.heapUsed)} | ${MiB(end.heapUsed)} | ${pc(r.heapGrowth)} | ${max((m) => m.heapUsed)} |\n`);
  out.write(`| V8 heap total | ${MiB(warm.heapTotal)} | ${MiB(end.heapTotal)} | ${pc((end.heapTotal - warm.heapTotal) / warm.heapTotal)} | ${max((m) => m.heapTotal)} |\n`);
  out.write(`| external (array buffers) | ${MiB(warm.external)} (${MiB(warm.arrayBuffers)}) | ${MiB(end.external)} (${MiB(end.arrayBuffers)}) | | ${max((m) => m.external)} |\n`);
  out.write(`| SQLite file (page cache bound ${MiB(end.sqliteCacheLimit)}) | ${MiB(warm.sqliteFileBytes)} | ${MiB(end.sqliteFileBytes)} | | |\n`);
  out.write(`\nindex rows after warm-up: ${JSON.stringify(warm.rows)}\nindex rows at the end:    ${JSON.stringify(end.rows)}\n`);
  out.write(`memory check (end within ${MEMORY_LIMIT * 100}% of warm-up): ${r.heapGrowth <= MEMORY_LIMIT && (!r.rssChecked || r.rssGrowth <= MEMORY_LIMIT) ? 'pass' : 'FAIL'}\n`);
  for (const f of r.failures.slice(0, 20)) out.write(`FAILURE ${f}\n`);
}

const opts = parseArgs(process.argv.slice(2));
const report = await runLoad(opts);
print(report);
if (opts.trace) writeFileSync(opts.trace, JSON.stringify(report.samples, null, 1));
process.exit(report.ok ? 0 : 1);
