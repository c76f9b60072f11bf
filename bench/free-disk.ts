/**
 * `npx tsx bench/move.ts --only=process --free-disk` loads this into the server under test
 * (`--import`): an experiment, not a server. It measures the best any two-thread engine could do
 * with the server's main-thread work as it is (issue #19 item 6; docs/performance.md).
 *
 * The plain item moves' disk steps (`UnitSpec.diskSync`) leave the main thread: each is handed to
 * a worker thread and answered "done" at once, and the journal's fsync (`Library.flushIndex`)
 * goes to the same worker, in order. The worker does what a real worker engine would do per
 * batch: the index log flushed before the batch's steps, the `lstat` of each destination, the
 * `renameSync` (not the symlink check of the folders on the way, two `lstat`s a batch), then one
 * fsync per folder the batch changed. Nothing on the main thread waits for it, so the main
 * thread's work and the worker's overlap perfectly: no real pipeline can do better (it must wait
 * at each batch's boundary). The move is over when both are: the bench asks over IPC
 * (`{ freeDisk: 'drained' }`) when the worker finished what it was handed.
 *
 * Not crash-safe (an answer before the renames); only for the benchmark's fixture, where every
 * unit is a plain move to a free name.
 */
import { Worker } from 'node:worker_threads';
import { DiskSteps } from '../src/ops/disk-steps.ts';
import { Library } from '../src/library/library.ts';
import type { Unit } from '../src/ops/unit.ts';

const worker = new Worker(
  `
  const { parentPort } = require('node:worker_threads');
  const fs = require('node:fs');
  const path = require('node:path');
  const fsync = (p) => { const fd = fs.openSync(p, 'r'); try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); } };
  let doneAt = 0;
  parentPort.on('message', (m) => {
    if (m.wal) { try { fsync(m.wal); } catch (e) { if (e.code !== 'ENOENT') throw e; } }
    if (m.moves) {
      const dirs = new Set();
      for (const [src, dst] of m.moves) {
        if (fs.lstatSync(dst, { throwIfNoEntry: false })) throw new Error('destination taken: ' + dst);
        fs.renameSync(src, dst);
        dirs.add(path.dirname(src));
        dirs.add(path.dirname(dst));
      }
      for (const d of dirs) fsync(d);
    }
    doneAt = performance.timeOrigin + performance.now();
    if (m.drained) parentPort.postMessage(doneAt);
  });
  `,
  { eval: true },
);
worker.unref();

let moves: [string, string][] = [];
const send = () => {
  worker.postMessage({ moves });
  moves = [];
};
const realRunSync = DiskSteps.prototype.runSync;
DiskSteps.prototype.runSync = function runSync(this: DiskSteps, u: Unit): boolean | undefined {
  if (u.kind !== 'item-move' || u.trash) return realRunSync.call(this, u);
  if (moves.length === 0) queueMicrotask(send);
  moves.push([this.abs(u.src), this.abs(u.dst)]);
  return false;
};
Library.prototype.flushIndex = function flushIndex(this: Library): Promise<void> {
  if (this.config.flush) worker.postMessage({ wal: `${this.config.dbPath}-wal` });
  return Promise.resolve();
};

process.on('message', (m: unknown) => {
  if (typeof m !== 'object' || m === null || !('freeDisk' in m)) return;
  worker.once('message', (doneAt: number) => process.send?.({ freeDisk: doneAt }));
  worker.postMessage({ drained: true });
});
