import v8 from 'node:v8';
import type { Db } from './db/open.ts';

/** What `npm run load` asks the server about its memory; one answer per question. */
export interface MemoryReport {
  /** Whether a full collection ran first (the process was started with `--expose-gc`). */
  collected: boolean;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** SQLite: the page cache bound (`cache_size`, in bytes) and the index's size on disk. */
  sqliteCacheLimit: number;
  sqliteFileBytes: number;
  /** Rows in the tables a long run adds to. */
  rows: Record<string, number>;
  /** Set when a heap snapshot was asked for. */
  snapshot?: string;
}

const TABLES = ['albums', 'items', 'changes', 'tasks', 'task_units', 'trash', 'sessions', 'journal'];

/**
 * Answers memory questions from the process that started this server, over the IPC channel
 * Node opens for a child spawned with `stdio: [..., 'ipc']` (`test/helpers/child-server.ts`).
 * No such channel, nothing listens: an HTTP client cannot reach this. `{ gc: true }` collects
 * first (when `--expose-gc` was given), `{ snapshot: file }` writes a heap snapshot.
 */
export function answerMemoryProbes(db: Db): void {
  if (!process.send) return;
  const existing = new Set(db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all());
  const counts = TABLES.filter((t) => existing.has(t)).map((t) => [t, db.prepare<[], number>(`SELECT count(*) FROM ${t}`).pluck()] as const);
  const pageSize = db.prepare<[], number>('PRAGMA page_size').pluck();
  const pageCount = db.prepare<[], number>('PRAGMA page_count').pluck();
  const cacheSize = db.prepare<[], number>('PRAGMA cache_size').pluck();
  process.on('message', (m: { probe?: number; gc?: boolean; snapshot?: string }) => {
    if (typeof m?.probe !== 'number') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (m.gc && gc) gc();
    const cache = cacheSize.get() as number;
    const report: MemoryReport = {
      collected: Boolean(m.gc && gc),
      ...process.memoryUsage(),
      // A negative cache_size is a size in KiB, a positive one a number of pages.
      sqliteCacheLimit: cache < 0 ? -cache * 1024 : cache * (pageSize.get() as number),
      sqliteFileBytes: (pageCount.get() as number) * (pageSize.get() as number),
      rows: Object.fromEntries(counts.map(([t, stmt]) => [t, stmt.get() as number])),
    };
    if (m.snapshot) report.snapshot = v8.writeHeapSnapshot(m.snapshot);
    process.send?.({ probe: m.probe, report });
  });
  // The channel must not keep a server alive that was asked to stop.
  process.channel?.unref();
}
