import { itemId } from '../../src/library/ids.ts';
import type { Envelope, OpsFixture } from './ops-fixture.ts';

/** Helpers for the Batch, BackgroundTask and Sync tests (SPEC §12). */

export const BATCH = 'SYNO.PhotoStation.Batch';
export const TASK = 'SYNO.PhotoStation.BackgroundTask';
export const SYNC = 'SYNO.PhotoStation.Sync';

export const photo = (album: string, name: string) => itemId(album, name, 'photo');

export const FINISHED = new Set(['done', 'cancelled', 'rejected', 'failed']);

/** Polls BackgroundTask.status until the task has finished (or `until` holds); answers the task. */
export async function waitTask(
  f: OpsFixture,
  taskid: string,
  until: (task: Record<string, unknown>) => boolean = (t) => FINISHED.has(t.status as string),
  timeoutMs = 60_000,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await f.call(TASK, 'status', { taskid, limit: '0' });
    if (!r.success) throw new Error(`status failed: ${JSON.stringify(r)}`);
    if (until(r.data.task)) return r.data.task;
    if (Date.now() > end) throw new Error(`task ${taskid} still ${r.data.task.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every per-item result of a task, in unit order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function taskItems(f: OpsFixture, taskid: string): Promise<any[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const out: any[] = [];
  for (;;) {
    const r: Envelope = await f.call(TASK, 'status', { taskid, offset: String(out.length), limit: '5000' });
    if (!r.success) throw new Error(`status failed: ${JSON.stringify(r)}`);
    out.push(...r.data.items);
    if (r.data.items.length === 0 || out.length >= r.data.total) return out;
  }
}

/** Album paths on disk holding a file `name` (searching the whole photo root). */
export function where(f: OpsFixture, name: string): string[] {
  const rows = f.lib.db.prepare('SELECT albums.path FROM items JOIN albums ON albums.id = items.album_id WHERE items.name = ? ORDER BY albums.path').pluck().all(name) as string[];
  return rows;
}
