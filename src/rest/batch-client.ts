import type { User } from '../auth/users.ts';
import { executeUnits } from '../batch/execute.ts';
import type { BatchMethod } from '../batch/execute.ts';
import { BATCH_API } from '../batch/kinds.ts';
import type { BatchSpec } from '../batch/kinds.ts';
import { SYNC_LIMIT } from '../batch/plan.ts';
import type { Services } from '../services.ts';
import { FINISHED } from '../tasks/store.ts';
import type { TaskRow, UnitResult, UnitRow, UnitSpec } from '../tasks/store.ts';

/**
 * The REST routes as clients of the Batch engine (SPEC §12, §17): the same planners, units,
 * journal and task runner as SYNO.PhotoStation.Batch, so a move through a seed route is the same
 * move, with the same clash rules, crash safety and Sync events. Nothing here decides anything
 * about a unit; it only hands units over and collects their results.
 */

/** One unit and what it came to, in request order. */
export interface UnitOutcome extends Required<UnitSpec> {
  result: UnitResult;
}

const CHUNK = 2000;

function* chunks(units: UnitSpec[]): Iterable<UnitSpec[]> {
  for (let i = 0; i < units.length; i += CHUNK) yield units.slice(i, i + CHUNK);
}

function outcome(u: UnitRow): UnitOutcome {
  return {
    source: u.source,
    dest: u.dest,
    name: u.name,
    duplicate: u.duplicate,
    result: { status: u.status ?? 202, new_id: u.new_id, path: u.path, reason: typeof u.error === 'number' ? null : u.error },
  };
}

/** Starts a background task of `units` (or of a selection); answers it at once. */
export async function submitUnits(services: Services, user: User, method: BatchMethod, spec: BatchSpec, units?: UnitSpec[]): Promise<TaskRow> {
  return services.tasks.runner.submit(BATCH_API, method, user.id, spec, units && chunks(units));
}

/** Every unit of a task with its result so far (202 while pending), in order. */
export function taskOutcomes(services: Services, task: TaskRow): UnitOutcome[] {
  const out: UnitOutcome[] = [];
  for (;;) {
    const rows = services.tasks.store.units(task.id, out.length, 5000);
    out.push(...rows.map(outcome));
    if (rows.length < 5000) return out;
  }
}

async function finished(services: Services, task: TaskRow): Promise<TaskRow> {
  for (;;) {
    const now = services.tasks.store.byId(task.id);
    if (!now || FINISHED.has(now.status)) return now ?? task;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Runs `units` and answers when they are done. Up to SYNC_LIMIT within the request, as Batch
 * does; more as a task (so a restart resumes it, as Batch's own large requests), waited for.
 */
export async function runUnits(services: Services, user: User, method: BatchMethod, units: UnitSpec[]): Promise<UnitOutcome[]> {
  if (units.length > SYNC_LIMIT) {
    const task = await submitUnits(services, user, method, { form: 'units' }, units);
    return taskOutcomes(services, await finished(services, task));
  }
  const results = new Map<number, UnitResult>();
  const rows = units.map((u, i) => ({ seq: i + 1, source: u.source, dest: u.dest ?? null, name: u.name ?? null, duplicate: u.duplicate ?? null, path: null }));
  await executeUnits({ services, user, method, signal: new AbortController().signal, record: (seq, r) => results.set(seq, r) }, rows);
  return rows.map((u) => ({ source: u.source, dest: u.dest, name: u.name, duplicate: u.duplicate, result: results.get(u.seq) ?? { status: 500, reason: 'failed' } }));
}
