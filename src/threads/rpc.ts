import type { Transferable, Worker } from 'node:worker_threads';
import { startWorker } from './start.ts';

/** What a worker module answers to each request: `{ id, ok: true, value }` or `{ id, ok: false, error }`. */
export type RpcReply<T> = { id: number; ok: true; value: T } | { id: number; ok: false; error: string };

/**
 * Request and answer over one worker thread: each `call` posts `{ id, request }` and settles when
 * the worker answers that id. The thread starts on the first call and does not keep the process
 * alive; if it stops, every waiting call fails and the next call starts a new one. Use it for work
 * that would hold the event loop (sorting 100 000 rows, decoding an image) and that a worker can
 * do from what the message carries.
 */
export class WorkerRpc<Req, Res> {
  readonly #module: URL;
  readonly #name: string;
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve: (value: Res) => void; reject: (err: Error) => void }>();

  constructor(module: URL, name: string) {
    this.#module = module;
    this.#name = name;
  }

  call(request: Req, transfer: readonly Transferable[] = []): Promise<Res> {
    const id = this.#nextId++;
    return new Promise<Res>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#thread().postMessage({ id, request }, [...transfer]);
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

  /** Stops the thread; calls still waiting fail. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker(this.#module, undefined);
    worker.on('message', (reply: RpcReply<Res>) => {
      const waiting = this.#waiting.get(reply.id);
      if (!waiting) return;
      this.#waiting.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(reply.error));
    });
    const down = (err?: unknown) => {
      if (this.#worker === worker) this.#worker = undefined;
      const why = new Error(`the ${this.#name} thread stopped${err instanceof Error ? `: ${err.message}` : ''}`);
      for (const waiting of this.#waiting.values()) waiting.reject(why);
      this.#waiting.clear();
    };
    worker.on('error', down);
    worker.on('exit', () => down());
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
