import { lstatSync } from 'node:fs';
import { rmSync } from '../../runtime/fsx.ts';
import path from 'node:path';
import { baseName, itemId, parentPath } from '../../library/ids.ts';
import { kindOf } from '../../library/media.ts';
import { dropPartialSync } from '../fsmove.ts';
import type { JournalRow, Unit } from '../unit.ts';
import type { UnitEngine, Verdict } from './spec.ts';

/** Whether anything is at `p`; a link there counts as itself, never as its target. */
export const has = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;

/**
 * Whether anything is at `p`, checked right before the rename that would replace it. Synchronous
 * on purpose: a lookup that finds nothing costs a few microseconds in the kernel, far less than a
 * thread-pool round trip and an ENOENT error object; a batch of 200 blocks for about a millisecond.
 */
export async function exists(p: string): Promise<boolean> {
  return has(p);
}

export function clash(p: string): Error {
  return Object.assign(new Error(`Destination exists: ${path.basename(p)}`), { code: 'EEXIST' });
}

/** The id and kind of the item at `rel`, for the change feed. */
export function itemAt(rel: string): { kind: 'photo' | 'video'; id: string } {
  const kind = kindOf(baseName(rel)) ?? 'photo';
  return { kind, id: itemId(parentPath(rel), baseName(rel), kind) };
}

/** The file an overwrite had already sent to the trash gets its entry (recovery of a refused unit). */
export function keepDisplaced(engine: UnitEngine, row: JournalRow): void {
  if (!row.trash) return;
  const old = engine.disk.trashAbs(row.trash);
  dropPartialSync(old);
  if (has(old)) engine.changes.keepDisplaced(row.dst, row.trash);
}

/** Recovery of a unit that moves its source into the trash under `row.dst`: done once it is there. */
export function inspectTrashing(engine: UnitEngine, row: JournalRow, gone: () => Verdict): Verdict {
  const { disk } = engine;
  const stored = disk.trashAbs(row.dst);
  dropPartialSync(stored);
  if (has(stored)) {
    // A cross-device move may have stopped while removing the source; the trash copy is complete.
    if (has(disk.abs(row.src))) rmSync(disk.abs(row.src), { recursive: true, force: true });
    return { done: true, trashed: true };
  }
  return gone();
}

/**
 * A trashing unit refused because of a link on the way: applied if its contents reached the trash
 * (its entry made, its rows gone); a source left behind by a cross-device move is not removed
 * (that would go through the link), so the scan indexes it again: a duplicate at worst, never a loss.
 */
export function refuseTrashing(engine: UnitEngine, row: JournalRow, unit: Unit, receipt: unknown): boolean {
  const stored = engine.disk.trashAbs(row.dst);
  dropPartialSync(stored);
  if (!has(stored)) return false;
  engine.changes.apply(unit, true);
  if (receipt !== undefined) engine.onRecovered?.(receipt);
  return true;
}
