import type { Worker } from 'node:worker_threads';
import { startWorker } from '../threads/start.ts';
import type { Db } from './open.ts';

export interface CheckpointRequest {
  op: 'open' | 'close';
  key: number;
  file: string;
}

export interface CheckpointReply {
  op: 'open' | 'close';
  key: number;
  ok: boolean;
  error?: string;
}

/** SQLite's own threshold (pages), back in force whenever the thread is not doing the work. */
const AUTOCHECKPOINT_PAGES = 1000;
/**
 * The threshold while the thread does the work: a backstop, not off. The log starts over only
 * after a checkpoint that no commit overlapped; under back-to-back commits the thread's never
 * finish so, and the log grew without bound (1.4 GB in 6 s in a review's test). Past this many
 * pages (16 MiB) the commit checkpoints itself, copying what the thread has not yet, and the
 * log starts over.
 */
const BACKSTOP_PAGES = 4000;
/** How long `close` waits for the thread to let go of the index. */
const CLOSE_WAIT_MS = 2_000;

let worker: Worker | undefined;
let nextKey = 1;
const waiting = new Map<string, (reply: CheckpointReply) => void>();
const owners = new Map<number, Checkpoints>();

function checkpointThread(): Worker {
  if (!worker) {
    const started = startWorker(new URL('./checkpoint.worker.ts', import.meta.url), undefined);
    started.on('message', (reply: CheckpointReply) => waiting.get(`${reply.op}:${reply.key}`)?.(reply));
    const down = () => {
      if (worker === started) worker = undefined;
      // SQLite checkpoints on commit again, as it did before the thread took over.
      for (const owner of owners.values()) owner.fallBack();
      for (const answer of waiting.values()) answer({ op: 'close', key: 0, ok: false, error: 'the checkpoint thread stopped' });
    };
    started.on('error', down);
    started.on('exit', down);
    started.unref();
    worker = started;
  }
  return worker;
}

function ask(req: CheckpointRequest, timeoutMs: number): Promise<CheckpointReply> {
  const id = `${req.op}:${req.key}`;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done({ op: req.op, key: req.key, ok: false, error: 'no answer' }), timeoutMs);
    const done = (reply: CheckpointReply) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(reply);
    };
    waiting.set(id, done);
    checkpointThread().postMessage(req);
  });
}

/**
 * WAL checkpoints off the event loop. With SQLite's default, the commit that takes the log past
 * 1 000 pages copies it into the database file and syncs both, inside that commit, on the thread
 * that serves requests: about 28 ms of a first scan's 180 ms, and a slice of every bulk move.
 * Here a thread of the process's, with a connection of its own, checkpoints every index that
 * asks, and the index's own connection checkpoints on commit only past a backstop of
 * BACKSTOP_PAGES once that thread holds it. If the thread cannot start or stops, the connection
 * checkpoints on commit at SQLite's threshold again.
 */
export class Checkpoints {
  readonly #db: Db;
  readonly #key = nextKey++;
  #opened: Promise<CheckpointReply>;
  #closed = false;

  constructor(db: Db, file: string) {
    this.#db = db;
    owners.set(this.#key, this);
    this.#opened = ask({ op: 'open', key: this.#key, file }, 30_000).then((reply) => {
      if (reply.ok && !this.#closed && db.open) db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      return reply;
    });
  }

  /** Settles once the thread holds the index (true) or could not (false); for tests. */
  async ready(): Promise<boolean> {
    return (await this.#opened).ok;
  }

  /** Hands checkpoints back to the index's connection and lets the thread close its own; call before `db.close()`. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    owners.delete(this.#key);
    this.fallBack();
    await this.#opened;
    // Asked even when the open seemed to fail (one that timed out may have opened after all),
    // unless the thread is gone, and its connections with it.
    if (worker) await ask({ op: 'close', key: this.#key, file: '' }, CLOSE_WAIT_MS);
  }

  /** The connection checkpoints on commit again. */
  fallBack(): void {
    if (this.#db.open) this.#db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  }
}
