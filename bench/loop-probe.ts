/**
 * Loaded into the server under test with `node --import tsx --import ./bench/loop-probe.ts
 * src/main.ts` (bench/thumbs.ts): the event loop's delay inside the real server process, which
 * its own code does not report. Over the IPC channel: `{ loop: 'start' }` starts measuring,
 * `{ loop: 'stop' }` answers `{ loop: { max, p99, stalls } }`. A stall is a 5 ms timer that
 * fired more than 50 ms late, with what the MAIN thread did meanwhile, from Linux's
 * /proc/<pid>/task/<pid>/schedstat (ns; not process.cpuUsage, which counts sharp's and the worker
 * threads too): CPU time it ran, and time it waited on a run queue for a CPU. A stall of our own
 * code is mostly CPU time; a loaded machine's is mostly run-queue wait; the rest is time blocked
 * in the kernel (I/O).
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const statFile = `/proc/${process.pid}/task/${process.pid}/schedstat`;
/** The main thread's [CPU ms, run-queue wait ms] so far; zeros where /proc is not there. */
function mainThread(): [number, number] {
  try {
    const [cpu, wait] = readFileSync(statFile, 'latin1').split(' ').map(Number);
    return [(cpu ?? 0) / 1e6, (wait ?? 0) / 1e6];
  } catch {
    return [0, 0];
  }
}

const h = monitorEventLoopDelay({ resolution: 1 });
let stalls: { at: number; ms: number; cpuMs: number; waitMs: number; gcMs: number }[] = [];
/** Garbage collections of the last few seconds (start, duration in ms): a stall is checked against them. */
let gcs: { start: number; ms: number }[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration });
  if (gcs.length > 500) gcs = gcs.slice(-200);
});
let timer: NodeJS.Timeout | undefined;

process.on('message', (m: unknown) => {
  if (typeof m !== 'object' || m === null || !('loop' in m)) return;
  if (m.loop === 'start') {
    stalls = [];
    gcs = [];
    gcObserver.observe({ entryTypes: ['gc'] });
    h.reset();
    h.enable();
    const t0 = performance.now();
    let last = t0;
    let before = mainThread();
    timer = setInterval(() => {
      const now = performance.now();
      const after = mainThread();
      if (now - last > 55) {
        const gcMs = gcs.filter((g) => g.start + g.ms > last && g.start < now).reduce((n, g) => n + g.ms, 0);
        stalls.push({
          at: Math.round(last - t0),
          ms: Math.round(now - last - 5),
          cpuMs: Math.round(after[0] - before[0]),
          waitMs: Math.round(after[1] - before[1]),
          gcMs: Math.round(gcMs),
        });
      }
      last = now;
      before = after;
    }, 5);
    timer.unref();
  } else if (m.loop === 'stop') {
    h.disable();
    gcObserver.disconnect();
    clearInterval(timer);
    process.send?.({ loop: { max: h.max / 1e6, p99: h.percentile(99) / 1e6, stalls } });
  }
});
