import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { readFolder } from './folder-read.ts';
import type { FolderListing } from './folder-read.ts';
import type { FolderAnswer, FolderRequest } from './folder-queue.ts';

/**
 * The reading thread: lists folders for the scans (folder-queue.ts), ahead of them. A request a
 * scan has already passed (`shared[0]`, written by the scans: it read the folder itself) is
 * dropped unread. `shared[2]` is the request being read (0: none), which a scan that needs it
 * next waits for rather than read the folder twice. A folder that cannot be read here (an error other than
 * its absence) is answered with no listing: the scan reads it itself and meets the error there,
 * as it would have without this thread, which stays up for the next.
 */
const { port, shared } = workerData as { port: MessagePort; shared: BigInt64Array };

port.on('message', (req: FolderRequest) => {
  if (BigInt(req.seq) <= Atomics.load(shared, 0)) return;
  Atomics.store(shared, 2, BigInt(req.seq));
  let listing: FolderListing | undefined;
  try {
    listing = readFolder(req.root, req.rel, req.stat);
  } catch {
    listing = undefined;
  }
  const answer: FolderAnswer = { seq: req.seq, listing };
  port.postMessage(answer);
  Atomics.store(shared, 2, 0n);
  Atomics.notify(shared, 2);
});

Atomics.store(shared, 1, 1n);
