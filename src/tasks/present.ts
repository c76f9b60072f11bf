import type { TaskRow, UnitRow } from './store.ts';

/** A task as BackgroundTask answers it (SPEC §12). Times in seconds, like seed 002's jobs. */
export function presentTask(t: TaskRow) {
  const running = t.status === 'queued' || t.status === 'processing';
  const complete = t.status === 'done' && t.failed === 0 && t.processed === t.total;
  return {
    taskid: t.taskid,
    api: t.api,
    method: t.method,
    status: t.status,
    total: t.total,
    processed: t.processed,
    remaining: t.total - t.processed,
    progress: t.total === 0 ? (running ? 0 : 1) : Math.round((t.processed / t.total) * 10000) / 10000,
    created_on: t.created_on / 1000,
    updated_on: t.updated_on / 1000,
    result: running ? 202 : complete ? 200 : 207,
  };
}

/** A unit's result in the per-item shape of SPEC §10 ext; `code` turns its reason into the API's code. */
export function presentUnit(u: UnitRow, code: (source: string, error: UnitRow['error']) => number | null) {
  return { id: u.source, status: u.status ?? 202, new_id: u.new_id, path: u.path, error: code(u.source, u.error) };
}
