import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { linkOnTheWay } from '../library/disk.ts';
import { parentPath } from '../library/ids.ts';
import type { Engine } from './engine.ts';
import { dropPartialSync, moveAcrossSync } from './fsmove.ts';
import { tmpName } from './unit.ts';
import type { JournalRow, Unit } from './unit.ts';

type Verdict = { done: false } | { done: true; trashed: boolean };

/**
 * Decides from the disk whether an interrupted unit happened, finishing the few two-step states
 * (an overwrite whose old file is in the trash but whose new one is not in place yet) forward.
 * The index still shows the state before the unit: its change and the journal row's deletion
 * commit together.
 */
/** Whether anything is at `p`; a link there counts as itself, never as its target. */
const has = (p: string) => lstatSync(p, { throwIfNoEntry: false }) !== undefined;

function inspect(engine: Engine, row: JournalRow): Verdict {
  const { disk } = engine;
  const src = row.kind === 'restore' ? disk.trashAbs(row.src) : disk.abs(row.src);
  switch (row.kind) {
    case 'item-move':
    case 'restore': {
      const dst = disk.abs(row.dst);
      if (row.kind === 'restore') dropPartialSync(dst);
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
    case 'item-copy': {
      const dst = disk.abs(row.dst);
      const tmp = path.join(path.dirname(dst), tmpName(row.id));
      const old = row.trash ? disk.trashAbs(row.trash) : undefined;
      if (old) dropPartialSync(old);
      if (has(tmp)) {
        // The copy is complete once the old file has left for the trash (it moved after the copy).
        if (old && has(old) && !has(dst)) {
          moveAcrossSync(tmp, dst);
          return { done: true, trashed: false };
        }
        rmSync(tmp, { force: true });
        return { done: false };
      }
      if (!has(dst)) return { done: false };
      return old === undefined || has(old) ? { done: true, trashed: false } : { done: false };
    }
    case 'item-trash':
    case 'album-trash':
    case 'album-drop': {
      const stored = disk.trashAbs(row.dst);
      dropPartialSync(stored);
      if (has(stored)) {
        // A cross-device move may have stopped while removing the source; the trash copy is complete.
        if (has(src)) rmSync(src, { recursive: true, force: true });
        return { done: true, trashed: true };
      }
      if (row.kind === 'album-drop' && !has(src)) return { done: true, trashed: false };
      return { done: false };
    }
    case 'album-move':
      return !has(src) && has(disk.abs(row.dst)) ? { done: true, trashed: false } : { done: false };
  }
}

/** The paths under the photo root that the unit's disk steps reach (the others are trash names). */
function rootPaths(row: JournalRow): string[] {
  switch (row.kind) {
    case 'item-move':
    case 'item-copy':
    case 'album-move':
      return [row.src, row.dst];
    case 'item-trash':
    case 'album-trash':
    case 'album-drop':
      return [row.src];
    case 'restore':
      return [row.dst];
  }
}

/**
 * The first of the unit's photo-root paths with a symlink on the way (`checkWaySync`, the rule
 * of every engine disk step), or undefined. A link may have been planted between the crash and
 * this start; a redo through it would write, move or delete outside the root.
 */
function firstLinkedPath(engine: Engine, row: JournalRow): string | undefined {
  const root = engine.lib.config.photoRoot;
  return rootPaths(row).find((rel) => linkOnTheWay(root, rel));
}

/**
 * A unit refused because of a link on the way: no disk step under the photo root. What the unit
 * already put in the trash is kept, since the orphan sweep would otherwise delete it:
 * - a trashing unit whose contents reached the trash is applied (its entry made, its rows gone);
 *   a source left behind by a cross-device move is not removed (that would go through the link),
 *   so the scan indexes it again: a duplicate at worst, never a loss;
 * - the file an overwrite displaced gets its trash entry (reason `overwrite`), restorable.
 * Anything else stays where it is on disk; the start-up scan that follows recovery makes the
 * index equal the disk inside the root (it never follows a link). Answers whether the unit was
 * applied.
 */
function refuse(engine: Engine, row: JournalRow, unit: Unit, receipt: unknown): boolean {
  const { disk } = engine;
  switch (row.kind) {
    case 'item-trash':
    case 'album-trash':
    case 'album-drop': {
      const stored = disk.trashAbs(row.dst);
      dropPartialSync(stored);
      if (!has(stored)) return false;
      engine.changes.apply(unit, true);
      if (receipt !== undefined) engine.onRecovered?.(receipt);
      return true;
    }
    case 'restore':
      // The entry stays; if its contents already left the trash, the entry goes (the scan finds them).
      if (!has(disk.trashAbs(row.src)) && unit.entry != null) engine.trash.remove(unit.entry);
      keepDisplaced(engine, row);
      return false;
    case 'item-move':
    case 'item-copy':
      keepDisplaced(engine, row);
      return false;
    case 'album-move':
      return false;
  }
}

/** The file an overwrite had already sent to the trash gets its entry. */
function keepDisplaced(engine: Engine, row: JournalRow): void {
  if (!row.trash) return;
  const old = engine.disk.trashAbs(row.trash);
  dropPartialSync(old);
  if (has(old)) engine.changes.keepDisplaced(row.dst, row.trash);
}

/** Folders a restore created before it was interrupted get their album rows, so the index equals the disk. */
function indexCreatedParents(engine: Engine, row: JournalRow): void {
  if (row.kind !== 'restore') return;
  const segments = parentPath(row.dst).split('/').filter((s) => s !== '');
  let p = '';
  for (const s of segments) {
    p = p === '' ? s : `${p}/${s}`;
    if (!existsSync(engine.disk.abs(p))) return;
    engine.changes.ensureAlbum(p);
  }
}

/**
 * Start-up recovery (before serving): finishes or undoes every unit the journal still holds, then
 * removes trash contents no entry names (left by a crash during a purge).
 */
export function recover(engine: Engine): { redone: number; undone: number; refused: number } {
  const { db, config } = engine.lib;
  const rows = db.prepare<[], JournalRow>('SELECT * FROM journal ORDER BY id').all();
  let redone = 0;
  let undone = 0;
  let refused = 0;
  const unjournal = db.prepare('DELETE FROM journal WHERE id = ?');
  for (const row of rows) {
    const data = row.data ? (JSON.parse(row.data) as { entry?: number | null; receipt?: unknown }) : {};
    const unit: Unit = { kind: row.kind, src: row.src, dst: row.dst, trash: row.trash, entry: data.entry ?? null };
    const link = firstLinkedPath(engine, row);
    if (link !== undefined) {
      const applied = db.transaction(() => {
        const done = refuse(engine, row, unit, data.receipt);
        unjournal.run(row.id);
        return done;
      })();
      config.log({ level: 'warn', msg: 'recovery refused a unit: a symlink is on the way', kind: row.kind, path: link, applied });
      refused++;
      continue;
    }
    const verdict = inspect(engine, row);
    db.transaction(() => {
      if (verdict.done) {
        engine.changes.apply(unit, verdict.trashed);
        if (data.receipt !== undefined) engine.onRecovered?.(data.receipt);
      } else indexCreatedParents(engine, row);
      unjournal.run(row.id);
    })();
    if (verdict.done) redone++;
    else undone++;
  }
  if (rows.length > 0) config.log({ level: 'info', msg: 'journal recovered', redone, undone, refused });
  const known = engine.trash.storedNames();
  for (const name of readdirSync(engine.trash.dir)) {
    if (!known.has(name)) rmSync(path.join(engine.trash.dir, name), { recursive: true, force: true });
  }
  return { redone, undone, refused };
}
