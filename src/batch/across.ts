import type { User } from '../auth/users.ts';
import type { Strategy } from '../ops/clash.ts';
import { transferAcross } from '../ops/cross-space.ts';
import type { ItemResult } from '../ops/results.ts';
import type { Services } from '../services.ts';
import { openSides, sideOf } from '../spaces/cross.ts';
import type { RunContext } from '../tasks/runner.ts';
import type { UnitResult, UnitRow } from '../tasks/store.ts';

/** The two spaces of a Batch task that crosses spaces (SPEC §18), by name. */
export interface AcrossSpec {
  from: string;
  to: string;
}

const toUnit = (r: ItemResult): UnitResult => ({ status: r.status, new_id: r.new_id, path: r.path ?? null, reason: r.reason });

/**
 * Runs a group of a crossing task's units (the TaskRunner's `run`, SPEC §12): both spaces are
 * opened (a personal library's recovery, which may finish units of this very task, runs as it
 * opens), then each unit crosses as in a call answered at once. `services` is the space holding
 * the task: a unit's result is recorded in the commit of that side's index, or, after a crash,
 * by recovery from the intent's receipt, so a resumed task never runs a finished unit again.
 */
export async function runAcross(services: Services, across: AcrossSpec, user: User, move: boolean, units: UnitRow[], ctx: RunContext): Promise<void> {
  const { from, to } = await openSides(services, user, across.from, across.to);
  const host = services === from ? 'from' : services === to ? 'to' : undefined;
  // `path`, on a unit not yet done: an album's target noted before it started, continued now.
  const requests = units.map((u) => ({ id: u.source, dest: u.dest ?? '', name: u.name, strategy: (u.duplicate ?? 'rename') as Strategy, resumed: u.path ?? undefined }));
  const seq = (i: number) => (units[i] as UnitRow).seq;
  await transferAcross(sideOf(from, user), sideOf(to, user), move, requests, {
    signal: ctx.signal,
    host,
    record: (i, r) => ctx.record(seq(i), toUnit(r)),
    receipt: host && ((i, r) => ({ host, task: ctx.task.id, seq: seq(i), result: toUnit(r) })),
    note: (i, path) => ctx.note(seq(i), path),
  });
}
