import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { readFolder } from './folder-read.ts';
import type { FolderListing } from './folder-read.ts';
import { startWorker } from '../threads/start.ts';

export interface FolderRequest {
  seq: number;
  root: string;
  rel: string;
  /** Stat each file too (a folder the index knows: the scan compares sizes and mtimes). */
  stat: boolean;
}

export interface FolderAnswer {
  seq: number;
  /** None when the thread met an error reading the folder. */
  listing: FolderListing | undefined;
}

/** How many folders the reading thread may list ahead of the scan. */
const AHEAD = 256;
/** The longest a scan waits for a listing the thread is in the middle of, before reading it itself. */
const WAIT_MS = 10;
/** A scan waits only for a listing at most this many requests behind the thread's last answer. */
const WAIT_GAP = 16;

interface ReadingThread {
  port: MessagePort;
  /**
   * [0]: the highest request number the scans have passed, which the thread skips; [1]: 1 once
   * it runs; [2]: the last request it answered.
   */
  shared: BigInt64Array;
  alive: boolean;
}

let thread: ReadingThread | undefined;
let lastSeq = 0;

/**
 * The process's one reading thread, started on first use and never keeping the process alive.
 * Until it is up, and if it ever fails, scans read every folder themselves.
 */
export function readingThread(): ReadingThread {
  if (!thread) {
    const { port1, port2 } = new MessageChannel();
    const shared = new BigInt64Array(new SharedArrayBuffer(24));
    const started: ReadingThread = { port: port1, shared, alive: true };
    const worker = startWorker(new URL('./folder-read.worker.ts', import.meta.url), { port: port2, shared }, [port2]);
    const down = () => {
      started.alive = false;
    };
    worker.on('error', down);
    worker.on('exit', down);
    worker.unref();
    port1.unref();
    thread = started;
  }
  return thread;
}

/** Resolves true once the reading thread runs (false if it failed to start); for tests and benchmarks. */
export async function readingThreadUp(timeoutMs = 10_000): Promise<boolean> {
  const t = readingThread();
  const until = Date.now() + timeoutMs;
  while (t.alive && Atomics.load(t.shared, 1) === 0n && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  return t.alive && Atomics.load(t.shared, 1) === 1n;
}

/**
 * The folders one structural pass has still to visit, first in first out, with their listings
 * read ahead on the reading thread while this thread writes the index. The pass takes answers
 * synchronously (`receiveMessageOnPort`), inside its transaction. When the thread is slower (a
 * rescan, which stats every file), the pass waits for a listing that is close (WAIT_GAP) rather
 * than read the folder a second time, for at most WAIT_MS; otherwise a folder whose listing has
 * not arrived, or whose album has moved since it was asked for, is read here and then. A listing is what the folder held when the thread read it, a moment earlier
 * than a read here would be; a change after either is the next scan's to find.
 */
export class FolderQueue {
  readonly #root: string;
  readonly #thread: ReadingThread;
  readonly #ids: number[] = [];
  readonly #rels: string[] = [];
  readonly #stat: boolean[] = [];
  readonly #seqs: number[] = [];
  #head = 0;
  #requested = 0;
  /** Answers taken off the port for this queue, by request number. */
  readonly #answers = new Map<number, FolderListing>();
  readonly #asked = new Set<number>();
  /** Folders whose listing came from the reading thread. */
  readAhead = 0;

  constructor(root: string) {
    this.#root = root;
    this.#thread = readingThread();
  }

  get empty(): boolean {
    return this.#head === this.#ids.length;
  }

  /** Queues an album to visit; `rel` is its path now, which the read-ahead uses; `stat`: see FolderRequest. */
  push(id: number, rel: string, stat: boolean): void {
    this.#ids.push(id);
    this.#rels.push(rel);
    this.#stat.push(stat);
    this.#seqs.push(0);
    this.#askAhead();
  }

  /** The next album to visit; then `read` gives its folder. */
  shift(): number {
    const id = this.#ids[this.#head] as number;
    this.#head += 1;
    return id;
  }

  /** The folder of the album last shifted, whose path is now `rel` (read here: without stats). */
  read(rel: string): FolderListing {
    const at = this.#head - 1;
    const seq = this.#seqs[at] as number;
    if (seq !== 0) this.#waitFor(BigInt(seq));
    this.#takeArrived();
    let listing: FolderListing | undefined;
    if (seq !== 0) {
      listing = this.#answers.get(seq);
      this.#answers.delete(seq);
      this.#asked.delete(seq);
      if (BigInt(seq) > Atomics.load(this.#thread.shared, 0)) Atomics.store(this.#thread.shared, 0, BigInt(seq));
    }
    this.#askAhead();
    if (listing === undefined || this.#rels[at] !== rel) return readFolder(this.#root, rel);
    this.readAhead += 1;
    return listing;
  }

  /** How many listings have arrived and wait to be read. */
  arrived(): number {
    this.#takeArrived();
    return this.#answers.size;
  }

  /** Ends the queue: answers still on their way are dropped by whichever queue takes them. */
  clear(): void {
    this.#head = this.#ids.length;
    this.#answers.clear();
    this.#asked.clear();
  }

  /** Blocks until the thread has answered request `seq`, if it is up, near it, and quick enough. */
  #waitFor(seq: bigint): void {
    const { shared } = this.#thread;
    if (!this.#thread.alive || Atomics.load(shared, 1) === 0n) return;
    const until = performance.now() + WAIT_MS;
    for (let last = Atomics.load(shared, 2); last < seq && seq - last <= WAIT_GAP; last = Atomics.load(shared, 2)) {
      const left = until - performance.now();
      if (left <= 0) return;
      Atomics.wait(shared, 2, last, left);
    }
  }

  #askAhead(): void {
    if (!this.#thread.alive) return;
    while (this.#requested < this.#ids.length && this.#requested - this.#head < AHEAD) {
      const at = this.#requested;
      this.#requested += 1;
      if (at < this.#head) continue; // already visited
      lastSeq += 1;
      this.#seqs[at] = lastSeq;
      this.#asked.add(lastSeq);
      const req: FolderRequest = { seq: lastSeq, root: this.#root, rel: this.#rels[at] as string, stat: this.#stat[at] as boolean };
      this.#thread.port.postMessage(req);
    }
  }

  #takeArrived(): void {
    for (let msg = receiveMessageOnPort(this.#thread.port); msg; msg = receiveMessageOnPort(this.#thread.port)) {
      const answer = msg.message as FolderAnswer;
      // Another queue's answer (scans of other libraries share the thread): it falls back to reading.
      if (this.#asked.has(answer.seq) && answer.listing) this.#answers.set(answer.seq, answer.listing);
      else this.#asked.delete(answer.seq);
    }
  }
}
