import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { linkOnTheWay } from '../library/disk.ts';
import type { Engine } from './engine.ts';
import type { JournalRow, Unit } from './unit.ts';
import { UNITS } from './units/index.ts';
import { ACROSS_KINDS, CROSSING_TRASH } from './cross-unit.ts';

/**
 * The first of the unit's photo-root paths with a symlink on the way (`checkWaySync`, the rule
 * of every engine disk step), or undefined. A link may have been planted between the crash and
 * this start; a redo through it would write, move or delete outside the root.
 */
function firstLinkedPath(engine: Engine, row: JournalRow): string | undefined {
  const root = engine.lib.config.photoRoot;
  return UNITS[row.kind].rootPaths(row).find((rel) => linkOnTheWay(root, rel));
}

/**
 * Start-up recovery (before serving): finishes or undoes every unit the journal still holds, then
 * removes trash contents no entry names (left by a crash during a purge), but for a file an
 * overwrite from another space displaced, whose recovery is that space's (cross-unit.ts).
 */
export function recover(engine: Engine): { redone: number; undone: number; refused: number } {
  const { db, config } = engine.lib;
  // Units crossing into another space are recovered with both spaces at hand (cross-recovery.ts, src/spaces/).
  const rows = engine.journal.all().filter((r) => !ACROSS_KINDS.has(r.kind));
  let redone = 0;
  let undone = 0;
  let refused = 0;
  for (const row of rows) {
    // The journal's `kind` has no CHECK (migration 092): a kind this code does not declare is an
    // intent of another version, which only that version can judge. Refuse to start over it.
    if (!Object.hasOwn(UNITS, row.kind))
      throw new Error(`The journal holds a unit of kind \`${row.kind}\` that this server does not know; start the version that wrote it to finish it`);
    const data = row.data ? (JSON.parse(row.data) as { entry?: number | null; receipt?: unknown }) : {};
    const unit: Unit = { kind: row.kind, src: row.src, dst: row.dst, trash: row.trash, entry: data.entry ?? null };
    const link = firstLinkedPath(engine, row);
    if (link !== undefined) {
      const applied = db.transaction(() => {
        // No disk step under the photo root; what the unit already put in the trash is kept (the
        // orphan sweep would otherwise delete it). Anything else stays where it is on disk; the
        // start-up scan that follows makes the index equal the disk inside the root.
        const done = UNITS[row.kind].refuse(engine, row, unit, data.receipt);
        engine.journal.remove(row.id);
        return done;
      })();
      config.log({ level: 'warn', msg: 'recovery refused a unit: a symlink is on the way', kind: row.kind, path: link, applied });
      refused++;
      continue;
    }
    const spec = UNITS[row.kind];
    const verdict = spec.inspect(engine, row);
    try {
      // What inspect finished or put back is flushed before the commit that forgets the intent.
      engine.disk.flushUnitSync(row);
    } catch (error) {
      config.log({ level: 'error', msg: 'recovery could not flush a folder; a power cut may undo what it finished', kind: row.kind, error: String(error) });
    }
    db.transaction(() => {
      if (verdict.done) {
        engine.changes.apply(unit, verdict.trashed);
        if (data.receipt !== undefined) engine.onRecovered?.(data.receipt);
      } else spec.undone?.(engine, row);
      engine.journal.remove(row.id);
    })();
    if (verdict.done) redone++;
    else undone++;
  }
  if (rows.length > 0) config.log({ level: 'info', msg: 'journal recovered', redone, undone, refused });
  const known = engine.trash.storedNames();
  for (const name of readdirSync(engine.trash.dir)) {
    if (!known.has(name) && !name.startsWith(CROSSING_TRASH)) rmSync(path.join(engine.trash.dir, name), { recursive: true, force: true });
  }
  return { redone, undone, refused };
}
