import { parentPort } from 'node:worker_threads';
import { adoptFsFaults, flushIndexLog } from '../runtime/fsx.ts';
import type { RpcReply } from '../threads/rpc.ts';
import { DiskSteps } from './disk-steps.ts';
import { toWire } from './disk-thread.ts';
import type { DiskBatch, DiskBatchDone } from './disk-thread.ts';
import { Fault } from './fault.ts';
import type { Unit } from './unit.ts';

/** The engine's disk thread (disk-thread.ts): one batch at a time, in the order they come. */
const port = parentPort;
if (!port) throw new Error('disk-thread.worker.ts runs as a worker thread');

async function run(b: DiskBatch): Promise<DiskBatchDone> {
  adoptFsFaults(b.fs);
  const fault = Fault.adopt(b.fault);
  const done: DiskBatchDone = { outcomes: b.units.map(() => ({ state: 'cancelled' })) };
  // The intents reach the disk before any step they describe (Engine.runBatch says why).
  if (b.durable) await flushIndexLog(b.dbPath).catch((error: unknown) => (done.logError = String(error)));
  fault.reach('after-journal', b.units.length);
  const steps = new DiskSteps(b.root, b.trash, b.durable);
  for (const [i, u] of b.units.entries()) {
    if (Atomics.load(b.stop, 0) === 1) break;
    try {
      const trashed = steps.runSync(u as Unit);
      if (trashed === undefined) throw new Error(`Expected a unit with a synchronous step, got ${u.kind}`);
      done.outcomes[i] = { state: 'done', trashed };
    } catch (error) {
      done.outcomes[i] = { state: 'failed', error: toWire(error) };
    }
    fault.reach('after-disk');
  }
  await steps.flush().catch((error: unknown) => (done.flushError = String(error)));
  return done;
}

let queue = Promise.resolve();
port.on('message', ({ id, request }: { id: number; request: DiskBatch }) => {
  queue = queue.then(async () => {
    let reply: RpcReply<DiskBatchDone>;
    try {
      reply = { id, ok: true, value: await run(request) };
    } catch (err) {
      reply = { id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
});
