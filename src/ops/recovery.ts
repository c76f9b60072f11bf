import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parentPath } from '../library/ids.ts';
import { TaskStore } from '../tasks/store.ts';
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
function inspect(engine: Engine, row: JournalRow): Verdict {
  const { disk } = engine;
  const has = (p: string) => existsSync(p);
  const src = row.kind === 'restore' ? disk.trashAbs(row.src) : disk.abs(row.src);
  switch (row.kind) {
    case 'item-move':
    case 'restore': {
      const dst = disk.abs(row.dst);
      if (row.kind === 'restore') dropPartialSync(dst);
      if (row.trash) {
        dropPartialSync(disk.trashAbs(row.trash));
        const old = disk.trashAbs(row.trash);
        if (has(src) && !has(dst) && has(old)) {
          moveAcrossSync(src, dst);
          return { done: true, trashed: false };
        }
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
export function recover(engine: Engine): { redone: number; undone: number } {
  const { db, config } = engine.lib;
  const rows = db.prepare<[], JournalRow>('SELECT * FROM journal ORDER BY id').all();
  let tasks: TaskStore | undefined;
  let redone = 0;
  let undone = 0;
  const unjournal = db.prepare('DELETE FROM journal WHERE id = ?');
  for (const row of rows) {
    const verdict = inspect(engine, row);
    const data = row.data ? (JSON.parse(row.data) as Pick<Unit, 'entry' | 'task'>) : {};
    const unit: Unit = { kind: row.kind, src: row.src, dst: row.dst, trash: row.trash, entry: data.entry ?? null };
    db.transaction(() => {
      if (verdict.done) {
        engine.changes.apply(unit, verdict.trashed);
        // A task's unit done on disk is done for the task too, or its resume would run it again.
        if (data.task) (tasks ??= new TaskStore(db)).finishUnit(data.task.id, data.task.seq, data.task.result, config.now());
      } else indexCreatedParents(engine, row);
      unjournal.run(row.id);
    })();
    if (verdict.done) redone++;
    else undone++;
  }
  if (rows.length > 0) config.log({ level: 'info', msg: 'journal recovered', redone, undone });
  const known = engine.trash.storedNames();
  for (const name of readdirSync(engine.trash.dir)) {
    if (!known.has(name)) rmSync(path.join(engine.trash.dir, name), { recursive: true, force: true });
  }
  return { redone, undone };
}
