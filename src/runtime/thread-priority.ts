/**
 * Background work below requests when both want a core. Worker threads of our own lower their own
 * priority (`os.setPriority(0, n)` in the thread). Native threads a library starts itself, as
 * libvips's workers that decode and resize pictures for sharp, are found by their name in
 * /proc/self/task and lowered from outside: on Linux a thread's id is a valid target of
 * setpriority(2), and the nice value belongs to that thread alone. Elsewhere this does nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** The nice value of background work: the metadata thread's, the HEIC decoder's, libvips's workers. */
export const BACKGROUND_NICE = 10;

/** BACKGROUND_NICE, or the calling thread's own value when that is lower still (a server started with `nice`): never raised. */
export function backgroundNice(): number {
  return Math.max(BACKGROUND_NICE, os.getPriority(0));
}

/** Threads already looked at (lowered, or not ours to lower), by thread id. */
const seen = new Set<number>();
let unsupported = process.platform !== 'linux';

/**
 * Lowers to `backgroundNice()` every thread of this process named `name` not seen before; answers
 * how many it lowered. Cheap enough to call after each piece of work (one readdir of a few dozen
 * entries; a thread's name is read once).
 */
export function lowerThreads(name: string): number {
  if (unsupported) return 0;
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    unsupported = true;
    return 0;
  }
  let lowered = 0;
  for (const t of tids) {
    const tid = Number(t);
    if (seen.has(tid)) continue;
    seen.add(tid);
    try {
      if (readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim() !== name) continue;
      os.setPriority(tid, backgroundNice());
      lowered += 1;
    } catch {
      // Gone since the readdir, or not allowed: it keeps the process's priority.
    }
  }
  return lowered;
}

/**
 * Lowers the calling thread (a worker thread of ours) to `backgroundNice()`. On Linux the nice value
 * of `setpriority(PRIO_PROCESS, 0)` is the calling thread's alone (NPTL), not the process's.
 */
export function lowerThisThread(): void {
  try {
    os.setPriority(0, backgroundNice());
  } catch {
    // Not allowed here (or not Linux): the thread runs at the process's priority.
  }
}
