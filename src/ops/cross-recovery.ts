import { linkOnTheWay } from '../library/disk.ts';
import { recoverAlbumMove } from './cross-album.ts';
import { ACROSS_KINDS, applySource, applyTarget, inspect, receiptWriter } from './cross-unit.ts';
import type { AcrossData } from './cross-unit.ts';
import type { Engine } from './engine.ts';
import type { JournalRow } from './unit.ts';

/**
 * Start-up recovery of the crossing units a space's journal still holds, before its start-up
 * scan. `other(name)` lends the engine of the space named in the intent (open, or opened for the
 * occasion) and takes it back; a space that no longer exists leaves the unit undone.
 */
export function recoverAcross(engine: Engine, other: (name: string) => { engine: Engine; release(): void } | undefined): { redone: number; undone: number } {
  const { lib } = engine;
  let redone = 0;
  let undone = 0;
  const rows = (lib.db.prepare('SELECT * FROM journal ORDER BY id').all() as JournalRow[]).filter((r) => ACROSS_KINDS.has(r.kind));
  for (const row of rows) {
    const data = JSON.parse(row.data ?? '{}') as AcrossData;
    const move = (row.kind as string) === 'space-move';
    const target = other(data.space);
    const drop = () => lib.db.prepare('DELETE FROM journal WHERE id = ?').run(row.id);
    if (!target) {
      lib.config.log({ level: 'warn', msg: 'recovery: the space of a crossing unit is gone', space: data.space });
      drop();
      undone++;
      continue;
    }
    try {
      if (linkOnTheWay(lib.config.photoRoot, row.src) || linkOnTheWay(target.engine.lib.config.photoRoot, row.dst)) {
        lib.config.log({ level: 'warn', msg: 'recovery refused a crossing unit: a symlink is on the way', kind: row.kind });
        drop();
        undone++;
        continue;
      }
      if ((row.kind as string) === 'space-album-move') {
        const finished = recoverAlbumMove(engine, target.engine, row, data, (host) => receiptWriter(host === 'to' ? target.engine : engine, data.receipt));
        if (finished) redone++;
        else undone++;
      } else if (inspect(engine, target.engine, row, data, move)) {
        const host = data.receipt?.host;
        applyTarget(target.engine, row.dst, data, host === 'to' ? receiptWriter(target.engine, data.receipt) : undefined);
        applySource(engine, move, row.src, row.dst, data.space, row.id, host === 'from' ? receiptWriter(engine, data.receipt) : undefined);
        redone++;
      } else {
        drop();
        undone++;
      }
    } finally {
      target.release();
    }
  }
  if (rows.length > 0) lib.config.log({ level: 'info', msg: 'crossing units recovered', redone, undone });
  return { redone, undone };
}
