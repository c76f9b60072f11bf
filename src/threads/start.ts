import { Worker } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of ours. The server runs its TypeScript through tsx, whose
 * loader a worker does not inherit: the worker registers it first, then imports the module. The
 * loader is resolved here, from this file, not from the worker's working directory.
 */
export function startWorker(module: URL, workerData: unknown, transferList: readonly Transferable[] = []): Worker {
  const boot = module.pathname.endsWith('.ts')
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`
    : `import(${JSON.stringify(module.href)})`;
  return new Worker(boot, { eval: true, workerData, transferList: [...transferList] });
}

/** Polls a thread's state every 5 ms until it is up or down, or `timeoutMs` passes; true only when up. */
export async function untilUp(state: () => 'starting' | 'up' | 'down', timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (state() === 'starting' && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  return state() === 'up';
}
