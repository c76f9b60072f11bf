import { BATCH_API } from '../batch/kinds.ts';
import type { BatchSpec } from '../batch/kinds.ts';
import { executeUnits } from '../batch/execute.ts';
import type { BatchMethod } from '../batch/execute.ts';
import { SYNC_LIMIT, planDelete, planTransfer } from '../batch/plan.ts';
import type { DeleteParams, TransferParams } from '../batch/plan.ts';
import { parseSelection } from '../batch/selection.ts';
import type { Reason } from '../errors.ts';
import type { Strategy } from '../ops/clash.ts';
import { MAX_ACROSS, crossSpaces, openSides } from '../spaces/cross.ts';
import { actingIn } from '../auth/space-owner.ts';
import { isAlbumId } from '../library/ids.ts';
import type { Library } from '../library/library.ts';
import { psId, psIds, selectionPsIds } from '../library/uids.ts';
import type { Call, Handlers } from '../services.ts';
import type { UnitResult, UnitSpec } from '../tasks/store.ts';
import { Code } from '../codes.ts';
import { codeFor, withCodes } from './reasons.ts';
import type { CodeTable } from './reasons.ts';

/** Batch's codes for a refused request (SPEC §12). */
const codes: CodeTable = {
  'bad-input': Code.BatchBadParams,
  'bad-selection': Code.BatchSelectionError,
  'queue-full': Code.BatchQueueFull,
  'too-many': Code.BatchTooManyItems,
  // `from_space`/`to_space` naming a space that is not served (SPEC §18).
  'not-found': Code.BatchBadParams,
};

/** A unit's codes speak the language of its source: Photo's for an item, Album's for an album (SPEC §12). */
const itemCodes: CodeTable = {
  'not-found': Code.PhotoBadParams,
  'bad-destination': Code.PhotoBadParams,
  'no-access': Code.PhotoAccessDeny,
  'no-upload': Code.PhotoAccessDeny,
  'no-manage': Code.PhotoAccessDeny,
  conflict: Code.AlbumSelectConflict,
  exists: Code.BatchConflict,
  // A source that cannot cross spaces (an album) or an id that does not decode there.
  'bad-input': Code.PhotoBadParams,
};
const albumCodes: CodeTable = {
  ...itemCodes,
  'not-found': Code.BadRequest,
  'bad-input': Code.BadRequest,
  'no-access': Code.AlbumNoManageRight,
  'no-upload': Code.AlbumNoManageRight,
  'no-manage': Code.AlbumNoManageRight,
};

/** A unit's `error` on the wire; a number was stored as a code before reasons existed. */
export function unitCode(source: string, error: Reason | number | null | undefined): number | null {
  if (error === null || error === undefined) return null;
  if (typeof error === 'number') return error;
  return codeFor(isAlbumId(source) ? albumCodes : itemCodes, error);
}

const CHUNK = 2000;

function* chunks(units: UnitSpec[]): Iterable<UnitSpec[]> {
  for (let i = 0; i < units.length; i += CHUNK) yield units.slice(i, i + CHUNK);
}

/** Runs a small batch within the request: `{status, items}`, one entry per source in order. */
async function runNow(call: Call<unknown>, method: BatchMethod, units: UnitSpec[]) {
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

async function submit(call: Call<unknown>, method: BatchMethod, spec: BatchSpec, units?: UnitSpec[]) {
  // A task queued with an app token runs within its abilities, and stops if it is revoked.
  const token = call.user?.token;
  const limited: BatchSpec = token ? { ...spec, token: { jti: token.jti, abilities: token.abilities } } : spec;
  const task = await call.services.tasks.runner.submit(BATCH_API, method, call.user?.id ?? null, limited, units && chunks(units));
  return { taskid: task.taskid };
}

/** The request with stable uids (SPEC §17) replaced by path ids, which is all the planners know. */
function transferPsIds(library: Library, p: TransferParams): TransferParams {
  const out = { ...p };
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
async function across(call: Call<TransferParams>, method: 'move' | 'copy', fromName: string, toName: string) {
  const p = call.params;
  const { from, to } = await openSides(call.services, call.user, fromName, toName);
  const mapped: TransferParams = { ...p };
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

function transfer(method: 'move' | 'copy'): (call: Call<TransferParams>) => Promise<unknown> {
  return (call: Call<TransferParams>): Promise<unknown> =>
    withCodes(codes, async () => {
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
    });
}

function remove(call: Call<DeleteParams>) {
  return withCodes(codes, () => removeNow(call));
}

async function removeNow(call: Call<DeleteParams>) {
  const { library } = call.services;
  const p = call.params;
  const plan = planDelete({ ...p, ...(p.id && { id: psIds(library, p.id) }), ...(p.selection && { selection: selectionPsIds(library, p.selection) as unknown[] }) });
  if ('selection' in plan) {
    parseSelection(plan.selection, library);
    return submit(call, 'delete', { form: 'selection', selection: plan.selection });
  }
  if (call.params.async || plan.units.length > SYNC_LIMIT) return submit(call, 'delete', { form: 'units' }, plan.units);
  const answer = await runNow(call, 'delete', plan.units);
  // Seed 003 answers the ids it deleted.
  return { ...answer, deleted: answer.items.filter((it) => it.status < 300).map((it) => it.id) };
}

export const handlers = { move: transfer('move'), copy: transfer('copy'), delete: remove } satisfies Handlers;
