import { BATCH_API } from '../batch/kinds.ts';
import type { BatchSpec } from '../batch/kinds.ts';
import { runUnit } from '../batch/execute.ts';
import type { BatchMethod } from '../batch/execute.ts';
import { SYNC_LIMIT, planDelete, planTransfer } from '../batch/plan.ts';
import type { DeleteParams, TransferParams } from '../batch/plan.ts';
import { parseSelection } from '../batch/selection.ts';
import type { Call, Handlers } from '../services.ts';
import type { UnitSpec } from '../tasks/store.ts';

const CHUNK = 2000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function* chunks(units: UnitSpec[]): Iterable<UnitSpec[]> {
  for (let i = 0; i < units.length; i += CHUNK) yield units.slice(i, i + CHUNK);
}

/** Runs a small batch in the request, yielding between units' batches: `{status, items}`. */
async function runNow(call: Call<unknown>, method: BatchMethod, units: UnitSpec[]) {
  const items = [];
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as UnitSpec;
    const r = await runUnit(call.services, call.user, method, unit);
    items.push({ id: unit.source, status: r.status, new_id: r.new_id ?? null, path: r.path ?? null, error: r.error ?? null });
    if (i % 64 === 63) await yieldToLoop();
  }
  const status = items.every((it) => it.status < 300) ? 200 : 207;
  return { status, items };
}

async function submit(call: Call<unknown>, method: BatchMethod, spec: BatchSpec, units?: UnitSpec[]) {
  const task = await call.services.tasks.runner.submit(BATCH_API, method, call.user?.id ?? null, spec, units && chunks(units));
  return { taskid: task.taskid };
}

function transfer(method: 'move' | 'copy') {
  return async (call: Call<TransferParams>) => {
    const plan = planTransfer(call.params);
    if ('selection' in plan) {
      // Checked now so a bad selection is refused (601) before a task exists.
      parseSelection(plan.selection, call.services.library);
      return submit(call, method, { form: 'selection', selection: plan.selection, to: plan.to, duplicate: call.params.duplicate });
    }
    if (call.params.async || plan.units.length > SYNC_LIMIT) return submit(call, method, { form: 'units' }, plan.units);
    return runNow(call, method, plan.units);
  };
}

async function remove(call: Call<DeleteParams>) {
  const plan = planDelete(call.params);
  if ('selection' in plan) {
    parseSelection(plan.selection, call.services.library);
    return submit(call, 'delete', { form: 'selection', selection: plan.selection });
  }
  if (call.params.async || plan.units.length > SYNC_LIMIT) return submit(call, 'delete', { form: 'units' }, plan.units);
  const answer = await runNow(call, 'delete', plan.units);
  // Seed 003 answers the ids it deleted.
  return { ...answer, deleted: answer.items.filter((it) => it.status < 300).map((it) => it.id) };
}

export const handlers = { move: transfer('move'), copy: transfer('copy'), delete: remove } satisfies Handlers;
