/**
 * The server for bench/move.ts's "own process" measurement: the event-loop delay of the server
 * alone, without the client's work (building a 7 MB request, parsing a 15 MB answer) in the
 * same loop. Controlled over IPC: `start` / `stop` the delay monitor, `exit`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.ts';
import { makeConfig } from '../src/config.ts';

// BENCH_DISK_THREAD=0: the engine without its disk thread, for a comparison in the same sitting.
const station = await createApp(makeConfig(process.env.BENCH_DATA as string, { adminPassword: 'admin-pw', diskThread: process.env.BENCH_DISK_THREAD !== '0' }));
if (process.env.BENCH_NO_CHECKPOINT) station.services.db.pragma('wal_autocheckpoint = 0');
const server = station.app.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
const h = monitorEventLoopDelay({ resolution: 1 });
let spikes: { at: number; ms: number; cpu: number }[] = [];
let timer: NodeJS.Timeout | undefined;
/** When the probe started, in ms since the process began (the clock of `--trace-gc`'s lines). */
let startedAt = 0;

process.on('message', (m) => {
  if (m === 'start') {
    spikes = [];
    h.reset();
    h.enable();
    const t0 = performance.now();
    startedAt = Math.round(t0);
    let last = t0;
    let lastCpu = process.cpuUsage();
    // CPU time beside wall time tells a stall of our own code (cpu ≈ ms) from the process not being scheduled or blocked in the kernel (cpu ≪ ms).
    timer = setInterval(() => {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      if (now - last > 30) spikes.push({ at: Math.round(last - t0), ms: Math.round(now - last), cpu: Math.round((cpu.user + cpu.system) / 1000) });
      last = now;
      lastCpu = process.cpuUsage();
    }, 5);
  } else if (m === 'stop') {
    h.disable();
    clearInterval(timer);
    process.send?.({ max: h.max / 1e6, p99: h.percentile(99) / 1e6, spikes, startedAt });
  } else if (m === 'exit') {
    server.close();
    void station.close().then(() => process.exit(0));
  }
});
