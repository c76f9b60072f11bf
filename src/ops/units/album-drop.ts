import { rmdir } from '../../runtime/fsx.ts';
import { albumId } from '../../library/ids.ts';
import { moveAcross } from '../fsmove.ts';
import type { UnitSpec } from './spec.ts';
import { has, inspectTrashing, refuseTrashing } from './support.ts';

/**
 * The emptied source of a merge: removed, or, when files that are not items are left in it
 * (sidecars, hidden files), moved to the trash as `dst` with them (reason `overwrite`).
 */
export const albumDrop: UnitSpec = {
  rootPaths: (u) => [u.src],
  async disk(steps, u) {
    const src = steps.abs(u.src);
    try {
      await rmdir(src);
      return false;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Files that are not items (sidecars, hidden files) stay recoverable.
      await moveAcross(src, steps.trashAbs(u.dst));
      return true;
    }
  },
  changesAlbums: true,
  index(changes, u, trashed, now) {
    const album = changes.lib.albums.byPath(u.src);
    if (!album) return;
    if (trashed) changes.trash.add('album', u.src, u.dst, 'overwrite', now, changes.albumMeta(album));
    changes.lib.albums.deleteSubtree(album);
  },
  announce(feed, u) {
    feed.record('DELETE', 'album', albumId(u.src));
  },
  inspect: (engine, row) => inspectTrashing(engine, row, () => (has(engine.disk.abs(row.src)) ? { done: false } : { done: true, trashed: false })),
  refuse: refuseTrashing,
};
