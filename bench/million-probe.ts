/**
 * Loaded into the server by bench/million.ts instead of bench/loop-probe.ts: the same probe,
 * started at once, as the process loads, so that the start-up scan before the server listens is
 * measured too. (A `start` sent by the parent right after the spawn can arrive before the probe
 * listens for it, and be lost.)
 */
import './loop-probe.ts';

process.emit('message', { loop: 'start' }, undefined);
