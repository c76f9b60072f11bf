import { parentPort } from 'node:worker_threads';
import { lowerThisThread } from '../runtime/thread-priority.ts';
import { mapLimited } from './map-limited.ts';
import { readFileFacts } from './metadata.ts';
import type { MetadataAnswer, MetadataJob } from './metadata-thread.ts';

/**
 * The metadata thread (metadata-thread.ts): reads the files of a batch of the metadata pass, a
 * few at a time, and answers with what each held. The EXIF parse, most of the pass's time, runs
 * here instead of on the thread that serves requests.
 */
const port = parentPort;
if (!port) throw new Error('metadata.worker.ts runs as a worker thread');

// Background work: below the thread that serves requests when both want a core.
lowerThisThread();

port.on('message', (job: MetadataJob) => {
  void mapLimited(job.files, job.concurrency, (f) => (f ? readFileFacts(f.file, f.kind, f.known, f.real).catch(() => undefined) : Promise.resolve(undefined))).then((facts) => {
    const answer: MetadataAnswer = { id: job.id, facts };
    port.postMessage(answer);
  });
});
port.postMessage('up');
