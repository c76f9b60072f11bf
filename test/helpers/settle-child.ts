/**
 * Run as its own process by scan-read-ahead.test.ts: queues the big folder given as argv[2]
 * (with stats, so the reading thread takes a while on it), waits until the thread is reading it,
 * then `settle`s. Prints what it saw as JSON and ends by itself: nothing else keeps this process
 * alive, so a wait that no handle holds would end it early with exit code 13, printing nothing.
 */
import path from 'node:path';
import { FolderQueue, readingThreadUp } from '../../src/library/folder-queue.ts';

const [dir] = process.argv.slice(2) as [string];
if (!(await readingThreadUp())) throw new Error('the reading thread did not start');
const queue = new FolderQueue(path.dirname(dir));
queue.push(1, path.basename(dir), true);
let sawReading = false;
for (let i = 0; i < 100_000 && !sawReading && queue.arrived() === 0; i++) {
  sawReading = !queue.headReady();
  if (!sawReading) await new Promise(setImmediate);
}
await queue.settle();
const ready = queue.headReady();
const arrived = queue.arrived();
queue.shift();
const listing = queue.read(path.basename(dir));
console.log(JSON.stringify({ sawReading, waits: queue.waits, ready, arrived, readAhead: queue.readAhead, photoCount: listing.photoCount, stats: listing.photoStats?.length }));
