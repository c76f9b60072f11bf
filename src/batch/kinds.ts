import type { Abilities } from '../auth/app-tokens.ts';
import { actingIn } from '../auth/space-owner.ts';
import type { Services } from '../services.ts';
import type { TaskKind, TaskRunner } from '../tasks/runner.ts';
import type { UnitResult, UnitSpec } from '../tasks/store.ts';
import { FolderNames } from '../ops/names.ts';
import { runAcross } from './across.ts';
import type { AcrossSpec } from './across.ts';
import { executeUnits } from './execute.ts';
import type { BatchMethod } from './execute.ts';
import { parseSelection, resolveSelection } from './selection.ts';

export const BATCH_API = 'SYNO.PhotoStation.Batch';

/** What a Batch task keeps in `tasks.spec`: units are stored as task_units, never here. */
/** `token`: the app token the task was queued with, whose abilities limit it while it runs (SPEC §17). */
/** `across`: the task moves or copies between two spaces (SPEC §18); its selection is read in the source space. */
export type BatchSpec = ({ form: 'units' } | { form: 'selection'; selection: unknown[]; to?: string; duplicate?: string }) & {
  token?: { jti: string; abilities: Abilities };
  across?: AcrossSpec;
};

function kind(services: Services, method: BatchMethod): TaskKind {
  // Tasks run one at a time: one cache of folder contents, for the task running now. Keyed by
  // the task's random taskid, not its row number: SQLite gives a new row the number of a deleted
  // last one, so after clear_finished the next task would be handed this one's old contents.
  let folders: { task: string; names: FolderNames } | undefined;
  return {
    async *resolve(raw: unknown): AsyncIterable<UnitSpec[]> {
      const spec = raw as BatchSpec;
      // Explicit units are written when the task is submitted; a crash before that finished
      // leaves nothing to resume (and nothing was done), so the task fails.
      if (spec.form !== 'selection') throw new Error('Task units were never completely recorded');
      const library = spec.across ? (await services.spaces.resolve(spec.across.from)).library : services.library;
      const selection = parseSelection(spec.selection, library);
      for await (const ids of resolveSelection(selection, library)) {
        yield ids.map((source) => ({ source, dest: spec.to ?? null, duplicate: spec.duplicate ?? null }));
      }
    },
    async run(units, ctx) {
      const user = ctx.task.user_id === null ? null : (services.users.byId(ctx.task.user_id) ?? null);
      // An account deleted or disabled since the task was queued can no longer act.
      if (!user || user.disabled) throw new Error("The task's owner can no longer act");
      const token = (ctx.spec as BatchSpec).token;
      const limited = token ? services.appTokens.actAs(user, token) : user;
      if (!limited) throw new Error('The app token the task was queued with was revoked');
      const across = (ctx.spec as BatchSpec).across;
      if (across && method !== 'delete') return runAcross(services, across, limited, method === 'move', units, ctx);
      // In a personal library its owner acts as its administrator (SPEC §18), as in the call that queued the task.
      const acting = actingIn(services.space.owner, limited);
      const receipt = (seq: number, result: UnitResult) => ({ task: ctx.task.id, seq, result });
      if (folders?.task !== ctx.task.taskid) folders = { task: ctx.task.taskid, names: new FolderNames((rel) => services.ops.engine.disk.abs(rel)) };
      await executeUnits({ services, user: acting, method, signal: ctx.signal, record: ctx.record, note: ctx.note, receipt, names: folders.names }, units);
    },
  };
}

export function registerBatchKinds(runner: TaskRunner, services: Services): void {
  for (const method of ['move', 'copy', 'delete'] as const) runner.register(BATCH_API, method, kind(services, method));
  // A unit whose commit a crash prevented, finished by start-up recovery: its result lands then.
  services.ops.engine.onRecovered = (raw) => {
    const r = raw as { task?: unknown; seq?: unknown; result?: UnitResult };
    if (typeof r.task === 'number' && typeof r.seq === 'number' && r.result) services.tasks.store.finishPendingUnit(r.task, r.seq, r.result, services.config.now());
  };
}
