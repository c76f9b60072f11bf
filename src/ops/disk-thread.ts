import { UnsafePathError } from '../library/disk.ts';
import type { FsFaultShare } from '../runtime/fsx.ts';
import { WorkerRpc } from '../threads/rpc.ts';
import type { FaultShare } from './fault.ts';
import type { Outcome, Unit } from './unit.ts';

/**
 * The engine's disk thread (docs/design.md, "The disk thread"): a batch of plain synchronous
 * units (UnitSpec.diskSync: one `lstat` and one rename(2) each) is handed here whole. The thread
 * flushes the index log (the batch's intents), runs each step with synchronous calls, flushes
 * the folders they changed, and answers each unit's outcome. Meanwhile the main thread plans the
 * next batch and commits the one before: the two overlap, and none of the disk's waits or calls
 * is on the event loop. One thread serves every engine of the process, batches in the order sent.
 */
export interface DiskBatch {
  root: string;
  trash: string;
  /** Whether writes are flushed (config.flush); with it, the index's path, whose log is flushed first. */
  durable: boolean;
  dbPath: string;
  units: Pick<Unit, 'kind' | 'src' | 'dst'>[];
  /** Set to 1 when the operation is cancelled: the units not started yet are not started. */
  stop: Int32Array;
  /** The crash-test switch and the file-system fault rules, counted with the main thread's. */
  fault: FaultShare;
  fs: FsFaultShare | undefined;
}

/** An error as it crosses threads: its kind (a link on the way, or an errno) survives. */
export interface WireError {
  unsafe: boolean;
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
}

export type WireOutcome = { state: 'done'; trashed: boolean } | { state: 'cancelled' } | { state: 'failed'; error: WireError };

export interface DiskBatchDone {
  outcomes: WireOutcome[];
  /** The index log could not be flushed before the steps (a power cut may need the start-up scan). */
  logError?: string;
  /** A folder could not be flushed after them (the units stand; a power cut may lose them). */
  flushError?: string;
}

export function toWire(err: unknown): WireError {
  const e = err as NodeJS.ErrnoException;
  return { unsafe: err instanceof UnsafePathError, message: e?.message ?? String(err), code: e?.code, errno: e?.errno, syscall: e?.syscall, path: e?.path };
}

export function fromWire(o: WireOutcome): Outcome {
  if (o.state !== 'failed') return o;
  const { unsafe, message, ...errno } = o.error;
  return { state: 'failed', error: unsafe ? new UnsafePathError(message) : Object.assign(new Error(message), errno) };
}

const thread = new WorkerRpc<DiskBatch, DiskBatchDone>(new URL('./disk-thread.worker.ts', import.meta.url), 'disk');

/** Batches sent and answered so far, and the most that were out at once (what the tests read). */
export const diskThreadLoad = { sent: 0, answered: 0, mostOut: 0 };

/** Runs a batch's disk half on the disk thread. */
export function onDiskThread(batch: DiskBatch): Promise<DiskBatchDone> {
  const load = diskThreadLoad;
  load.sent++;
  load.mostOut = Math.max(load.mostOut, load.sent - load.answered);
  return thread.call(batch).finally(() => load.answered++);
}

/** Starts the thread before the first batch needs it (loading its modules takes a few hundred ms). */
export function warmDiskThread(): void {
  thread.warm();
}

/** Stops the thread (a batch on it fails over to the main thread, Engine.ship); the next batch starts a new one. */
export function stopDiskThread(): Promise<void> {
  return thread.close();
}
