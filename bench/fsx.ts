/**
 * `npx tsx bench/fsx.ts`: what the file-system fault switch (src/runtime/fsx.ts) costs while off,
 * per call, against the same call made directly: a synchronous `rmSync` of a missing path with
 * `force` (one failed lstat) and an asynchronous `mkdir -p` of an existing folder, interleaved
 * rounds, medians (docs/reliability.md, "File-system faults").
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as fsx from '../src/runtime/fsx.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-fsx-'));
const missing = path.join(dir, 'missing');
const SYNC_N = 200_000;
const ASYNC_N = 20_000;
const ROUNDS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function timeSync(rm: (p: string, o: fs.RmOptions) => void): number {
  const t = performance.now();
  for (let i = 0; i < SYNC_N; i++) rm(missing, { force: true });
  return ((performance.now() - t) * 1e6) / SYNC_N;
}

async function timeAsync(mkdir: (p: string, o: fs.MakeDirectoryOptions) => Promise<unknown>): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < ASYNC_N; i++) await mkdir(dir, { recursive: true });
  return ((performance.now() - t) * 1e6) / ASYNC_N;
}

const direct = { sync: [] as number[], async: [] as number[] };
const wrapped = { sync: [] as number[], async: [] as number[] };
// Order alternates between rounds (ABBA), so neither side always runs right after the other.
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) {
    direct.sync.push(timeSync(fs.rmSync));
    wrapped.sync.push(timeSync(fsx.rmSync));
    direct.async.push(await timeAsync(fsp.mkdir));
    wrapped.async.push(await timeAsync(fsx.mkdir));
  } else {
    wrapped.sync.push(timeSync(fsx.rmSync));
    direct.sync.push(timeSync(fs.rmSync));
    wrapped.async.push(await timeAsync(fsx.mkdir));
    direct.async.push(await timeAsync(fsp.mkdir));
  }
}
fs.rmSync(dir, { recursive: true, force: true });
const row = (what: string, d: number[], w: number[]) =>
  console.log(
    `| ${what} | ${median(d).toFixed(0)} ns | ${median(w).toFixed(0)} ns | ${(median(w) - median(d)).toFixed(0)} ns (${((median(w) / median(d) - 1) * 100).toFixed(1)} %) |`,
  );
console.log(`Node ${process.version}, ${os.cpus().length} CPUs; medians of ${ROUNDS} interleaved rounds`);
console.log('| call | node:fs | fsx (switch off) | difference |\n|---|---|---|---|');
row(`rmSync of a missing path, force (${SYNC_N} calls)`, direct.sync, wrapped.sync);
row(`await mkdir -p of an existing folder (${ASYNC_N} calls)`, direct.async, wrapped.async);
