import { parentPort } from 'node:worker_threads';

/** A worker for rpc.test.ts: answers each request with itself. */
parentPort?.on('message', ({ id, request }: { id: number; request: unknown }) => parentPort?.postMessage({ id, ok: true, value: request }));
