import { lstat } from 'node:fs/promises';
import { rename, renameSync } from '../../runtime/fsx.ts';
import { baseName, parentPath } from '../../library/ids.ts';
import { moveAcrossSync, dropPartialSync } from '../fsmove.ts';
import type { JournalRow } from '../unit.ts';
import type { UnitEngine, UnitSpec, Verdict } from './spec.ts';
import { clash, exists, has, itemAt, keepDisplaced } from './support.ts';

/** An item moved to another album or name; with `trash`, the file there goes to the trash first (overwrite). */
export const itemMove: UnitSpec = {
  rootPaths: (u) => [u.src, u.dst],
  async disk(steps, u) {
    const src = steps.abs(u.src);
    const dst = steps.abs(u.dst);
    // A symlink planted in the library is moved as a link, never followed.
    if (!u.trash) {
      if (await exists(dst)) throw clash(u.dst);
      await rename(src, dst);
      return false;
    }
    await lstat(src); // a missing source fails the unit before anything is displaced
    await steps.replace(u, () => rename(src, dst));
    return false;
  },
  diskSync(steps, u) {
    if (u.trash) return undefined;
    const dst = steps.abs(u.dst);
    if (has(dst)) throw clash(u.dst);
    renameSync(steps.abs(u.src), dst);
    return false;
  },
  changesAlbums: false,
  index(changes, u, _trashed, now) {
    const dstAlbum = changes.ensureAlbum(parentPath(u.dst));
    const name = baseName(u.dst);
    if (u.trash) changes.trashItem(u.dst, u.trash, 'overwrite', now);
    if (u.row !== undefined && changes.moveKnown(u.row, u.src, dstAlbum, name)) return;
    const source = changes.item(u.src);
    if (source) changes.moveItem(source.id, dstAlbum, name);
    else changes.insertItem(dstAlbum, name, undefined, now);
  },
  announce(feed, u) {
    const from = itemAt(u.src);
    const to = itemAt(u.dst);
    feed.record('MOVE', to.kind, to.id, { from: from.id, to: to.id });
  },
  inspect: (engine, row) => inspectMove(engine, row, engine.disk.abs(row.src)),
  refuse(engine, row) {
    keepDisplaced(engine, row);
    return false;
  },
};

/** Recovery of a move from `src` (absolute: a restore moves out of the trash) to `row.dst`. */
export function inspectMove(engine: UnitEngine, row: JournalRow, src: string): Verdict {
  const { disk } = engine;
  const dst = disk.abs(row.dst);
  if (!row.trash) return !has(src) && has(dst) ? { done: true, trashed: false } : { done: false };
  // An overwrite: the file at `dst` leaves for the trash (under this unit's own name) before
  // the source comes. Without it there, the unit never got that far, whatever else the disk
  // shows: a unit whose source had gone (moved away by an earlier unit of the same Batch
  // task, issue #11) failed with the old file still at `dst`, which is not "moved".
  const old = disk.trashAbs(row.trash);
  dropPartialSync(old);
  if (!has(old)) return { done: false };
  if (has(src) && !has(dst)) {
    moveAcrossSync(src, dst);
    return { done: true, trashed: false };
  }
  if (!has(src) && !has(dst)) {
    // The source went between its check and its rename, and the crash came before the old
    // file was put back: put it back (the orphan sweep would delete it), the unit did not happen.
    moveAcrossSync(old, dst);
    return { done: false };
  }
  return !has(src) && has(dst) ? { done: true, trashed: false } : { done: false };
}
