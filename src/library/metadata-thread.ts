import type { Worker } from 'node:worker_threads';
import { startWorker, untilUp } from '../threads/start.ts';
import type { ItemKind } from './media.ts';
import type { FileFacts } from './metadata.ts';

/** One file to read: its path, kind and what the index knows of it; null for one not to read. */
export type MetadataFile = { file: string; real: string; kind: ItemKind; known: { size: number; mtime: number } | undefined } | null;

export interface MetadataJob {
  id: number;
  concurrency: number;
  files: MetadataFile[];
}

export interface MetadataAnswer {
  id: number;
  facts: Array<FileFacts | undefined>;
}

interface MetadataThread {
  worker: Worker;
  up: boolean;
  alive: boolean;
  waiting: Map<number, (facts: Array<FileFacts | undefined> | undefined) => void>;
}

let thread: MetadataThread | undefined;
let lastJob = 0;

/**
 * The process's one metadata thread, started on first use and never keeping the process alive.
 * Until it is up, and if it ever fails, the metadata pass reads files on its own thread.
 */
export function metadataThread(): MetadataThread {
  if (!thread) {
    const worker = startWorker(new URL('./metadata.worker.ts', import.meta.url), undefined);
    const started: MetadataThread = { worker, up: false, alive: true, waiting: new Map() };
    worker.on('message', (msg: MetadataAnswer | 'up') => {
      if (msg === 'up') {
        started.up = true;
        return;
      }
      started.waiting.get(msg.id)?.(msg.facts);
      started.waiting.delete(msg.id);
    });
    const down = () => {
      started.alive = false;
      // Each batch still out is read by the pass itself.
      for (const answer of started.waiting.values()) answer(undefined);
      started.waiting.clear();
    };
    worker.on('error', (err) => {
      process.emitWarning(`The metadata thread failed; the metadata pass reads files itself: ${err.message}`);
      down();
    });
    worker.on('exit', down);
    worker.unref();
    thread = started;
  }
  return thread;
}

/** Resolves true once the metadata thread runs (false if it failed to start); for tests and benchmarks. */
export async function metadataThreadUp(timeoutMs = 10_000): Promise<boolean> {
  const t = metadataThread();
  return untilUp(() => (!t.alive ? 'down' : t.up ? 'up' : 'starting'), timeoutMs);
}

/**
 * What each of `files` holds, read on the metadata thread; undefined, at once or later, when the
 * thread is not up or stopped on the way: the caller then reads them itself.
 */
export function readOnThread(files: MetadataFile[], concurrency: number): Promise<Array<FileFacts | undefined> | undefined> {
  const t = metadataThread();
  if (!t.up || !t.alive) return Promise.resolve(undefined);
  lastJob += 1;
  const job: MetadataJob = { id: lastJob, concurrency, files };
  return new Promise((resolve) => {
    t.waiting.set(job.id, resolve);
    // A pending answer keeps the process alive (the thread itself does not): a scan run from the CLI must finish.
    t.worker.ref();
    t.worker.postMessage(job);
  }).finally(() => {
    if (t.waiting.size === 0) t.worker.unref();
  }) as Promise<Array<FileFacts | undefined> | undefined>;
}
