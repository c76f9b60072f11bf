import type { Transferable, Worker } from 'node:worker_threads';
import { startWorker } from './start.ts';

/** What a worker module answers to each request: `{ id, ok: true, value }` or `{ id, ok: false, error }`. */
export type RpcReply<T> = { id: number; ok: true; value: T } | { id: number; ok: false; error: string };

/**
 * Request and answer over one worker thread: each `call` posts `{ id, request }` and settles when
 * the worker answers that id. The thread starts on the first call and keeps the process alive
 * only while a call waits for it; if it stops, the calls waiting on it fail and the next call
 * starts a new one. Use it for work that would hold the event loop (sorting 100 000 rows,
 * decoding an image) and that a worker can do from what the message carries.
 */
export class WorkerRpc<Req, Res> {
  readonly #module: URL;
  readonly #name: string;
  #worker: Worker | undefined;
  #nextId = 1;
  /**
   * Calls waiting, per thread: a thread stopping fails only its own. One stopped by `close` may
   * still be exiting when the next call starts a new one, and that call must not fail with it
   * (a caller would take it as not done while the new thread does it).
   */
  readonly #waiting = new Map<Worker, Map<number, { resolve: (value: Res) => void; reject: (err: Error) => void }>>();

  constructor(module: URL, name: string) {
    this.#module = module;
    this.#name = name;
  }

  call(request: Req, transfer: readonly Transferable[] = []): Promise<Res> {
    const id = this.#nextId++;
    const worker = this.#thread();
    const waiting = this.#waiting.get(worker) as Map<number, { resolve: (value: Res) => void; reject: (err: Error) => void }>;
    return new Promise<Res>((resolve, reject) => {
      // A call in progress keeps the process alive, as the same work on the main thread would.
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, request }, [...transfer]);
    });
  }

  /**
   * Starts the thread now rather than on the first call: loading its module (through tsx's
   * loader) takes a few hundred milliseconds, which would otherwise land on the first request
   * that needs it.
   */
  warm(): void {
    this.#thread();
  }

  /** Stops the thread; calls still waiting on it fail. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker(this.#module, undefined);
    const waiting = new Map<number, { resolve: (value: Res) => void; reject: (err: Error) => void }>();
    this.#waiting.set(worker, waiting);
    worker.on('message', (reply: RpcReply<Res>) => {
      const call = waiting.get(reply.id);
      if (!call) return;
      waiting.delete(reply.id);
      if (waiting.size === 0) worker.unref();
      if (reply.ok) call.resolve(reply.value);
      else call.reject(new Error(reply.error));
    });
    const down = (err?: unknown) => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#waiting.delete(worker);
      const why = new Error(`the ${this.#name} thread stopped${err instanceof Error ? `: ${err.message}` : ''}`);
      for (const call of waiting.values()) call.reject(why);
      waiting.clear();
    };
    worker.on('error', down);
    worker.on('exit', () => down());
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
