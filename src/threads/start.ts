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
