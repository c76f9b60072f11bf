import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { mkdir, rmdir } from '../../runtime/fsx.ts';
import path from 'node:path';
import { albumId, baseName, parentPath } from '../../library/ids.ts';
import { kindOf } from '../../library/media.ts';
import { dropPartialSync, moveAcross } from '../fsmove.ts';
import type { AlbumMeta, ItemMeta } from '../trash-store.ts';
import { inspectMove } from './item-move.ts';
import type { UnitSpec } from './spec.ts';
import { clash, exists, has, itemAt, keepDisplaced } from './support.ts';

/**
 * A trash entry put back: `src` is its stored name in the trash, `entry` its id; missing parent
 * folders are made; with `trash`, the file there goes to the trash first (overwrite).
 */
export const restore: UnitSpec = {
  rootPaths: (u) => [u.dst],
  async disk(steps, u) {
    const src = steps.trashAbs(u.src);
    const dst = steps.abs(u.dst);
    const created = await mkdir(path.dirname(dst), { recursive: true });
    // Folders made for it: each one's entry in its parent is flushed with the batch.
    for (let d = path.dirname(dst); created !== undefined && d.length >= created.length; d = path.dirname(d)) steps.touched(path.dirname(d));
    try {
      await stat(src);
      if (u.trash) await steps.replace(u, () => moveAcross(src, dst));
      else if (await exists(dst)) throw clash(u.dst);
      else await moveAcross(src, dst);
    } catch (err) {
      // Not at all: the folders made for it go again (they have no album rows; a failed unit changes no row).
      if (created !== undefined) for (let d = path.dirname(dst); d.length >= created.length; d = path.dirname(d)) await rmdir(d).catch(() => {});
      throw err;
    }
    return false;
  },
  changesAlbums: true,
  index(changes, u, _trashed, now) {
    const entry = u.entry == null ? undefined : changes.trash.byId(u.entry);
    if (u.trash) changes.trashItem(u.dst, u.trash, 'overwrite', now);
    if (entry?.type === 'album') changes.restoreAlbum(u.dst, JSON.parse(entry.meta) as AlbumMeta, now);
    else {
      const meta = entry && (JSON.parse(entry.meta) as ItemMeta);
      const row = changes.insertItem(changes.ensureAlbum(parentPath(u.dst)), baseName(u.dst), meta?.item ?? undefined, now);
      if (row !== undefined) changes.lib.extras.restore(row, meta?.extras, now);
    }
    if (entry) changes.trash.remove(entry.id);
  },
  announce(feed, u) {
    if (kindOf(baseName(u.dst))) feed.record('CREATE', itemAt(u.dst).kind, itemAt(u.dst).id, { restored: true });
    else feed.record('CREATE', 'album', albumId(u.dst), { restored: true });
  },
  inspect(engine, row) {
    dropPartialSync(engine.disk.abs(row.dst));
    // From here on a restore is judged as a move out of the trash.
    return inspectMove(engine, row, engine.disk.trashAbs(row.src));
  },
  refuse(engine, row, unit) {
    // The entry stays; if its contents already left the trash, the entry goes (the scan finds them).
    if (!has(engine.disk.trashAbs(row.src)) && unit.entry != null) engine.trash.remove(unit.entry);
    keepDisplaced(engine, row);
    return false;
  },
  undone(engine, row) {
    // Folders a restore created before it was interrupted get their album rows, so the index equals the disk.
    const segments = parentPath(row.dst)
      .split('/')
      .filter((s) => s !== '');
    let p = '';
    for (const s of segments) {
      p = p === '' ? s : `${p}/${s}`;
      if (!existsSync(engine.disk.abs(p))) return;
      engine.changes.ensureAlbum(p);
    }
  },
};
