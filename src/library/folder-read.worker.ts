import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { readFolder } from './folder-read.ts';
import type { FolderAnswer, FolderRequest } from './folder-queue.ts';

/**
 * The reading thread: lists folders for the scans (folder-queue.ts), ahead of them. A request a
 * scan has already passed (`shared[0]`, written by the scans) is dropped unread; `shared[2]` is
 * the request being read, which a scan that needs it next waits for rather than read it twice.
 */
const { port, shared } = workerData as { port: MessagePort; shared: BigInt64Array };

port.on('message', (req: FolderRequest) => {
  if (BigInt(req.seq) <= Atomics.load(shared, 0)) return;
  Atomics.store(shared, 2, BigInt(req.seq));
  const answer: FolderAnswer = { seq: req.seq, listing: readFolder(req.root, req.rel) };
  port.postMessage(answer);
  Atomics.store(shared, 2, 0n);
});

Atomics.store(shared, 1, 1n);
