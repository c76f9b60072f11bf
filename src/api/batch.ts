import { BATCH_API } from '../batch/kinds.ts';
import type { BatchSpec } from '../batch/kinds.ts';
import { executeUnits } from '../batch/execute.ts';
import type { BatchMethod } from '../batch/execute.ts';
import { SYNC_LIMIT, planDelete, planTransfer } from '../batch/plan.ts';
import type { TransferParams } from '../batch/plan.ts';
import { parseSelection } from '../batch/selection.ts';
import type { Strategy } from '../ops/clash.ts';
import { MAX_ACROSS, crossSpaces, openSides } from '../spaces/cross.ts';
import { actingIn } from '../auth/space-owner.ts';
import type { Library } from '../library/library.ts';
import { psId, psIds, selectionPsIds } from '../library/uids.ts';
import type { UnitResult, UnitSpec } from '../tasks/store.ts';
import type { User } from '../auth/users.ts';
import type { Call } from '../webapi/call.ts';
import { route } from '../webapi/route.ts';
import type { CallFor } from '../webapi/route.ts';
import { unitCode } from './reasons.ts';

const strategy = { type: 'string', enum: ['ask', 'rename', 'overwrite', 'ignore'] } as const;
// Untyped on purpose: a typed list would read a lone object or a comma string as a list, so a
// selection that is not a JSON array would slip through instead of getting 601 (docs/protocol.md §10).
const selection = { description: 'A JSON array of ids, `{children, recursive, exclude}` and `{search, exclude}` (seed 002); anything else: 601.' } as const;
const transferParams = {
  type: 'object',
  properties: {
    move_operations: { type: 'object', additionalProperties: { type: 'string', maxLength: 20000 } },
    operations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          from: { type: 'string', maxLength: 20000 },
          to: { type: 'string', maxLength: 20000 },
          name: { type: 'string', minLength: 1, maxLength: 255 },
          duplicate: strategy,
        },
        required: ['from', 'to'],
        additionalProperties: false,
      },
    },
    selection,
    to: { type: 'string', maxLength: 20000 },
    duplicate: { ...strategy, default: 'rename' },
    async: { type: 'boolean', default: false },
    from_space: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: "(SPEC §18) The space the sources are in: `-` (the shared library) or a user's name; default the request's space.",
    },
    to_space: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description:
        "(SPEC §18) The space the destinations are in; default the request's space. Items only. Answered at once up to 1 000 explicit ids; with `async`, a `selection` (read in the source space) or more items, a task held by the request's space when it is one of the two, else by the source space.",
    },
  },
} as const;

const deleteParams = {
  type: 'object',
  properties: {
    id: { type: 'array', items: { type: 'string', maxLength: 20000 } },
    selection,
    async: { type: 'boolean', default: false },
  },
} as const;

type TransferCall = CallFor<typeof transferParams, 'user'>;
type DeleteCall = CallFor<typeof deleteParams, 'user'>;

const CHUNK = 2000;

function* chunks(units: UnitSpec[]): Iterable<UnitSpec[]> {
  for (let i = 0; i < units.length; i += CHUNK) yield units.slice(i, i + CHUNK);
}

/** Runs a small batch within the request: `{status, items}`, one entry per source in order. */
async function runNow(call: Call<unknown, User>, method: BatchMethod, units: UnitSpec[]) {
  const results = new Map<number, UnitResult>();
  const rows = units.map((u, i) => ({ seq: i + 1, source: u.source, dest: u.dest ?? null, name: u.name ?? null, duplicate: u.duplicate ?? null, path: null }));
  const signal = new AbortController().signal;
  await executeUnits({ services: call.services, user: call.user, method, signal, record: (seq, r) => results.set(seq, r) }, rows);
  const items = rows.map((u) => {
    const r = results.get(u.seq) ?? { status: 500, reason: 'failed' };
    return { id: u.source, status: r.status, new_id: r.new_id ?? null, path: r.path ?? null, error: unitCode(u.source, r.reason) };
  });
  return { status: items.every((it) => it.status < 300) ? 200 : 207, items };
}

async function submit(call: Call<unknown, User>, method: BatchMethod, spec: BatchSpec, units?: UnitSpec[]) {
  // A task queued with an app token runs within its abilities, and stops if it is revoked.
  const token = call.user?.token;
  const limited: BatchSpec = token ? { ...spec, token: { jti: token.jti, abilities: token.abilities } } : spec;
  const task = await call.services.tasks.runner.submit(BATCH_API, method, call.user?.id ?? null, limited, units && chunks(units));
  return { taskid: task.taskid };
}

/** The request with stable uids (SPEC §17) replaced by path ids, which is all the planners know. */
function transferPsIds(library: Library, p: TransferCall['params']): TransferParams {
  // `selection` is whatever JSON came; planTransfer passes it on and parseSelection refuses a non-list (601).
  const out = { ...p } as TransferParams;
  if (p.move_operations) out.move_operations = Object.fromEntries(Object.entries(p.move_operations).map(([from, to]) => [psId(library, from), psId(library, to)]));
  if (p.operations) out.operations = p.operations.map((o) => ({ ...o, from: psId(library, o.from), to: psId(library, o.to) }));
  if (p.to !== undefined) out.to = psId(library, p.to);
  if (p.selection !== undefined) out.selection = selectionPsIds(library, p.selection) as unknown[];
  return out;
}

/**
 * A move or copy between spaces (SPEC §18). Source ids (and uids) are read in the source space,
 * destinations in the target space. Answered at once up to MAX_ACROSS explicit items; with
 * `async`, a selection or more items it is a Batch task, held by the space the call was made in
 * when that is one of the two (else by the source space, where BackgroundTask follows it).
 */
async function across(call: TransferCall, method: 'move' | 'copy', fromName: string, toName: string) {
  const p = call.params;
  const { from, to } = await openSides(call.services, call.user, fromName, toName);
  const mapped = { ...p } as TransferParams;
  if (p.move_operations) mapped.move_operations = Object.fromEntries(Object.entries(p.move_operations).map(([f, t]) => [psId(from.library, f), psId(to.library, t)]));
  if (p.operations) mapped.operations = p.operations.map((o) => ({ ...o, from: psId(from.library, o.from), to: psId(to.library, o.to) }));
  if (p.to !== undefined) mapped.to = psId(to.library, p.to);
  if (p.selection !== undefined) mapped.selection = selectionPsIds(from.library, p.selection) as unknown[];
  const plan = planTransfer(mapped);
  const host = { ...call, services: call.services === to ? to : from };
  const spaces = { across: { from: from.space.name, to: to.space.name } };
  if ('selection' in plan) {
    // Checked now so a bad selection is refused (601) before a task exists.
    parseSelection(plan.selection, from.library);
    return submit(host, method, { form: 'selection', selection: plan.selection, to: plan.to, duplicate: p.duplicate, ...spaces });
  }
  if (p.async || plan.units.length > MAX_ACROSS) return submit(host, method, { form: 'units', ...spaces }, plan.units);
  const requests = plan.units.map((u) => ({ id: u.source, dest: u.dest ?? '', name: u.name ?? null, strategy: (u.duplicate ?? 'rename') as Strategy }));
  const results = await crossSpaces(call.services, call.user, fromName, toName, method === 'move', () => requests);
  const items = results.map((r) => ({ id: r.id, status: r.status, new_id: r.new_id, path: r.path ?? null, error: unitCode(r.id, r.reason) }));
  return { status: items.every((it) => it.status < 300) ? 200 : 207, items };
}

function transfer(method: 'move' | 'copy'): (call: TransferCall) => Promise<unknown> {
  return async (call: TransferCall): Promise<unknown> => {
    const here = call.services.space.name;
    const fromName = call.params.from_space ?? here;
    const toName = call.params.to_space ?? here;
    if (fromName !== toName) return across(call, method, fromName, toName);
    // Both sides in one other space: the call runs there, as if made at its path.
    if (fromName !== here) {
      const there = await call.services.spaces.resolve(fromName, call.user);
      return transfer(method)({
        ...call,
        services: there,
        user: call.user && actingIn(there.space.owner, call.user),
        params: { ...call.params, from_space: undefined, to_space: undefined },
      });
    }
    const plan = planTransfer(transferPsIds(call.services.library, call.params));
    if ('selection' in plan) {
      // Checked now so a bad selection is refused (601) before a task exists.
      parseSelection(plan.selection, call.services.library);
      return submit(call, method, { form: 'selection', selection: plan.selection, to: plan.to, duplicate: call.params.duplicate });
    }
    if (call.params.async || plan.units.length > SYNC_LIMIT) return submit(call, method, { form: 'units' }, plan.units);
    return runNow(call, method, plan.units);
  };
}

export const move = route('user', transferParams, transfer('move'));
export const copy = route('user', transferParams, transfer('copy'));
export const remove = route('user', deleteParams, removeNow);

async function removeNow(call: DeleteCall) {
  const { library } = call.services;
  const p = call.params;
  const plan = planDelete({
    async: p.async,
    ...(p.id && { id: psIds(library, p.id) }),
    // Whatever JSON came: planDelete passes it on and parseSelection refuses a non-list (601).
    ...(p.selection !== undefined && { selection: selectionPsIds(library, p.selection) as unknown[] }),
  });
  if ('selection' in plan) {
    parseSelection(plan.selection, library);
    return submit(call, 'delete', { form: 'selection', selection: plan.selection });
  }
  if (call.params.async || plan.units.length > SYNC_LIMIT) return submit(call, 'delete', { form: 'units' }, plan.units);
  const answer = await runNow(call, 'delete', plan.units);
  // Seed 003 answers the ids it deleted.
  return { ...answer, deleted: answer.items.filter((it) => it.status < 300).map((it) => it.id) };
}
