/// <reference lib="es2024.sharedmemory" />
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { readFolder, stillCurrent } from './folder-read.ts';
import type { FolderListing } from './folder-read.ts';
import { startWorker, untilUp } from '../threads/start.ts';

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
/**
 * The longest a scan waits (between batches, the event loop free) for a folder the thread is in
 * the middle of reading, before it reads the folder itself.
 */
const WAIT_MS = 2_000;

interface ReadingThread {
  port: MessagePort;
  /**
   * [0]: the highest request number the scans have passed, which the thread skips; [1]: 1 once
   * it runs; [2]: the request it is reading now (0: none).
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
    const shared = new BigInt64Array(new SharedArrayBuffer(3 * 8));
    const started: ReadingThread = { port: port1, shared, alive: true };
    const worker = startWorker(new URL('./folder-read.worker.ts', import.meta.url), { port: port2, shared }, [port2]);
    worker.on('error', (err) => {
      started.alive = false;
      process.emitWarning(`The scan's reading thread failed; scans read every folder themselves: ${err.message}`);
    });
    worker.on('exit', () => {
      started.alive = false;
    });
    worker.unref();
    port1.unref();
    thread = started;
  }
  return thread;
}

/** Resolves true once the reading thread runs (false if it failed to start); for tests and benchmarks. */
export async function readingThreadUp(timeoutMs = 10_000): Promise<boolean> {
  const t = readingThread();
  return untilUp(() => (!t.alive ? 'down' : Atomics.load(t.shared, 1) === 1n ? 'up' : 'starting'), timeoutMs);
}

/**
 * The folders one structural pass has still to visit, first in first out, with their listings
 * read ahead on the reading thread while this thread writes the index. The pass takes answers
 * synchronously (`receiveMessageOnPort`), inside its transaction. The two threads share the
 * work: a folder whose listing has not arrived is read here (and the thread, seeing it passed,
 * skips it), except the one the thread is reading at that moment, which the pass waits for
 * between batches, with the event loop free (`headReady`, `settle`). A folder whose album has
 * moved since it was asked for is read here too, and so is one that changed after the thread
 * read it (`stillCurrent`: a request between two batches must not be undone by an old listing).
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
  /** A request `settle` stopped waiting for: read here. */
  #givenUp = 0;
  #lastAsked = 0;
  /** Folders whose listing came from the reading thread. */
  readAhead = 0;
  /** Times the pass waited for the thread to finish reading a folder. */
  waits = 0;

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

  /**
   * Whether the next album's folder can be had now: its listing has arrived, or it is to be read
   * here. False while the thread is reading it: end the batch and `settle`.
   */
  headReady(): boolean {
    const seq = this.#seqs[this.#head] as number;
    if (seq === 0 || seq === this.#givenUp) return true;
    this.#takeArrived();
    return this.#answers.has(seq) || !this.#beingRead(seq);
  }

  /** Waits, without blocking, while the thread reads the next album's folder (at most WAIT_MS). */
  async settle(): Promise<void> {
    const seq = this.#seqs[this.#head] as number;
    if (seq === 0) return;
    const { shared } = this.#thread;
    const until = performance.now() + WAIT_MS;
    if (this.#beingRead(seq)) this.waits += 1;
    while (this.#beingRead(seq)) {
      const left = until - performance.now();
      if (left <= 0) {
        this.#givenUp = seq;
        return;
      }
      const wait = Atomics.waitAsync(shared, 2, BigInt(seq), left);
      if (!wait.async) continue;
      // A pending waitAsync does not keep the process alive (the thread is unref'd): a timer does.
      const alive = setTimeout(() => {}, left);
      await wait.value;
      clearTimeout(alive);
    }
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
    this.#takeArrived();
    let listing: FolderListing | undefined;
    if (seq !== 0) {
      listing = this.#answers.get(seq);
      this.#answers.delete(seq);
      this.#asked.delete(seq);
      this.#pass(seq);
    }
    this.#askAhead();
    // Asked for under another path (the album moved), or the folder changed since (a request
    // between two batches added, removed or renamed something in it): read it now.
    if (listing === undefined || this.#rels[at] !== rel || !stillCurrent(listing, this.#root, rel)) return readFolder(this.#root, rel);
    this.readAhead += 1;
    return listing;
  }

  /** How many listings have arrived and wait to be read. */
  arrived(): number {
    this.#takeArrived();
    return this.#answers.size;
  }

  /** Ends the queue: the thread skips what it has not read yet; answers on their way are dropped by whichever queue takes them. */
  clear(): void {
    this.#head = this.#ids.length;
    this.#answers.clear();
    this.#asked.clear();
    this.#pass(this.#lastAsked);
  }

  /** Tells the thread that requests up to `seq` are not wanted any more (it skips them unread). */
  #pass(seq: number): void {
    if (BigInt(seq) > Atomics.load(this.#thread.shared, 0)) Atomics.store(this.#thread.shared, 0, BigInt(seq));
  }

  #beingRead(seq: number): boolean {
    return this.#thread.alive && Atomics.load(this.#thread.shared, 2) === BigInt(seq);
  }

  #askAhead(): void {
    if (!this.#thread.alive) return;
    while (this.#requested < this.#ids.length && this.#requested - this.#head < AHEAD) {
      const at = this.#requested;
      this.#requested += 1;
      if (at < this.#head) continue; // already visited
      lastSeq += 1;
      this.#lastAsked = lastSeq;
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
