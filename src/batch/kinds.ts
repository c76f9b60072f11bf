import type { Services } from '../services.ts';
import type { TaskKind, TaskRunner } from '../tasks/runner.ts';
import type { UnitSpec } from '../tasks/store.ts';
import { executeUnits } from './execute.ts';
import type { BatchMethod } from './execute.ts';
import { parseSelection, resolveSelection } from './selection.ts';

export const BATCH_API = 'SYNO.PhotoStation.Batch';

/** What a Batch task keeps in `tasks.spec`: units are stored as task_units, never here. */
export type BatchSpec = { form: 'units' } | { form: 'selection'; selection: unknown[]; to?: string; duplicate?: string };

function kind(services: Services, method: BatchMethod): TaskKind {
  return {
    async *resolve(raw: unknown): AsyncIterable<UnitSpec[]> {
      const spec = raw as BatchSpec;
      // Explicit units are written when the task is submitted; a crash before that finished
      // leaves nothing to resume (and nothing was done), so the task fails.
      if (spec.form !== 'selection') throw new Error('Task units were never completely recorded');
      const selection = parseSelection(spec.selection, services.library);
      for await (const ids of resolveSelection(selection, services.library)) {
        yield ids.map((source) => ({ source, dest: spec.to ?? null, duplicate: spec.duplicate ?? null }));
      }
    },
    async run(units, ctx) {
      const user = ctx.task.user_id === null ? null : (services.users.byId(ctx.task.user_id) ?? null);
      // An account deleted or disabled since the task was queued can no longer act.
      if (!user || user.disabled) throw new Error('The task\'s owner can no longer act');
      await executeUnits({ services, user, method, signal: ctx.signal, record: ctx.record, note: ctx.note, taskId: ctx.task.id }, units);
    },
  };
}

export function registerBatchKinds(runner: TaskRunner, services: Services): void {
  for (const method of ['move', 'copy', 'delete'] as const) runner.register(BATCH_API, method, kind(services, method));
}
