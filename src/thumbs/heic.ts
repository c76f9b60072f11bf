import type { Worker } from 'node:worker_threads';
import { heifSize } from '../library/image-size.ts';
import { startWorker } from '../threads/start.ts';
import { Undecodable } from './render.ts';

/**
 * HEIC decoding (SPEC §14). sharp's prebuilt libvips reads HEIF only with AV1 inside (AVIF): it has
 * no HEVC decoder. `heic-decode` (libheif and libde265 compiled to WebAssembly) has one, but it
 * works synchronously, about 0.2 s for a small picture and seconds for a 12 MP one: it runs on a
 * thread of its own (heic.worker.ts), one file at a time, bounded like every other decode:
 * a header claiming more than `maxPixels` is refused before decoding, and a decode taking longer
 * than the time limit ends the thread (a synchronous decode cannot be cancelled otherwise); the
 * next file starts a new one.
 */
export interface HeicJob {
  id: number;
  bytes: ArrayBuffer;
  maxPixels: number;
}

export type HeicAnswer = { id: number; width: number; height: number; pixels: ArrayBuffer; error?: undefined } | { id: number; error: string; pixels?: undefined };

interface Waiting {
  job: HeicJob;
  seconds: number;
  resolve: (raw: { raw: Buffer; width: number; height: number; channels: 4 }) => void;
  reject: (err: Error) => void;
}

let worker: Worker | undefined;
let current: { waiting: Waiting; timer: NodeJS.Timeout } | undefined;
const queue: Waiting[] = [];
let lastId = 0;

function thread(): Worker {
  if (worker) return worker;
  const started = startWorker(new URL('./heic.worker.ts', import.meta.url), undefined);
  started.on('message', (msg: HeicAnswer | 'up') => {
    if (msg === 'up' || !current || msg.id !== current.waiting.job.id) return;
    const { waiting, timer } = current;
    clearTimeout(timer);
    current = undefined;
    if (msg.error !== undefined) waiting.reject(new Undecodable(`HEIC: ${msg.error}`));
    else waiting.resolve({ raw: Buffer.from(msg.pixels), width: msg.width, height: msg.height, channels: 4 });
    next();
  });
  const down = (why: string) => {
    if (worker !== started) return;
    worker = undefined;
    if (current) {
      clearTimeout(current.timer);
      current.waiting.reject(new Undecodable(`HEIC: ${why}`));
      current = undefined;
    }
    next();
  };
  // A decoder crash (a WebAssembly trap, out of memory) fails the file at hand, not the server.
  started.on('error', (err) => down(err.message));
  started.on('exit', () => down('decoder thread ended'));
  worker = started;
  return started;
}

function next(): void {
  if (current) return;
  const waiting = queue.shift();
  if (!waiting) {
    // Idle: the thread must not keep the process alive (npm run thumbs ends when its work does).
    worker?.unref();
    return;
  }
  const w = thread();
  w.ref();
  const timer = setTimeout(() => {
    // Past the time limit: the decode cannot be interrupted, the thread can.
    if (current?.timer !== timer) return;
    current = undefined;
    waiting.reject(new Undecodable('HEIC: decode took too long'));
    if (worker === w) worker = undefined;
    void w.terminate();
    next();
  }, waiting.seconds * 1000);
  current = { waiting, timer };
  w.postMessage(waiting.job, [waiting.job.bytes]);
}

/** The pixels of a HEIC file, upright (its irot/imir applied), RGBA; throws Undecodable. */
export function decodeHeic(file: Buffer, limits: { maxPixels: number; seconds: number }): Promise<{ raw: Buffer; width: number; height: number; channels: 4 }> {
  const size = heifSize(file);
  if (!size) return Promise.reject(new Undecodable('HEIC: no image size in the file'));
  if (size.width * size.height > limits.maxPixels) return Promise.reject(new Undecodable('HEIC: too many pixels'));
  // A copy the thread may own: `file` may be a view into a bigger pool buffer.
  const bytes = new Uint8Array(file).buffer;
  lastId += 1;
  const job: HeicJob = { id: lastId, bytes, maxPixels: limits.maxPixels };
  return new Promise((resolve, reject) => {
    queue.push({ job, seconds: limits.seconds, resolve, reject });
    next();
  });
}
