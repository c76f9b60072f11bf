import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { readFolder } from './folder-read.ts';
import type { FolderListing } from './folder-read.ts';
import type { FolderAnswer, FolderRequest } from './folder-queue.ts';

/**
 * The reading thread: lists folders for the scans (folder-queue.ts), ahead of them. A request a
 * scan has already passed (`shared[0]`, written by the scans) is dropped unread. Requests are
 * handled in the order of their numbers; `shared[2]` is the last one handled, which a scan
 * waiting for its next listing watches. A folder that cannot be read here (an error other than
 * its absence) is answered with no listing: the scan reads it itself and meets the error there,
 * as it would have without this thread, which stays up for the next.
 */
const { port, shared } = workerData as { port: MessagePort; shared: BigInt64Array };

port.on('message', (req: FolderRequest) => {
  if (BigInt(req.seq) > Atomics.load(shared, 0)) {
    let listing: FolderListing | undefined;
    try {
      listing = readFolder(req.root, req.rel, req.stat);
    } catch {
      listing = undefined;
    }
    const answer: FolderAnswer = { seq: req.seq, listing };
    port.postMessage(answer);
  }
  Atomics.store(shared, 2, BigInt(req.seq));
  Atomics.notify(shared, 2);
});

Atomics.store(shared, 1, 1n);
