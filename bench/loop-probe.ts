/**
 * Loaded into the server under test with `node --import tsx --import ./bench/loop-probe.ts
 * src/main.ts` (bench/thumbs.ts): the event loop's delay inside the real server process, which
 * its own code does not report. Over the IPC channel: `{ loop: 'start' }` starts measuring,
 * `{ loop: 'stop' }` answers `{ loop: { max, p99, stalls } }`. A stall is a 5 ms timer that
 * fired more than 50 ms late, with the CPU time the MAIN thread used meanwhile (Linux
 * /proc/<pid>/task/<pid>/stat, 10 ms ticks; not process.cpuUsage, which counts sharp's and the
 * worker threads too): a stall of our own code costs about as much CPU as wall time; a thread the
 * kernel did not schedule (a loaded machine) costs almost none.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const TICK_MS = 10;
const statFile = `/proc/${process.pid}/task/${process.pid}/stat`;
/** The main thread's CPU time so far, in ms (utime + stime); 0 where /proc is not there. */
function mainCpuMs(): number {
  try {
    const fields = readFileSync(statFile, 'latin1').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

const h = monitorEventLoopDelay({ resolution: 1 });
let stalls: { at: number; ms: number; cpuMs: number }[] = [];
let timer: NodeJS.Timeout | undefined;

process.on('message', (m: unknown) => {
  if (typeof m !== 'object' || m === null || !('loop' in m)) return;
  if (m.loop === 'start') {
    stalls = [];
    h.reset();
    h.enable();
    const t0 = performance.now();
    let last = t0;
    let lastCpu = mainCpuMs();
    timer = setInterval(() => {
      const now = performance.now();
      const cpu = mainCpuMs();
      if (now - last > 55) stalls.push({ at: Math.round(last - t0), ms: Math.round(now - last - 5), cpuMs: cpu - lastCpu });
      last = now;
      lastCpu = cpu;
    }, 5);
    timer.unref();
  } else if (m.loop === 'stop') {
    h.disable();
    clearInterval(timer);
    process.send?.({ loop: { max: h.max / 1e6, p99: h.percentile(99) / 1e6, stalls } });
  }
});
