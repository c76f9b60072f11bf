import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { lowerThisThread } from '../../src/runtime/thread-priority.ts';

/** For thread-priority.test.ts: lowers itself as the server's worker threads do, and tells its nice value. */
lowerThisThread();
const stat = readFileSync('/proc/thread-self/stat', 'utf8');
parentPort?.postMessage(Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[16]));
